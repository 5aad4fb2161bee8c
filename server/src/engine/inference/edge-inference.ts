// Inference at the edges of the parameter space: what an edge means in words, and intervals kept inside the range.

import type { EngineModel, ParamSpec } from '../model.ts';
import type { FitWarning } from '../fit-types.ts';
import type { WaldRow } from './inference.ts';
import { FLAT, type Edge } from './edges.ts';
import { edgeText } from './verify-optimum.ts';

/** What a shape parameter running to infinity means, by distribution and argument position. */
const AT_INFINITY: Record<string, Record<number, string>> = {
  StudentT: { 0: 'the data show no heavier tails than a Normal (a StudentT with ν → ∞ is the Normal)' },
  NegBinomial: { 1: 'the data show no overdispersion (a NegBinomial with size → ∞ is the Poisson)' },
};

/** The meaning of parameter j going to infinity, when it is a bare argument of a distribution we know. */
function meaningAtInfinity(model: EngineModel, j: number): string | undefined {
  for (const t of model.terms) {
    const dists = t.dist.components ? [{ name: 'Mixture' }, ...t.dist.components] : [t.dist];
    // Mixture args are w, then each component's arguments in order; only single distributions are looked up here.
    if (dists.length > 1) continue;
    const k = t.args.findIndex((a) => a.op === 'param' && a.index === j);
    const m = k >= 0 ? AT_INFINITY[t.dist.name]?.[k] : undefined;
    if (m) return m;
  }
  return undefined;
}

/** One `boundary` warning per edge, saying what the edge means and what inference is (and is not) reported. */
export function edgeWarnings(
  model: EngineModel,
  edges: readonly Edge[],
  estimates: readonly number[],
  converged: boolean,
  warnings: FitWarning[],
): void {
  const profile = model.options.ci === 'profile';
  for (const e of edges) {
    const name = model.params[e.j].name;
    let message: string;
    if (!converged && e.gain <= FLAT)
      message = `\`${name}\` ran to ${edgeText(e)}; no SE or Wald interval is reported for it (see the convergence diagnostic).`;
    else if (e.gain > FLAT)
      message = `\`${name}\` runs to ${edgeText(e)} and the log-likelihood still increases there: either the likelihood is unbounded at that edge (an exact fit, or a component collapsing onto single data points) or the optimizer stopped short. No SE or Wald interval is reported for \`${name}\`.`;
    else if (Number.isFinite(e.value))
      message = `\`${name}\` = ${e.value} is at ${edgeText(e)}: the likelihood is largest on the edge of the parameter space, where it is not quadratic, so no SE or Wald interval is reported for \`${name}\`; ${profile ? 'its profile interval is one-sided, from the bound to the likelihood-ratio limit' : 'fit ci = profile gives a one-sided likelihood-ratio interval from the bound'}.`;
    else {
      const meaning = meaningAtInfinity(model, e.j);
      const limit = e.value > 0 ? 'lower' : 'upper';
      message = `\`${name}\` → ${edgeText(e)}: the log-likelihood keeps rising towards a limit as \`${name}\` grows${e.value < 0 ? ' in magnitude' : ''}, so there is no finite estimate${meaning ? `: ${meaning}` : ''}. The value shown (${Number(estimates[e.j].toPrecision(3))}) is only where the optimizer stopped; no SE or Wald interval is reported, ${profile ? `and only the profile ${limit} limit` : `and fit ci = profile gives the profile ${limit} limit`}.`;
    }
    warnings.push({ code: 'boundary', message, params: [e.j] });
  }
}

/** A Wald interval cut to the parameter's range: an interval never extends outside the parameter space. */
export function withinRange(p: ParamSpec, w: WaldRow): WaldRow {
  const [a, b] = w.ci;
  const lo = p.lower ?? -Infinity;
  const hi = p.upper ?? Infinity;
  if ((a === null || a >= lo) && (b === null || b <= hi)) return w;
  return { ...w, ci: [a === null ? null : Math.max(a, lo), b === null ? null : Math.min(b, hi)] };
}

/**
 * An interior estimate within e^−13.8 ≈ 1e-6 of a finite bound (on the free scale) that is not an edge: the maximum is
 * next to the edge (e.g. σ̂ ≈ 0 for a model that fits the data to rounding, NIST Wampler1), so its Wald interval is
 * unreliable even though the likelihood falls away at the bound itself.
 */
export function nearBoundWarnings(
  model: EngineModel,
  u: Float64Array,
  estimates: readonly number[],
  edges: readonly Edge[],
  warnings: FitWarning[],
): void {
  model.params.forEach((p, j) => {
    if (edges.some((e) => e.j === j)) return;
    const nearLower = p.lower !== undefined && u[j] < -13.8;
    const nearUpper = p.upper !== undefined && (p.lower === undefined ? u[j] < -13.8 : u[j] > 13.8);
    if (!nearLower && !nearUpper) return;
    warnings.push({
      code: 'boundary',
      message: `\`${p.name}\` = ${Number(estimates[j].toPrecision(6))} is next to its bound ${nearLower ? p.lower : p.upper}: the maximum lies at the edge of the parameter space (for a scale parameter: the model reproduces the data almost exactly), so its SE and Wald interval are unreliable.`,
      params: [j],
    });
  });
}
