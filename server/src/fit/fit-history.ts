// A bounded per-document history of fits (newest last): time, logLik, AIC, k, converged, estimate changes since the previous fit.

import { HISTORY_LIMIT, type FitHistoryEntry, type FitJson } from '../protocol.ts';

const estimateOf = (fit: FitJson): Map<string, number | null> =>
  new Map(fit.parameters.filter((p) => !p.fixed).map((p) => [p.name, p.estimate]));

/** One history row: every free parameter's estimate and its change since `previous` (null when new or not estimated). */
export function historyEntry(fit: FitJson, previous: FitJson | undefined, time: number): FitHistoryEntry {
  const before = previous ? estimateOf(previous) : new Map<string, number | null>();
  const now = estimateOf(fit);
  return {
    time,
    logLik: fit.logLik,
    aic: fit.aic,
    k: fit.k,
    converged: fit.converged,
    estimates: [...now].map(([name, estimate]) => {
      const was = before.get(name);
      return { name, estimate, change: estimate !== null && was != null ? estimate - was : null };
    }),
    removed: [...before.keys()].filter((name) => !now.has(name)),
  };
}

/** Per document URI, the last `limit` fits (oldest dropped first) and the last fit itself, to compute the next changes. */
export class FitHistory {
  private readonly rows = new Map<string, { entries: FitHistoryEntry[]; last: FitJson }>();

  constructor(private readonly limit = HISTORY_LIMIT) {}

  record(uri: string, fit: FitJson, time = Date.now()): FitHistoryEntry {
    const h = this.rows.get(uri);
    const entry = historyEntry(fit, h?.last, time);
    const entries = [...(h?.entries ?? []), entry].slice(-this.limit);
    this.rows.set(uri, { entries, last: fit });
    return entry;
  }

  list(uri: string): readonly FitHistoryEntry[] {
    return this.rows.get(uri)?.entries ?? [];
  }
}
