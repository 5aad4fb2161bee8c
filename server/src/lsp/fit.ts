// The custom `mle/fit` request: the model is fitted in a thread of its own (stopped on $/cancelRequest), reporting progress.

import { LSPErrorCodes, RequestType, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { FitRequest, type FitRequestParams, type FitResponse } from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import { FitStopped } from './fit-runner.ts';
import { guard, type Services } from './request.ts';
import { modelDocument, progressNotifier } from './model-document.ts';

export const FitRequestType = new RequestType<FitRequestParams, FitResponse, void>(FitRequest);

/** A response the client can always show: the fit command reads `ok`, so never answer null. */
const failure = (message: string): FitResponse => ({ ok: false, diagnostics: [], message });

/**
 * The request handler. An open document is fitted as the editor has it (unsaved edits included); a model that is
 * not open is read from disk, so the command also works from an explorer context menu. A cancelled fit, or one a newer
 * fit of the same document replaced, answers with the RequestCancelled error.
 */
export function fitHandler(svc: Services) {
  return (params: FitRequestParams, token?: CancellationToken): Promise<FitResponse> =>
    guard(
      svc,
      'fit',
      () => {
        const t0 = performance.now();
        const modelPath = fsPathOf(params.uri);
        const model = modelDocument(svc, params.uri);
        if (!model) return Promise.resolve(failure(`The document ${params.uri} is not open in the language server.`));
        const { doc, open } = model;
        const report = progressNotifier(svc, params.uri, params.progressId, t0);
        report({ phase: 'preparing' });
        // Off the main thread: completion and diagnostics keep answering during a long fit.
        const fitted = svc.analyses.fit(doc, modelPath ?? params.uri, {
          signal: token,
          onProgress: report,
          defaults: params.defaults,
        });
        // An unopened model must not stay in the cache: no close notification would ever remove it.
        if (!open) svc.analyses.drop(params.uri);
        return fitted.catch((e: unknown) => {
          if (e instanceof FitStopped) throw new ResponseError(LSPErrorCodes.RequestCancelled, e.message);
          return failure(`The fit failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      },
      (message) => Promise.resolve(failure(`The fit failed: ${message}`)),
    );
}
