// The `mle/compare` request: fits each model through the fit path (its threads and data access rules) and compares them.

import { basename } from 'node:path';
import { LSPErrorCodes, RequestType, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compareFits, dataMismatch, type CompareEntry, type DataIdentity } from '../fit/compare.ts';
import { CompareRequest, type CompareRequestParams, type CompareResponse } from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import { FitStopped } from './fit-runner.ts';
import { guard, type Services } from './request.ts';
import { modelDocument, progressNotifier } from './model-document.ts';

export const CompareRequestType = new RequestType<CompareRequestParams, CompareResponse, void>(CompareRequest);

const failure = (message: string, model?: string): CompareResponse => ({
  ok: false,
  message,
  diagnostics: [],
  ...(model ? { model } : {}),
});

/** The document as the editor has it (unsaved edits included), else as on disk; undefined when neither. */
function documentOf(svc: Services, uri: string): { doc: TextDocument; open: boolean } | undefined {
  try {
    return modelDocument(svc, uri);
  } catch {
    return undefined;
  }
}

/** Short names for the table: file names, or the full path where two models share a file name. */
function labels(uris: readonly string[]): string[] {
  const paths = uris.map((u) => fsPathOf(u) ?? u);
  const names = paths.map((p) => basename(p));
  return names.map((n, i) => (names.filter((m) => m === n).length > 1 ? paths[i] : n));
}

async function compare(svc: Services, params: CompareRequestParams, token?: CancellationToken) {
  const t0 = performance.now();
  const uris = [...new Set(params.uris)];
  if (uris.length < 2) return failure('Pick at least two models to compare.');
  const shown = labels(uris);
  const docs = uris.map((u) => documentOf(svc, u));
  const missing = docs.findIndex((d) => !d);
  if (missing >= 0) return failure(`${shown[missing]} could not be read.`, shown[missing]);
  try {
    // Side by side, one thread each; a cancel stops them all.
    const answers = await Promise.all(
      docs.map((d, i) =>
        svc.analyses.runTask(
          d!.doc,
          fsPathOf(uris[i]) ?? uris[i],
          { kind: 'fit', identity: true },
          {
            signal: token,
            onProgress: progressNotifier(svc, uris[i], params.progressId, t0),
          },
        ),
      ),
    );
    const entries: CompareEntry[] = [];
    const ids: DataIdentity[] = [];
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i];
      if (a.kind !== 'fit') return failure('internal: unexpected answer');
      if (!a.response.ok)
        return {
          ok: false,
          model: shown[i],
          message: `${shown[i]}: ${a.response.message}`,
          diagnostics: a.response.diagnostics,
        } as const;
      const fit = a.response.result;
      entries.push({ model: shown[i], fit, outcomes: a.identity?.outcomes ?? [] });
      ids.push({
        model: shown[i],
        file: fit.source?.data?.path ?? svc.analyses.dataPathOf(docs[i]!.doc) ?? '',
        shown: fit.data?.path ?? '',
        rows: a.identity?.rows ?? fit.data?.rows ?? 0,
        used: a.identity?.used,
      });
    }
    const mismatch = dataMismatch(ids);
    if (mismatch) return failure(mismatch);
    return { ok: true, result: compareFits(entries) } as const;
  } finally {
    // Unopened models must not stay in the cache: no close notification would ever remove them.
    for (const d of docs) if (d && !d.open) svc.analyses.drop(d.doc.uri);
  }
}

/** The request handler: a cancel answers RequestCancelled and stops every fit of the comparison. */
export function compareHandler(svc: Services) {
  return (params: CompareRequestParams, token?: CancellationToken): Promise<CompareResponse> =>
    guard(
      svc,
      'compare',
      () =>
        compare(svc, params, token).catch((e: unknown): CompareResponse => {
          if (e instanceof FitStopped) throw new ResponseError(LSPErrorCodes.RequestCancelled, e.message);
          return failure(`The comparison failed: ${e instanceof Error ? e.message : String(e)}`);
        }),
      (message) => Promise.resolve(failure(`The comparison failed: ${message}`)),
    );
}
