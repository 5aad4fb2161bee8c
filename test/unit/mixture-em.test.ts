// Mixtures of K components: the density's partials against finite differences, the generic M step against closed
// forms, degenerate optima flagged (spike on ties, empty and coinciding components), labels, and withheld SEs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { resolveDist } from '../../server/src/engine/distributions/index.ts';
import { makeOut, tri } from '../../server/src/engine/distributions/types.ts';
import { transformFor } from '../../server/src/engine/eval/transforms.ts';
import { emBuffers, type EmProblem } from '../../server/src/engine/optimize/em-mixture.ts';
import { innerNewton, weightedMleOf } from '../../server/src/engine/optimize/em-m-step.ts';
import type { FitJson } from '../../server/src/protocol.ts';

function fit(model: string, csv: string): FitJson {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok, `fit failed for\n${model}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return r.result;
}
const csv = (ys: readonly number[]): string => `y\n${ys.join('\n')}`;

test('K = 3 mixture (Normal, Exponential, Normal): value, first and second partials match finite differences', () => {
  const spec = { name: 'Mixture', components: [{ name: 'Normal' }, { name: 'Exponential' }, { name: 'Normal' }] };
  const impl = resolveDist(spec, 1)!;
  // x = [y, w1, w2, mu1, s1, rate, mu3, s3]
  const x0 = [1.3, 0.3, 0.25, 0.8, 0.9, 1.7, 2.2, 0.6];
  const W = x0.length;
  assert.equal(impl.nargs, W - 1);
  const at = (x: number[], order: 0 | 1 | 2) => {
    const out = makeOut(W, 1);
    impl.logpdf(
      1,
      x.map((v) => Float64Array.of(v)),
      order,
      out,
    );
    return out;
  };
  const o = at(x0, 2);
  const f = (x: number[]): number => {
    const [y, w1, w2, m1, s1, r, m3, s3] = x;
    const n = (v: number, m: number, s: number) => Math.exp(-0.5 * ((v - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    return Math.log(w1 * n(y, m1, s1) + w2 * r * Math.exp(-r * y) + (1 - w1 - w2) * n(y, m3, s3));
  };
  assert.ok(Math.abs(o.lp[0] - f(x0)) < 1e-13, `lp ${o.lp[0]} vs ${f(x0)}`);
  const h = 1e-5;
  for (let a = 0; a < W; a++) {
    const up = x0.slice();
    const dn = x0.slice();
    up[a] += h;
    dn[a] -= h;
    const fd1 = (f(up) - f(dn)) / (2 * h);
    assert.ok(Math.abs(o.d1[a][0] - fd1) < 1e-7 * (1 + Math.abs(fd1)), `d1[${a}]: ${o.d1[a][0]} vs ${fd1}`);
    const gu = at(up, 1).d1;
    const gd = at(dn, 1).d1;
    for (let b = 0; b < W; b++) {
      const fd2 = (gu[b][0] - gd[b][0]) / (2 * h);
      const ours = o.d2[tri(a, b, W)][0];
      assert.ok(Math.abs(ours - fd2) < 1e-6 * (1 + Math.abs(fd2)), `d2[${a},${b}]: ${ours} vs ${fd2}`);
    }
  }
  // Weights outside the simplex: −∞, never NaN.
  assert.equal(at([1.3, 0.6, 0.5, 0.8, 0.9, 1.7, 2.2, 0.6], 0).lp[0], -Infinity);
});

test('the generic M step (inner Newton on the weighted log-likelihood) reaches the closed-form weighted MLE', () => {
  const y = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
  const r = Float64Array.from(y, (_, i) => 0.2 + 0.6 * Math.abs(Math.cos(i)));
  for (const [name, start, params] of [
    ['Normal', [0, 1], [{}, { lower: 0 }]],
    ['Poisson', [1], [{ lower: 0 }]],
    ['Exponential', [1], [{ lower: 0 }]],
  ] as const) {
    const impl = resolveDist({ name }, 1)!;
    const yy =
      name === 'Normal' ? y : Float64Array.from(y, (v) => Math.round(Math.abs(v)) + (name === 'Poisson' ? 0 : 0.5));
    const pr: EmProblem = {
      y: yy,
      comps: [{ impl, args: start.map((_, j) => ({ param: j })), separable: false }],
      weights: [],
      tr: params.map((p) => transformFor({ name: 'p', ...p })),
      bounds: params,
      spread: 1,
    };
    const b = emBuffers(pr);
    b.r[0].set(r);
    const theta = Float64Array.from(start);
    innerNewton(pr, theta, b, [0], 50);
    const closed = weightedMleOf(impl)!(yy, r)!;
    closed.forEach((v, j) =>
      assert.ok(Math.abs(theta[j] - v) < 1e-9 * (1 + Math.abs(v)), `${name}: ${theta} vs ${closed}`),
    );
  }
});

test('a Normal mixture whose every start collapses onto tied values: non-regular, naming the component, not converged', () => {
  const ys = [...Array<number>(40).fill(1.5), 0.2, 0.9, 2.4, 3.1, 3.3, 4.0, 4.8, 5.5, 6.1, 7.7];
  const r = fit(
    'data "d.csv"\nparam w in (0, 1)\nparam mu1, mu2\nparam sigma1, sigma2 > 0\ny ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))',
    csv(ys),
  );
  const spike = r.diagnostics.find((d) => d.code === 'non-regular' && d.severity === 'warning');
  assert.match(spike?.message ?? '', /component 1 \(Normal\(mu1, sigma1\)\) has collapsed on 40 tied values y = 1\.5/);
  assert.equal(r.converged, false);
  assert.match(r.diagnostics.find((d) => d.severity === 'info')?.message ?? '', /every start ended in such a collapse/);
});

test('Poisson mixture on underdispersed counts: an empty component (boundary) and coinciding components, named', () => {
  const r = fit(
    'data "d.csv"\nparam w in (0, 1)\nparam l1, l2 > 0\ny ~ Mixture(w, Poisson(l1), Poisson(l2))',
    csv(Array.from({ length: 100 }, (_, i) => [2, 3, 3, 3, 4][i % 5])),
  );
  const codes = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code);
  assert.ok(codes.includes('non-regular') && codes.includes('boundary'), JSON.stringify(r.diagnostics));
  assert.ok(
    r.diagnostics.some((d) =>
      /component 1 \(Poisson\(l1\)\) and component 2 \(Poisson\(l2\)\) coincide/.test(d.message),
    ),
  );
  // Free scales are what make a likelihood unbounded: a Poisson mixture gets no such note.
  assert.doesNotMatch(r.diagnostics.find((d) => d.severity === 'info')?.message ?? '', /unbounded/);
});

const FAITHFUL = Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? 2 + Math.sin(i) * 0.3 : 4.3 + Math.cos(i) * 0.5));

test('labels: by increasing mean without inits; matching the inits when given (even against the mean order)', () => {
  const head = 'data "d.csv"\nparam w in (0, 1)\n';
  const body = 'param s1, s2 > 0\ny ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))';
  const free = fit(head + 'param m1, m2\n' + body, csv(FAITHFUL));
  const est = (r: FitJson, n: string) => r.parameters.find((p) => p.name === n)!.estimate!;
  assert.ok(est(free, 'm1') < est(free, 'm2'));
  assert.match(free.diagnostics.find((d) => d.severity === 'info')!.message, /numbered by increasing mean/);
  const init = fit(head + 'param m1 init 4\nparam m2 init 2\n' + body, csv(FAITHFUL));
  assert.ok(est(init, 'm1') > est(init, 'm2'), `m1 ${est(init, 'm1')}, m2 ${est(init, 'm2')}`);
  assert.ok(Math.abs(est(init, 'w') - (1 - est(free, 'w'))) < 1e-8);
  assert.ok(Math.abs(init.logLik! - free.logLik!) < 1e-9);
});

test('a mixture regression is left to the general strategy; method = newton is honoured', () => {
  const xs = FAITHFUL.map((_, i) => i / 10);
  const data = `x,y\n${FAITHFUL.map((y, i) => `${xs[i]},${y + 0.1 * xs[i]}`).join('\n')}`;
  const reg = fit(
    'data "d.csv"\nparam w in (0, 1) init 0.3\nparam a init 2\nparam b, c init 4.3\nparam s1, s2 > 0 init 0.5\n' +
      'y ~ Mixture(w, Normal(a + c * x, s1), Normal(b + c * x, s2))',
    data,
  );
  assert.equal(reg.method, 'newton');
  const nt = fit(
    'data "d.csv"\nparam w in (0, 1) init 0.3\nparam m1 init 2\nparam m2 init 4\nparam s1, s2 > 0 init 0.5\n' +
      'y ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))\nfit method = newton',
    csv(FAITHFUL),
  );
  assert.equal(nt.method, 'newton');
});

test('no SE where a singular-information warning says none is reported (near the symmetric saddle, by Newton)', () => {
  const r = fit(
    'data "d.csv"\nparam w in (0, 1) init 0.49997522887477264\nparam mu1 init 70.89705882352702\n' +
      'param mu2 init 70.89705882353181\nparam sigma1, sigma2 > 0 init 13.569960017586\n' +
      'waiting ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))\nfit method = newton',
    readFileSync('examples/faithful.csv', 'utf8'),
  );
  const named = r.diagnostics
    .filter((d) => d.code === 'singular-information')
    .flatMap((d) => [...d.message.matchAll(/`(\w+)`/g)].map((m) => m[1]));
  assert.ok(named.length > 0, JSON.stringify(r.diagnostics));
  for (const n of named) assert.equal(r.parameters.find((p) => p.name === n)!.se, null, `${n}: ${JSON.stringify(r)}`);
});
