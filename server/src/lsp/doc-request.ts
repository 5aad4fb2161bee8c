// The request wrapper for features whose parameters are more than a position (rename, formatting, code actions, …).

import type { CancellationToken, Position, TextDocumentIdentifier } from 'vscode-languageserver/node';
import { guard, type RequestContext, type Services } from './request.ts';

/** Any request about one document, with or without a cursor. */
export interface DocParams {
  readonly textDocument: TextDocumentIdentifier;
  readonly position?: Position;
}

/**
 * Like `handler` in request.ts (document lookup, cancellation, analysis, errors logged) but the feature also gets the
 * request's own parameters. `offset` is the cursor when the request has a position, else 0. A feature may answer
 * with a promise (a setting read from the client first): a rejection is logged and answered like a throw, with `empty`
 * (null, or the empty answer of a request that may not answer null, such as semantic tokens).
 */
export function docHandler<P extends DocParams, R, E extends R | null = null>(
  svc: Services,
  name: string,
  run: (ctx: RequestContext, params: P) => R | undefined | Promise<R | undefined>,
  empty: E = null as E,
) {
  return (params: P, token?: CancellationToken): R | E | Promise<R | E> =>
    guard<R | E | Promise<R | E>>(
      svc,
      name,
      () => {
        const doc = svc.documents.get(params.textDocument.uri);
        if (!doc || token?.isCancellationRequested) return empty;
        const lines = svc.analyses.lines(doc);
        const ctx: RequestContext = {
          doc,
          lines,
          analysis: svc.analyses.editor(doc),
          offset: params.position ? lines.offset(params.position) : 0,
          listDataFiles: () => svc.analyses.dataFiles(doc),
        };
        const out = run(ctx, params);
        if (!(out instanceof Promise)) return out ?? empty;
        return out.then(
          (r) => r ?? empty,
          (err: unknown) =>
            guard(
              svc,
              name,
              () => {
                throw err;
              },
              () => empty,
            ),
        );
      },
      () => empty,
    );
}
