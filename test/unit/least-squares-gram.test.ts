// The least-squares path's fused sums (concentrated.ts, levenberg-marquardt.ts): Levenberg–Marquardt on JᵀJ and Jᵀr
// reaches the optimum of the QR path, an ill-conditioned JᵀJ goes back to the QR, and the likelihood at the optimum
// from the sums equals the likelihood program's own order-2 pass (the reference), which the fit then replays.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { buildProblem } from '../../server/src/engine/fit-problem.ts';
import { concentrateSigma } from '../../server/src/engine/solvers/concentrated.ts';
import { solve } from '../../server/src/engine/fit-solve.ts';
import { fitModel, type FitWarning } from '../../server/src/engine/fit.ts';
import {
  levenbergMarquardt,
  type GramSums,
  type Residuals,
} from '../../server/src/engine/optimize/levenberg-marquardt.ts';

/** Above the Gram mode's row threshold (2000). */
const N = 3000;

function setupModel(mean: string, params: string) {
  const rows = Array.from({ length: N }, (_, i) => {
    const x = (20 * i) / N;
    const y = 3 * Math.exp(-1.2 * x) + 1.5 * Math.exp(-0.15 * x) + 0.1 * Math.sin(12.9898 * i);
    return `${x},${y}`;
  });
  const t = parseDataFile('d.csv', `x,y\n${rows.join('\n')}`);
  assert.ok(t.ok);
  const model = lower(
    analyze(`data "d.csv"\n${params}\nparam sigma > 0 init 1\ny ~ Normal(${mean}, sigma)`, {
      ok: true,
      path: 'd.csv',
      table: t.table,
    }),
  );
  return { model, pb: buildProblem(model) };
}

function setup(mean: string, params: string) {
  const { pb, model } = setupModel(mean, params);
  const c = concentrateSigma(model, pb.terms, pb.tr);
  assert.ok(c, 'the concentrated path applies');
  return { pb, c };
}

const BIEXP: [string, string] = [
  'b1 * exp(-b2 * x) + b3 * exp(-b4 * x)',
  'param b1 init 2\nparam b2 init 0.8\nparam b3 init 1\nparam b4 init 0.1',
];

/** Runs LM with and without the sums, counting the calls of each evaluation. */
function both(c: NonNullable<ReturnType<typeof concentrateSigma>>, v0: Float64Array) {
  const calls = { gram: 0, jacobian: 0 };
  const res: Residuals = (b, r, J) => {
    if (J) calls.jacobian++;
    return c.residuals(b, r, J);
  };
  const gram: GramSums = (b, out) => {
    calls.gram++;
    return c.gram!(b, out);
  };
  const viaGram = levenbergMarquardt(res, v0, N, 500, gram);
  const viaQr = levenbergMarquardt(c.residuals, v0, N, 500);
  return { viaGram, viaQr, calls };
}

test('Levenberg–Marquardt on the fused JᵀJ sums reaches the QR path’s optimum, with no Jacobian stored', () => {
  const { c } = setup(...BIEXP);
  assert.ok(c.gram, 'the compiled sums exist');
  const v0 = Float64Array.of(2, 0.8, 1, 0.1);
  const { viaGram, viaQr, calls } = both(c, v0);
  assert.ok(viaGram.converged && viaQr.converged, `${viaGram.reason} / ${viaQr.reason}`);
  for (let a = 0; a < 4; a++)
    assert.ok(
      Math.abs(viaGram.u[a] - viaQr.u[a]) <= 1e-9 * Math.abs(viaQr.u[a]),
      `b${a + 1}: Gram ${viaGram.u[a]}, QR ${viaQr.u[a]}`,
    );
  assert.ok(Math.abs(viaGram.f - viaQr.f) <= 1e-12 * viaQr.f, `RSS/2: Gram ${viaGram.f}, QR ${viaQr.f}`);
  assert.ok(calls.gram >= 3, `the sums drove the iterations (${calls.gram} calls)`);
  assert.equal(calls.jacobian, 0, 'no pass stored J');
});

test('an ill-conditioned JᵀJ (two nearly equal columns) goes back to the QR of J at once', () => {
  // Columns x and x + 1e-7·x²: cond(JᵀJ) far above 1e8, where normal equations lose the step.
  const { c } = setup('a * x + b * (x + 0.0000001 * x * x)', 'param a init 0.1\nparam b init 0.1');
  const v0 = Float64Array.of(0.1, 0.1);
  const { viaGram, viaQr, calls } = both(c, v0);
  assert.equal(calls.gram, 1, 'only the start was summed');
  assert.ok(calls.jacobian >= 1);
  assert.equal(viaGram.converged, viaQr.converged);
  assert.deepEqual(Array.from(viaGram.u), Array.from(viaQr.u), 'the same QR path from the start');
});

test('the likelihood at θ from the sums = the likelihood program’s order-2 pass; the fit problem replays it', () => {
  const { pb, c } = setup(...BIEXP);
  const theta = Float64Array.of(2.9, 1.1, 1.6, 0.16, 0.12);
  const at = c.logLikAt!(theta);
  assert.ok(at?.ok);
  pb.theta.set(theta);
  assert.ok(pb.evalNatural(2));
  const P = 5;
  const ref = { value: pb.ev.value, grad: Float64Array.from(pb.ev.grad), hess: Float64Array.from(pb.ev.hess) };
  const close = (x: number, y: number, scale: number): boolean =>
    Math.abs(x - y) <= 1e-10 * Math.max(Math.abs(y), scale);
  assert.ok(close(at.value, ref.value, 0), `value: sums ${at.value}, program ${ref.value}`);
  const gs = Math.max(...ref.grad.map(Math.abs));
  for (let j = 0; j < P; j++)
    assert.ok(close(at.grad[j], ref.grad[j], gs), `grad[${j}]: ${at.grad[j]} vs ${ref.grad[j]}`);
  const hs = Math.max(...ref.hess.map(Math.abs));
  for (let k = 0; k < P * P; k++)
    assert.ok(
      close(at.hess[k], ref.hess[k], 1e-6 * hs),
      `hess[${Math.floor(k / P)},${k % P}]: ${at.hess[k]} vs ${ref.hess[k]}`,
    );
  // Remembered at θ, the next order-2 request there is the sums' evaluation, bit for bit, without a pass.
  pb.theta.set(theta);
  pb.remember(theta, at);
  const passes = pb.lik.evaluations;
  assert.ok(pb.evalNatural(2));
  assert.equal(pb.lik.evaluations, passes, 'no pass over the data');
  assert.equal(pb.ev.value, at.value);
  assert.deepEqual(Array.from(pb.ev.hess), Array.from(at.hess));
});

test('from a finite declared start the least-squares path makes no pass through the likelihood program', () => {
  // The compiled sums at the declared start say the likelihood is finite there (Levenberg–Marquardt's first step
  // replays that pass); no earlier strategy reads the checked start either (it costs a pass of its own).
  const { pb, model } = setupModel(...BIEXP);
  const warnings: FitWarning[] = [];
  const sol = solve(model, pb, warnings);
  assert.equal(sol.method, 'levenberg-marquardt');
  assert.equal(pb.startChecked(), false, 'the checked start was not computed');
  assert.equal(pb.lik.evaluations, 0, 'no pass through the likelihood program');
});

test('a declared start where the likelihood is not finite still gets the checked start and its note', () => {
  // exp(1000·x) overflows on x up to 20: the sums are not finite, so the problem's own start check decides.
  const { model } = setupModel(BIEXP[0], BIEXP[1].replace('b4 init 0.1', 'b4 init -1000'));
  const fit = fitModel(model);
  assert.ok(
    fit.warnings.some((w) => w.code === 'infeasible-start'),
    fit.warnings.map((w) => w.code).join(', '),
  );
  assert.equal(fit.method, 'levenberg-marquardt');
});

test('the sums of the last two points are replayed: LM’s point after a rejected trial costs no pass', () => {
  const { c } = setup(...BIEXP);
  const v1 = Float64Array.of(2, 0.8, 1, 0.1);
  const v2 = Float64Array.of(2.5, 0.9, 1.2, 0.12);
  const out = new Float64Array(1 + 4 + 10);
  const g = new Float64Array(4);
  const H = new Float64Array(16);
  assert.ok(c.gram!(v1, out));
  const atV1 = Float64Array.from(out);
  assert.ok(c.gram!(v2, out));
  const before = c.passes();
  // Newton's request at the earlier point (LM's accepted one) and back at the trial: both replayed.
  const f1 = c.objective(v1, 2, g, H);
  assert.ok(c.gram!(v2, out));
  assert.ok(c.gram!(v1, out));
  assert.equal(c.passes(), before, 'no new pass over the rows');
  assert.deepEqual(Array.from(out), Array.from(atV1), 'the same sums, bit for bit');
  assert.equal(f1, atV1[0] / 2);
  assert.ok(c.gram!(Float64Array.of(2, 0.8, 1, 0.11), out));
  assert.equal(c.passes(), before + 1, 'a third point is a pass');
});
