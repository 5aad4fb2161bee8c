// The custom `mle/fit` request: the data worker analyses the document with its data and fits it with the same code as `mle fit`.

import { readFileSync } from 'node:fs';
import { RequestType } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FitRequest, type FitRequestParams, type FitResponse } from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import { guard, type Services } from './request.ts';

export const FitRequestType = new RequestType<FitRequestParams, FitResponse, void>(FitRequest);

/** A response the client can always show: the fit command reads `ok`, so never answer null. */
const failure = (message: string): FitResponse => ({ ok: false, diagnostics: [], message });

/**
 * The request handler. An open document is fitted as the editor has it (unsaved edits included); a model that is
 * not open is read from disk, so the command also works from an explorer context menu.
 */
export function fitHandler(svc: Services) {
  return (params: FitRequestParams): Promise<FitResponse> =>
    guard(
      svc,
      'fit',
      () => {
        const modelPath = fsPathOf(params.uri);
        let doc = svc.documents.get(params.uri);
        const open = !!doc;
        if (!doc) {
          if (!modelPath)
            return Promise.resolve(failure(`The document ${params.uri} is not open in the language server.`));
          doc = TextDocument.create(params.uri, 'mle', 0, readFileSync(modelPath, 'utf8'));
        }
        // Off the main thread: completion and diagnostics keep answering during a long fit.
        const fitted = svc.analyses.fit(doc, modelPath ?? params.uri);
        // An unopened model must not stay in the cache: no close notification would ever remove it.
        if (!open) svc.analyses.drop(params.uri);
        return fitted.catch((e: unknown) => failure(`The fit failed: ${e instanceof Error ? e.message : String(e)}`));
      },
      (message) => Promise.resolve(failure(`The fit failed: ${message}`)),
    );
}
