// The judge of the simulate-and-refit suite on hand-made results: each rule fails a wrong answer or accepts a flag.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { family } from '../../server/src/engine/distributions/index.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';
import type { FitJson } from '../../server/src/protocol.ts';
import { familyCase } from './family-cases.ts';
import { judge, Z, type Verdict } from './property.ts';
import type { SimCase } from './sim-case.ts';

/** A case, its data and the MLE (by the closed forms below), so a result can be built at or away from it. */
function setup(name: string, mle: (y: Float64Array) => number[]) {
  const c: SimCase = familyCase(family(name)!, 77);
  const cols = c.simulate(rng(c.seed));
  const llTruth = c.logLik(
    c.params.map((p) => p.truth),
    cols,
  );
  const best = mle(cols.y);
  const verdict = (est: readonly (number | null)[], se: readonly (number | null)[], more: Partial<FitJson> = {}) => {
    const ll = c.logLik(
      est.map((e) => e ?? NaN),
      cols,
    );
    const r = {
      converged: true,
      logLik: Number.isFinite(ll) ? ll : null,
      parameters: c.params.map((p, j) => ({ name: p.name, estimate: est[j], se: se[j] })),
      diagnostics: [],
      ...more,
    } as unknown as FitJson;
    return judge({ c, cols, llTruth, llBest: c.logLik(best, cols) }, { ok: true, result: r });
  };
  return { best, verdict, y: cols.y };
}
const flag = (code: string) => ({ diagnostics: [{ code, severity: 'warning', message: '', range: {} }] }) as never;
const kind = (v: Verdict): string => `${v.kind}${v.kind === 'pass' ? '' : `: ${v.why.join('; ')}`}`;

const normalMle = (y: Float64Array): number[] => {
  const m = y.reduce((a, b) => a + b) / y.length;
  return [m, Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length)];
};

test('Normal: the MLE with its SEs passes; 6 SEs off fails unless flagged; no SE or no estimate fails', () => {
  const { best, verdict } = setup('Normal', normalMle);
  const se = [best[1] / Math.sqrt(401), best[1] / Math.sqrt(802)];
  assert.equal(verdict(best, se).kind, 'pass', kind(verdict(best, se)));
  // The truth is 1.5: an SE so small that the MLE is more than Z SEs away from it.
  const tiny = [Math.abs(best[0] - 1.5) / (Z + 1), se[1]];
  assert.match(kind(verdict(best, tiny)), /^fail: mu = .* SEs/);
  assert.equal(verdict(best, tiny, flag('boundary')).kind, 'flagged');
  assert.match(kind(verdict(best, [null, se[1]])), /^fail: mu: no finite SE/);
  assert.equal(verdict(best, [null, se[1]], flag('singular-information')).kind, 'flagged');
  assert.match(kind(verdict([null, best[1]], se)), /^fail: converged: true with no estimate of mu/);
  assert.equal(verdict([0, 50], se, { converged: false } as never).kind, 'flagged');
});

test('Normal: a point short of the maximum fails even with a flag, and so does a logLik not at the estimates', () => {
  const { best, verdict } = setup('Normal', normalMle);
  const off = [best[0] + 0.3 * (best[1] / Math.sqrt(401)), best[1]];
  const se = [1, 1];
  assert.match(kind(verdict(off, se, flag('singular-information'))), /^fail: logLik .* below .* another fit/);
  assert.match(kind(verdict(best, se, { logLik: -1 } as never)), /^fail: the reported logLik -1 is not the logLik/);
});

test('Laplace: mu must be a median and b the mean absolute deviation from it', () => {
  const median = (y: Float64Array) => Float64Array.from(y).sort()[(y.length - 1) / 2];
  const mad = (y: Float64Array, m: number) => y.reduce((a, v) => a + Math.abs(v - m), 0) / y.length;
  const { best, verdict, y } = setup('Laplace', (y) => [median(y), mad(y, median(y))]);
  const flags = flag('singular-information');
  assert.equal(verdict(best, [null, 0.07], flags).kind, 'flagged');
  // Just past the next order statistic: the logLik barely moves, the exact check does not let it through.
  const sorted = Float64Array.from(y).sort();
  const past = sorted[(y.length + 1) / 2] + 1e-3;
  assert.match(kind(verdict([past, mad(y, past)], [0.07, 0.07], flags)), /mu = .* is not a median/);
  assert.match(kind(verdict([best[0], best[1] * 1.001], [0.07, 0.07], flags)), /but mean \|y − mu\|/);
});

test('Uniform: the sample extremes with non-regular pass; without the warning, or inside the data, they fail', () => {
  const ext = (y: Float64Array): number[] => [Math.min(...y), Math.max(...y)];
  const { best, verdict } = setup('Uniform', ext);
  assert.equal(verdict(best, [null, null], flag('non-regular')).kind, 'pass');
  assert.match(kind(verdict(best, [null, null])), /without a non-regular warning/);
  assert.match(kind(verdict([best[0] - 0.01, best[1]], [null, null], flag('non-regular'))), /the MLE is min\(y\)/);
});
