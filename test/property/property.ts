// The property a refit must satisfy: converged and right (within Z SEs, the MLE beats the truth), or honestly flagged.

import type { FitJson, FitResponse } from '../../server/src/protocol.ts';
import type { Columns, SimCase } from './sim-case.ts';
import { exactMleProblems } from './exact-mle.ts';

/**
 * Estimates must lie within Z standard errors of the truth. About 60 distinct estimates are judged per run (each
 * data set is refitted many times, but the MLE is one point), so with Z = 5 the chance that sampling alone fails the
 * suite is about 60 × P(|N(0, 1)| > 5) = 60 × 5.7e-7 ≈ 3e-5 (the seeds are fixed, so a run is deterministic anyway).
 */
export const Z = 5;

/** Warnings that tell the user not to trust an estimate or its SE. */
export const FLAG_CODES: readonly string[] = ['not-converged', 'boundary', 'non-regular', 'singular-information'];

/** The optimiser's own slack: 1e-6 relative on the log-likelihood (1e-3 at |logLik| = 1000, ~0.05 SE of distance). */
export const llTolerance = (ll: number): number => 1e-6 * Math.max(1, Math.abs(ll));

export type Verdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'flagged'; readonly why: readonly string[] }
  | { readonly kind: 'fail'; readonly why: readonly string[] };

export interface Context {
  readonly c: SimCase;
  readonly cols: Columns;
  /** logLik at the true parameters, from the descriptors. */
  readonly llTruth: number;
  /** The best logLik among the plausible converged fits of the same data (see `plausible`). */
  readonly llBest: number;
}

const estimates = (c: SimCase, r: FitJson) => c.params.map((p) => r.parameters.find((q) => q.name === p.name));

/** Estimates more than Z SEs from the truth (or with no finite SE), for the labelling of the truth that fits best. */
function seProblems(c: SimCase, r: FitJson): string[] {
  const est = estimates(c, r);
  const truths = c.equivalentTruths ?? [c.params.map((p) => p.truth)];
  const per = truths.map((truth) =>
    c.params.flatMap((p, j) => {
      const e = est[j]?.estimate ?? NaN;
      const se = est[j]?.se ?? null;
      if (se === null || !(se > 0) || !Number.isFinite(se)) return [`${p.name}: no finite SE (got ${se})`];
      const z = (e - truth[j]) / se;
      return Math.abs(z) > Z ? [`${p.name} = ${e} is ${z.toFixed(1)} SEs (SE ${se}) from the truth ${truth[j]}`] : [];
    }),
  );
  return per.reduce((a, b) => (b.length < a.length ? b : a));
}

/** The log-likelihood at a fit's estimates, by the descriptors (independent of the engine's own evaluation). */
export const logLikAtEstimates = (c: SimCase, cols: Columns, r: FitJson): number =>
  c.logLik(
    estimates(c, r).map((p) => p?.estimate ?? NaN),
    cols,
  );

/** A converged fit whose estimates all lie within Z SEs of the truth: it may set the reference optimum. */
export const plausible = (c: SimCase, r: FitJson): boolean =>
  r.converged && estimates(c, r).every((p) => p?.estimate !== null) && seProblems(c, r).length === 0;

export function judge(ctx: Context, res: FitResponse): Verdict {
  if (!res.ok) return { kind: 'fail', why: [`the fit was refused: ${res.message}`] };
  const r = res.result;
  const codes = new Set(r.diagnostics.map((d) => d.code));
  if (!r.converged || codes.has('not-converged')) return { kind: 'flagged', why: ['not converged'] };
  const { c } = ctx;
  const nulls = estimates(c, r).flatMap((p, j) => (p?.estimate == null ? [c.params[j].name] : []));
  if (nulls.length) return { kind: 'fail', why: [`converged: true with no estimate of ${nulls.join(', ')}`] };
  if (r.logLik === null) return { kind: 'fail', why: ['converged: true with a null logLik'] };
  // Never excused once converged: the point reported is not the maximum (judged at the estimates as reported, so
  // an estimate that drifted from the point where the logLik was computed is caught too).
  const wrong: string[] = [];
  const ll = logLikAtEstimates(c, ctx.cols, r);
  if (!(Math.abs(ll - r.logLik) <= llTolerance(ll)))
    wrong.push(`the reported logLik ${r.logLik} is not the logLik at the reported estimates, ${ll}`);
  if (!(ll >= ctx.llTruth - llTolerance(ctx.llTruth)))
    wrong.push(`logLik ${ll} at the estimates is below the logLik at the truth, ${ctx.llTruth}`);
  if (!(ll >= ctx.llBest - llTolerance(ctx.llBest)))
    wrong.push(`logLik ${ll} at the estimates is below ${ctx.llBest}, reached by another fit of the same data`);
  wrong.push(...exactMleProblems(c, ctx.cols, r, codes));
  // Excused by a flag: the SEs (or the estimates' distance from the truth) are not to be trusted, and we said so.
  const doubtful = c.expectation === 'non-regular' ? [] : seProblems(c, r);
  const flags = FLAG_CODES.filter((f) => codes.has(f));
  if (!flags.length) wrong.push(...doubtful);
  if (wrong.length) return { kind: 'fail', why: wrong };
  return doubtful.length ? { kind: 'flagged', why: [`${flags.join(', ')}: ${doubtful.join('; ')}`] } : { kind: 'pass' };
}
