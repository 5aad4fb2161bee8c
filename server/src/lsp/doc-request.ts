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
 * with a promise (a setting read from the client first): a rejection is logged and answered with null, as a throw is.
 */
export function docHandler<P extends DocParams, R>(svc: Services, name: string, run: (ctx: RequestContext, params: P) => R | undefined | Promise<R | undefined>) {
  return (params: P, token?: CancellationToken): R | null | Promise<R | null> =>
    guard<R | null | Promise<R | null>>(svc, name, () => {
      const doc = svc.documents.get(params.textDocument.uri);
      if (!doc || token?.isCancellationRequested) return null;
      const lines = svc.analyses.lines(doc);
      const ctx: RequestContext = {
        doc, lines, analysis: svc.analyses.full(doc), offset: params.position ? lines.offset(params.position) : 0,
        listDataFiles: () => svc.analyses.dataFiles(doc),
      };
      const out = run(ctx, params);
      if (!(out instanceof Promise)) return out ?? null;
      return out.then((r) => r ?? null, (err: unknown) => guard(svc, name, () => { throw err; }, () => null));
    }, () => null);
}
