// Runs EM then Newton from every data-driven start of a mixture (and from the user's inits), keeping each end point
// with whether it is degenerate; picks the best non-degenerate one.

import type { EngineModel } from '../model.ts';
import { distinctOptima as distinctOptimaOf, type DistinctOptimum } from './multistart.ts';
import type { FitProblem } from '../fit-problem.ts';
import { newton } from '../optimize/newton.ts';
import type { OptimizeResult } from '../optimize/types.ts';
import { collapsed, emBuffers, emRun, type EmBuffers, type EmProblem, type EmRun } from '../optimize/em-mixture.ts';
import { mStep } from '../optimize/em-m-step.ts';
import { normalEmApplies, normalEmRun } from '../optimize/em-normal.ts';
import { hardStarts, permutations } from './mixture-starts.ts';
import { mixtureParams } from './mixture-labels.ts';
import { buildProblem } from '../fit-problem.ts';
import { sampleRows, subsampleModel } from '../eval/jacobian.ts';

export interface MixtureRun {
  readonly label: string;
  readonly opt: OptimizeResult;
  /** Why the end point is degenerate (then it is set aside while a non-degenerate one exists). */
  readonly degenerate?: string;
}

/**
 * A short EM from every start (EM is cheap per iteration but only linear near the optimum); Newton then does the last
 * digits and gives the observed information. Where Newton fails from there, a long EM gets closer first.
 */
const SHORT_EM = { maxiter: 30, tol: 1e-7 };
const LONG_EM = { maxiter: 1000, tol: 1e-9 };
/**
 * The fused, accelerated Normal EM (optimize/em-normal.ts) is cheap enough per pass to run every start to a tight
 * stop: the starts of one basin then end within TWIN of each other and share one Newton polish.
 */
const FAST_EM = { maxiter: 400, tol: 1e-7 };
/**
 * Two short-EM end points this close (free scale, relative) are in one basin: the later start shares the earlier's
 * optimum instead of paying for its own Newton run (what makes many starts affordable on 100,000 rows).
 */
const TWIN = 1e-2;
/**
 * A fused EM run this close (free scale, relative) to an earlier start's end point has joined that basin: EM only
 * climbs from there, to the same maximum, so the run stops and shares it. Its end still has to pass the TWIN test
 * (JOIN is the tighter), else it gets a Newton polish of its own.
 */
const JOIN = 5e-3;

/**
 * Above twice this many rows the short EMs (the start search) run on an evenly spaced subsample of this size, and each
 * basin's Newton polish starts on the subsample before its last passes over all rows: the basins are the same, and
 * the many EM passes no longer scale with n.
 */
const EM_ROWS = 20_000;

/** K-means runs beyond the first two, one per requested restart; random quantile cuts. */
const KMEANS = 2;
const RANDOM_SPLITS = 2;
/** Responsibility a hard start leaves to the other components. */
const SOFT = 0.1;

/** Whether b is within tol of a, relative (1 + |a_j|) in every coordinate. */
const close = (a: Float64Array, b: Float64Array, tol: number): boolean =>
  a.every((v, j) => Math.abs(v - b[j]) <= tol * (1 + Math.abs(v)));

export function userGaveInits(model: EngineModel, pr: EmProblem): boolean {
  return mixtureParams(pr).some((j) => model.params[j].init !== undefined);
}

export function mixtureRuns(model: EngineModel, pb: FitProblem, pr: EmProblem): MixtureRun[] {
  const K = pr.comps.length;
  // The start search's rows: all of them, or an evenly spaced subsample of a large data set (then a problem for
  // Newton on the same rows too).
  const big = pr.y.length > 2 * EM_ROWS;
  const picks = big ? sampleRows(pr.y.length, EM_ROWS) : undefined;
  const prS: EmProblem = picks ? { ...pr, y: Float64Array.from(picks, (i) => pr.y[i]) } : pr;
  const bS = emBuffers(prS);
  const fused = normalEmApplies(pr);
  // Newton on the subsample first, except after the fused EM (which ends at the subsample's maximum already).
  const subObjective = picks && !fused ? buildProblem(subsampleModel(model, picks)).objective : undefined;
  let full: ReturnType<typeof emBuffers> | undefined = picks ? undefined : bS;
  const b = (): ReturnType<typeof emBuffers> => (full ??= emBuffers(pr));
  // EM from b.r (a split: its first M step is the generic one) or from theta; fused for Normal components.
  // (The buffers come by a getter: the fused EM from theta needs none, so the rescue below allocates no full set.)
  const runEm = (p: EmProblem, theta: Float64Array, buf: () => EmBuffers, fromTheta: boolean, o: typeof SHORT_EM) => {
    if (!fused) return emRun(p, theta, buf(), fromTheta, o);
    const t = Float64Array.from(theta);
    if (!fromTheta) mStep(p, t, buf());
    // A start (not the long EM that rescues a failed polish) may stop on joining an earlier start's basin.
    const joined =
      o === SHORT_EM
        ? (theta: Float64Array): boolean => {
            const u = Float64Array.from(theta, (v, j) => pb.tr[j].toFree(v));
            return seen.some((s) => close(s.u, u, JOIN));
          }
        : undefined;
    const run = normalEmRun(p, t, o === SHORT_EM ? FAST_EM : LONG_EM, joined);
    return fromTheta ? run : { ...run, iterations: run.iterations + 1 };
  };
  const natural = (u: Float64Array): Float64Array => Float64Array.from(u, (v, j) => pb.tr[j].toNatural(v));
  const runs: MixtureRun[] = [];
  const degenerateRun = (label: string, em: EmRun, iterations: number): MixtureRun => {
    const u = Float64Array.from(em.theta, (v, j) => pb.tr[j].toFree(v));
    const f = pb.objective(u, 0, new Float64Array(pb.P), new Float64Array(0));
    return {
      label,
      opt: { u, f, iterations, converged: false, reason: `EM: ${em.degenerate}` },
      degenerate: em.degenerate,
    };
  };
  // Subsample optima already polished on all rows: a basin whose subsample Newton ends there (to 1e-6) shares it.
  const subSeen: { v: Float64Array; fin: OptimizeResult }[] = [];
  const polish = (em: EmRun): OptimizeResult => {
    let u: Float64Array = Float64Array.from(em.theta, (v, j) => pb.tr[j].toFree(v));
    let at: Float64Array | undefined;
    if (subObjective) {
      // Most Newton steps on the subsample; the last, quadratically converging ones on all rows.
      const sub = newton(subObjective, u, { maxiter: model.options.maxiter, tol: model.options.tol });
      if (sub.converged && Number.isFinite(sub.f)) {
        at = sub.u;
        const same = subSeen.find((s) => s.v.every((v, j) => Math.abs(v - at![j]) <= 1e-6 * (1 + Math.abs(v))));
        if (same) return { ...same.fin, iterations: em.iterations + same.fin.iterations };
        u = sub.u;
      }
    }
    const fin = newton(pb.objective, u, { maxiter: model.options.maxiter, tol: model.options.tol });
    if (at) subSeen.push({ v: at, fin });
    return { ...fin, iterations: em.iterations + fin.iterations };
  };
  // Short-EM end points already polished: a start that ends where an earlier one did shares its optimum.
  const seen: { u: Float64Array; run: MixtureRun }[] = [];
  const finish = (label: string, em: EmRun): void => {
    if (em.degenerate) return void runs.push(degenerateRun(label, em, em.iterations));
    const u = Float64Array.from(em.theta, (v, j) => pb.tr[j].toFree(v));
    const twin = seen.find((s) => close(s.u, u, TWIN));
    if (twin) return void runs.push({ ...twin.run, label });
    let opt = polish(em);
    let degenerate = collapsed(pr, natural(opt.u));
    if (!opt.converged || degenerate) {
      const more = runEm(pr, em.theta, b, true, LONG_EM);
      if (more.degenerate) {
        if (!opt.converged) return void runs.push(degenerateRun(label, more, em.iterations + more.iterations));
      } else {
        const again = polish(more);
        const replace = !opt.converged || degenerate || again.f <= opt.f;
        if (replace && Number.isFinite(again.f)) {
          opt = { ...again, iterations: em.iterations + again.iterations };
          degenerate = collapsed(pr, natural(opt.u));
        }
      }
    }
    const run = { label, opt, degenerate };
    seen.push({ u, run });
    runs.push(run);
  };
  // Groups of the outcome go to components in order; with components of different families every assignment is tried.
  const same = pr.comps.every((c) => c.impl.name === pr.comps[0].impl.name);
  const perms = same || K > 4 ? [Array.from({ length: K }, (_, k) => k)] : permutations(K);
  // A split equal to an earlier one (k-means runs often agree) gives the same EM run bit for bit: reuse it.
  const done: { group: Int32Array; em: EmRun }[] = [];
  for (const s of hardStarts(prS.y, K, model.options.seed, KMEANS + model.options.restarts, RANDOM_SPLITS)) {
    const again = done.find((d) => d.group.every((g, i) => g === s.group[i]));
    if (again && perms.length === 1) {
      finish(s.label, again.em);
      continue;
    }
    for (const perm of perms) {
      // Soft assignments (0.9 to the own group): no component starts empty or on tied values alone.
      for (let c = 0; c < K; c++) bS.r[c].fill(SOFT / (K - 1));
      for (let i = 0; i < prS.y.length; i++) bS.r[perm[s.group[i]]][i] = 1 - SOFT;
      const em = runEm(prS, Float64Array.from(pb.theta0), () => bS, false, SHORT_EM);
      if (perms.length === 1) done.push({ group: s.group, em });
      finish(s.label, em);
    }
  }
  if (userGaveInits(model, pr))
    finish(
      'your inits',
      runEm(prS, Float64Array.from(pb.theta0), () => bS, true, SHORT_EM),
    );
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
/** Distinct non-degenerate maxima found (best first), as the restarts of other strategies report them. */
export function distinctOptima(runs: readonly MixtureRun[]): DistinctOptimum[] {
  return distinctOptimaOf(runs.filter((r) => !r.degenerate).map((r) => r.opt));
}

/** Runs that ended within rounding (1e-8) of the best objective, as multistart counts them. */
export const reachedBest = (runs: readonly MixtureRun[], best: MixtureRun): number =>
  runs.filter((r) => !r.degenerate === !best.degenerate && sameOptimum(r.opt.f, best.opt.f, 1e-8)).length;
