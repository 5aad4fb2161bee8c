// The `mle/history` request: each document's last fits, recorded as `mle/fit` requests succeed (in memory, bounded).

import type { CancellationToken } from 'vscode-languageserver/node';
import { FitHistory } from '../fit/fit-history.ts';
import type { FitRequestParams, FitResponse, HistoryRequestParams, HistoryResponse } from '../protocol.ts';
import type { Services } from './request.ts';

/** One history per server, keyed by its services (no field in the shared Services needed). */
const histories = new WeakMap<Services, FitHistory>();

function historyOf(svc: Services): FitHistory {
  let h = histories.get(svc);
  if (!h) histories.set(svc, (h = new FitHistory()));
  return h;
}

/** Wraps the `mle/fit` handler: a successful fit is appended to its document's history. */
export function recordHistory(
  svc: Services,
  fit: (params: FitRequestParams, token?: CancellationToken) => Promise<FitResponse>,
) {
  return async (params: FitRequestParams, token?: CancellationToken): Promise<FitResponse> => {
    const r = await fit(params, token);
    if (r.ok) historyOf(svc).record(params.uri, r.result);
    return r;
  };
}

export function historyHandler(svc: Services) {
  return (params: HistoryRequestParams): HistoryResponse => ({
    uri: params.uri,
    fits: historyOf(svc).list(params.uri),
  });
}
