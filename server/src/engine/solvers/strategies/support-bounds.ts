// Strategy: Uniform endpoints that are parameters take their data-determined values, the sample min and max.

import type { Node } from '../../model.ts';
import type { Strategy, StrategyResult } from '../solution.ts';

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * The likelihood (upper − lower)⁻ⁿ grows as the interval shrinks, and every row must lie inside it, so the maximum is
 * lower = min(y), upper = max(y): fixed by the data, no optimizer. The estimators converge at rate 1/n with a
 * non-normal law, so there is no Wald SE; exact one-sided intervals come from pivots whose laws are known (below).
 * Applies to one Uniform term on a data column, no priors, each endpoint a distinct parameter or a constant.
 */
export const supportBoundsStrategy: Strategy = {
  name: 'support-bounds',
  solve({ model, pb, warnings }): StrategyResult {
    const { terms, P, tr } = pb;
    if (terms.length !== 1 || terms[0].dist.name !== 'Uniform') return { skip: 'not a single Uniform likelihood' };
    if (model.priors.length) return { skip: 'the model has priors' };
    const t = terms[0];
    if (t.y.op !== 'data') return { skip: 'the left side is not a data column' };
    const [loN, hiN] = t.args;
    const kind = (x: Node): 'param' | 'const' | undefined =>
      x.op === 'param' ? 'param' : x.op === 'const' ? 'const' : undefined;
    if (!kind(loN) || !kind(hiN)) return { skip: 'an endpoint is neither a parameter nor a constant' };
    const ends = [loN, hiN].filter((x) => x.op === 'param').map((x) => (x as { index: number }).index);
    if (!ends.length || new Set(ends).size !== ends.length || ends.length !== P)
      return { skip: 'the endpoints are not distinct parameters covering all parameters' };
    const y = t.y.values;
    const n = y.length;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      min = Math.min(min, y[i]);
      max = Math.max(max, y[i]);
    }
    const lo = loN.op === 'const' ? loN.value : min;
    const hi = hiN.op === 'const' ? hiN.value : max;
    if (!(hi > lo) || lo > min || hi < max)
      return { skip: 'the data lie outside a constant endpoint, or all rows are equal' };
    const theta = new Float64Array(P);
    for (const [node, v] of [
      [loN, lo],
      [hiN, hi],
    ] as const) {
      if (node.op !== 'param') continue;
      const p = model.params[node.index];
      if ((p.lower !== undefined && v <= p.lower) || (p.upper !== undefined && v >= p.upper))
        return { skip: `the data-determined value ${v} of \`${p.name}\` lies outside its declared range` };
      theta[node.index] = v;
    }
    const logLik = -n * Math.log(hi - lo);
    const note = boundsNote(
      model.params.map((p) => p.name),
      loN,
      hiN,
      min,
      max,
      n,
      model.options.level,
    );
    warnings.push({ code: 'non-regular', severity: 'info', message: note, params: ends, source: t.source });
    if (model.options.ci === 'profile')
      warnings.push({
        code: 'non-regular',
        message:
          'ci = profile: the profile-likelihood intervals use the χ²(1) calibration of the likelihood-ratio statistic, which does not hold when the support depends on the parameters; use the exact one-sided intervals in the note instead.',
        params: ends,
      });
    return {
      opt: {
        u: Float64Array.from(theta, (v, j) => tr[j].toFree(v)),
        f: -logLik,
        iterations: 0,
        converged: true,
        reason: 'data-determined: the endpoints are the sample extremes',
      },
      method: 'support-bounds',
      // No SE: the information is not defined (the score is ∓n/(upper − lower), never zero, at a boundary maximum).
      known: {
        theta,
        logLik,
        gradNorm: 0,
        info: new Float64Array(P * P).fill(NaN),
        cov: Array.from({ length: P }, () => new Array<number | null>(P).fill(null)),
      },
      verified: {
        ok: true,
        condition: `data-determined: every row must lie in [lower, upper] and the likelihood (upper − lower)^−n grows as the interval shrinks, so lower = min(y) = ${fmt(min)}, upper = max(y) = ${fmt(max)}; the score there is not zero, the constraint is active`,
      },
      inferenceNotes: [note],
      autoRestarted: false,
    };
  },
};

/**
 * The non-regular note with exact one-sided intervals. Both ends free: (upper − max)/(max − min) has
 * P(· ≤ c) = 1 − (1 + c)^−(n−1) whatever the parameters, so upper ≤ max + c·range with c = (1 − level)^(−1/(n−1)) − 1
 * (lower symmetrically). One end L known: (max − L)/(upper − L) ~ Beta(n, 1), so upper ≤ L + (max − L)/(1 − level)^(1/n).
 */
function boundsNote(
  names: readonly string[],
  loN: Node,
  hiN: Node,
  min: number,
  max: number,
  n: number,
  level: number,
): string {
  const pct = `${fmt(100 * level)}%`;
  const parts: string[] = [];
  if (loN.op === 'param' && hiN.op === 'param') {
    const c = (1 - level) ** (-1 / (n - 1)) - 1;
    parts.push(`\`${names[loN.index]}\` ∈ [${fmt(min - c * (max - min))}, ${fmt(min)}]`);
    parts.push(`\`${names[hiN.index]}\` ∈ [${fmt(max)}, ${fmt(max + c * (max - min))}]`);
  } else if (hiN.op === 'param' && loN.op === 'const') {
    const L = loN.value;
    parts.push(`\`${names[hiN.index]}\` ∈ [${fmt(max)}, ${fmt(L + (max - L) / (1 - level) ** (1 / n))}]`);
  } else if (loN.op === 'param' && hiN.op === 'const') {
    const U = hiN.value;
    parts.push(`\`${names[loN.index]}\` ∈ [${fmt(U - (U - min) / (1 - level) ** (1 / n))}, ${fmt(min)}]`);
  }
  return (
    `Uniform's endpoints are set by the data: the maximum likelihood estimates are the sample ${loN.op === 'param' ? 'minimum' : ''}${loN.op === 'param' && hiN.op === 'param' ? ' and ' : ''}${hiN.op === 'param' ? 'maximum' : ''} (n = ${n}). ` +
    `The model is non-regular (the support moves with the parameters): the estimators converge at rate 1/n, not 1/√n, and are not normal, so no SE or Wald interval is reported. ` +
    `Exact one-sided ${pct} intervals: ${parts.join('; ')}.`
  );
}
