// Fit-to-data plot of a Categorical regression: observed class counts against the sum of the fitted probabilities.

import type { EngineModel } from '../engine/model.ts';
import { termArguments } from '../engine/eval/term-arguments.ts';
import type { DensityPlot } from './density-plot.ts';
import { hasData } from './term-shape.ts';

/**
 * One plot per Categorical term whose log-odds vary by row: per class k, the rows observed in k and the expected count
 * Σ_i P(y_i = k | η_i), P = softmax(η_i). (With a free intercept per class the score equations make these equal at
 * the MLE, so a gap flags a model without them, a prior, or a fit that did not converge.) The shape is the density
 * plot's, discrete, over the level codes 0…K−1, so the panel draws it as bars and dots.
 */
export function classFrequencyPlots(model: EngineModel, theta: Float64Array): DensityPlot[] {
  const out: DensityPlot[] = [];
  for (const t of model.terms) {
    const K = t.dist.classes ?? 0;
    if (t.dist.name !== 'Categorical' || K < 2 || t.y.op !== 'data' || !t.args.some(hasData)) continue;
    const y = t.y.values;
    const eta = termArguments(model, t, theta);
    const counts = new Array<number>(K).fill(0);
    const expected = new Array<number>(K).fill(0);
    for (let i = 0; i < model.n; i++) {
      let top = -Infinity;
      for (let k = 0; k < K; k++) top = Math.max(top, eta[k][i]);
      let z = 0;
      for (let k = 0; k < K; k++) z += Math.exp(eta[k][i] - top);
      for (let k = 0; k < K; k++) expected[k] += Math.exp(eta[k][i] - top) / z;
      const c = y[i];
      if (c >= 0 && c < K) counts[c]++;
    }
    if (!expected.every(Number.isFinite)) continue;
    out.push({
      source: t.source,
      discrete: true,
      edges: Array.from({ length: K + 1 }, (_, k) => k - 0.5),
      counts,
      x: Array.from({ length: K }, (_, k) => k),
      expected,
    });
  }
  return out;
}
