// Runs EM then Newton from every data-driven start of a mixture (and from the user's inits), keeping each end point
// with whether it is degenerate; picks the best non-degenerate one.

import type { EngineModel } from '../model.ts';
import type { FitProblem } from '../fit-problem.ts';
import { newton } from '../optimize/newton.ts';
import type { OptimizeResult } from '../optimize/types.ts';
import { collapsed, emBuffers, emRun, type EmProblem, type EmRun } from '../optimize/em-mixture.ts';
import { hardStarts, permutations } from './mixture-starts.ts';
import { mixtureParams } from './mixture-labels.ts';

export interface MixtureRun {
  readonly label: string;
  readonly opt: OptimizeResult;
  /** Why the end point is degenerate (then it is set aside while a non-degenerate one exists). */
  readonly degenerate?: string;
}

/** EM to near convergence (it is linear there); Newton does the last digits and gives the observed information. */
const EM = { maxiter: 1000, tol: 1e-8 };

/** K-means runs beyond the first two, one per requested restart; random quantile cuts. */
const KMEANS = 2;
const RANDOM_SPLITS = 2;
/** Responsibility a hard start leaves to the other components. */
const SOFT = 0.1;

export function userGaveInits(model: EngineModel, pr: EmProblem): boolean {
  return mixtureParams(pr).some((j) => model.params[j].init !== undefined);
}

export function mixtureRuns(model: EngineModel, pb: FitProblem, pr: EmProblem): MixtureRun[] {
  const K = pr.comps.length;
  const b = emBuffers(pr);
  const natural = (u: Float64Array): Float64Array => Float64Array.from(u, (v, j) => pb.tr[j].toNatural(v));
  const runs: MixtureRun[] = [];
  const finish = (label: string, em: EmRun): void => {
    const u = Float64Array.from(em.theta, (v, j) => pb.tr[j].toFree(v));
    if (em.degenerate) {
      const f = pb.objective(u, 0, new Float64Array(pb.P), new Float64Array(0));
      const opt = { u, f, iterations: em.iterations, converged: false, reason: `EM: ${em.degenerate}` };
      runs.push({ label, opt, degenerate: em.degenerate });
      return;
    }
    const fin = newton(pb.objective, u, { maxiter: model.options.maxiter, tol: model.options.tol });
    const opt = { ...fin, iterations: em.iterations + fin.iterations };
    runs.push({ label, opt, degenerate: collapsed(pr, natural(fin.u)) });
  };
  // Groups of the outcome go to components in order; with components of different families every assignment is tried.
  const same = pr.comps.every((c) => c.impl.name === pr.comps[0].impl.name);
  const perms = same || K > 4 ? [Array.from({ length: K }, (_, k) => k)] : permutations(K);
  for (const s of hardStarts(pr.y, K, model.options.seed, KMEANS + model.options.restarts, RANDOM_SPLITS))
    for (const perm of perms) {
      // Soft assignments (0.9 to the own group): no component starts empty or on tied values alone.
      for (let c = 0; c < K; c++) b.r[c].fill(SOFT / (K - 1));
      for (let i = 0; i < pr.y.length; i++) b.r[perm[s.group[i]]][i] = 1 - SOFT;
      finish(s.label, emRun(pr, Float64Array.from(pb.theta0), b, false, EM));
    }
  if (userGaveInits(model, pr)) finish('your inits', emRun(pr, Float64Array.from(pb.theta0), b, true, EM));
  return runs;
}

const sameOptimum = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** The best run: non-degenerate before degenerate, converged before not, then the lowest objective. */
export function bestRun(runs: readonly MixtureRun[]): MixtureRun {
  const finite = runs.filter((r) => Number.isFinite(r.opt.f));
  const sound = finite.filter((r) => !r.degenerate);
  const tier = sound.length ? sound : finite.length ? finite : runs;
  const pool = tier.some((r) => r.opt.converged) ? tier.filter((r) => r.opt.converged) : tier;
  return pool.reduce((a, r) => (r.opt.f < a.opt.f ? r : a));
}

/** Distinct non-degenerate optima (by objective, to 1e-6), best first, with how many runs reached each. */
export function distinctOptima(runs: readonly MixtureRun[]): { logLik: number; count: number }[] {
  const fs = runs
    .filter((r) => !r.degenerate && Number.isFinite(r.opt.f))
    .map((r) => r.opt.f)
    .sort((a, b) => a - b);
  const out: { logLik: number; count: number }[] = [];
  for (const f of fs) {
    const last = out[out.length - 1];
    if (last && sameOptimum(-f, last.logLik, 1e-6)) last.count++;
    else out.push({ logLik: -f, count: 1 });
  }
  return out;
}

/** Runs that ended within rounding (1e-8) of the best objective, as multistart counts them. */
export const reachedBest = (runs: readonly MixtureRun[], best: MixtureRun): number =>
  runs.filter((r) => !r.degenerate === !best.degenerate && sameOptimum(r.opt.f, best.opt.f, 1e-8)).length;
