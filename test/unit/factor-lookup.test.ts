// A factor index is one lookup node: fits through it equal the same model with written-out indicator columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDelimited, type DataTable } from '../../server/src/data/table.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { directDesign } from '../../server/src/engine/solvers/linear-design.ts';
import { glmPass, glmFactorPass, FAMILY_LOG, FAMILY_LOGIT } from '../../server/src/engine/solvers/glm-pass.ts';
import { children, type Node } from '../../server/src/engine/model.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import type { FitJson } from '../../server/src/protocol.ts';

/** A small deterministic PRNG (LCG), so the data are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

const LEVELS = ['A', 'B', 'C', 'D', 'E', 'F'];
const EFFECT = [0, 0.4, -0.3, 0.2, 0.6, -0.5];
const TENSION = ['H', 'L'];

/** y (Poisson count), yb (0/1), grp (6 levels), ten (2 levels), x1, x2, and the indicator columns of grp and ten. */
function dataset(n: number): DataLoad {
  const r = lcg(7);
  const head = ['y', 'yb', 'grp', 'ten', 'x1', 'x2', ...LEVELS.slice(1).map((l) => `g_${l}`), 't_L'];
  const lines = [head.join(',')];
  for (let i = 0; i < n; i++) {
    const l = Math.floor(r() * LEVELS.length);
    const t = r() < 0.4 ? 1 : 0;
    const x1 = Number((2 * r() - 1).toFixed(4));
    const x2 = Number((3 * r()).toFixed(4));
    const eta = 0.3 + EFFECT[l] - 0.2 * t + 0.5 * x1 - 0.1 * x2;
    // Poisson by inversion; a Bernoulli outcome from the same predictor.
    const mu = Math.exp(eta);
    let k = 0;
    let p = Math.exp(-mu);
    let c = p;
    const u = r();
    while (u > c && k < 100) {
      k++;
      p *= mu / k;
      c += p;
    }
    const yb = r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    const ind = LEVELS.slice(1).map((_, j) => (l === j + 1 ? 1 : 0));
    lines.push([k, yb, LEVELS[l], TENSION[t], x1, x2, ...ind, t].join(','));
  }
  const parsed = parseDelimited(lines.join('\n') + '\n', ',');
  assert.ok(parsed.ok);
  return { ok: true, path: 'd.csv', table: parsed.table as DataTable };
}

const DATA = dataset(3000);

const fit = (text: string): FitJson => {
  const r = runFit(analyze(text, DATA), 'm.mle');
  assert.ok(r.ok, `fit failed: ${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}\n${text}`);
  return r.result;
};

/** Estimates and SEs of `ours` (factor) against `ref` (indicator columns), names mapped, relative 1e-10. */
function sameFit(ours: FitJson, ref: FitJson, names: Record<string, string>, what: string): void {
  assert.equal(ours.method, ref.method, `${what}: both through ${ref.method}`);
  for (const [o, rName] of Object.entries(names)) {
    const a = ours.parameters.find((p) => p.name === o)!;
    const b = ref.parameters.find((p) => p.name === rName)!;
    for (const k of ['estimate', 'se'] as const) {
      const x = a[k]!;
      const y = b[k]!;
      assert.ok(
        Math.abs(x - y) <= 1e-10 * Math.max(1, Math.abs(y)),
        `${what}: ${o} ${k} ${x} vs ${rName} ${y} (indicator columns)`,
      );
    }
  }
  assert.ok(Math.abs(ours.logLik! - ref.logLik!) <= 1e-10 * Math.abs(ref.logLik!), `${what}: logLik`);
}

const factorNames = {
  a: 'a',
  b1: 'b1',
  b2: 'b2',
  ...Object.fromEntries(LEVELS.slice(1).map((l) => [`g[${l}]`, `c_${l}`])),
};
const withIndicators = (dist: string, y: string): string =>
  `data "d.csv"\nparam a, b1, b2, ${LEVELS.slice(1)
    .map((l) => `c_${l}`)
    .join(', ')}\n${y} ~ ${dist}(a + ${LEVELS.slice(1)
    .map((l) => `c_${l} * g_${l}`)
    .join(' + ')} + b1 * x1 + b2 * x2)\n`;

/** Every node of a lowered model's likelihood arguments. */
function nodes(text: string): Node[] {
  const m = lower(analyze(text, DATA));
  const out = new Set<Node>();
  const visit = (n: Node): void => {
    if (out.has(n)) return;
    out.add(n);
    children(n).forEach(visit);
  };
  m.terms.forEach((t) => t.args.forEach(visit));
  return [...out];
}

test('Poisson: a factor through the lookup fast path equals written-out indicator columns (1e-10)', () => {
  const text = 'data "d.csv"\nparam a, b1, b2\nparam g[grp] ref\ny ~ Poisson(exp(a + g[grp] + b1 * x1 + b2 * x2))\n';
  const lookups = nodes(text).filter((n) => n.op === 'lookup');
  assert.equal(lookups.length, 1, 'g[grp] lowers to one lookup node');
  assert.equal(nodes(text).filter((n) => n.op === 'data' && /grp ==/.test(n.name)).length, 0, 'no indicator columns');
  const ours = fit(text);
  assert.equal(ours.method, 'irls');
  sameFit(ours, fit(withIndicators('Poisson(exp', 'y').replace(/\)\n$/, '))\n')), factorNames, 'Poisson');
});

test('logistic with two factors: equals indicator columns; a subtracted factor falls back to columns and agrees too', () => {
  const text =
    'data "d.csv"\nparam a, b1, b2\nparam g[grp] ref\nparam t[ten] ref\nyb ~ Bernoulli(logistic(a + g[grp] + t[ten] + b1 * x1 + b2 * x2))\n';
  const ref = fit(
    withIndicators('Bernoulli(logistic', 'yb').replace(/\)\n$/, ' + tt * t_L))\n').replace('param a,', 'param tt, a,'),
  );
  sameFit(fit(text), ref, { ...factorNames, 't[L]': 'tt' }, 'logistic, two factors');
  // −g[grp]: the solver's one-hot block takes only + factors; this one goes in as −indicator columns.
  const neg = fit(text.replace('+ g[grp]', '- g[grp]'));
  for (const l of LEVELS.slice(1)) {
    const a = neg.parameters.find((p) => p.name === `g[${l}]`)!.estimate!;
    const b = ref.parameters.find((p) => p.name === `c_${l}`)!.estimate!;
    assert.ok(Math.abs(a + b) <= 1e-10 * Math.max(1, Math.abs(b)), `−g[${l}] = ${a} vs ${-b}`);
  }
});

test('detection: a numeric model keeps a plain design; a factor leaves its lookup in `factors` only when asked', () => {
  const numeric = lower(analyze(withIndicators('Poisson(exp', 'y').replace(/\)\n$/, '))\n'), DATA));
  const eta = numeric.terms[0].args[0] as Extract<Node, { op: 'call' }>;
  const plain = directDesign(eta.a, numeric.n, true)!;
  assert.equal(plain.factors.length, 0, 'no factor found in a model without one');
  assert.equal(plain.deps.length, 8);
  const text = 'data "d.csv"\nparam a, b1, b2\nparam g[grp] ref\ny ~ Poisson(exp(a + g[grp] + b1 * x1 + b2 * x2))\n';
  const m = lower(analyze(text, DATA));
  const e = (m.terms[0].args[0] as Extract<Node, { op: 'call' }>).a;
  const kept = directDesign(e, m.n, true)!;
  assert.equal(kept.factors.length, 1);
  assert.equal(kept.deps.length, 3, 'a, b1, b2 as columns');
  const expanded = directDesign(e, m.n)!;
  assert.equal(expanded.factors.length, 0);
  assert.equal(expanded.deps.length, 8, 'five level indicators besides a, b1, b2');
  assert.deepEqual(
    expanded.labels.filter((x) => x),
    LEVELS.slice(1).map((l) => `grp == "${l}"`),
  );
});

/** The columns of a row-major n×p matrix. */
const columns = (X: Float64Array, p: number): Float64Array[] =>
  Array.from({ length: p }, (_, q) => Float64Array.from({ length: X.length / p }, (_, i) => X[i * p + q]));

test('glmFactorPass equals the dense pass on the expanded design (score, information, log-likelihood)', () => {
  const r = lcg(11);
  const n = 500;
  const p = 2;
  const L1 = 4;
  const L2 = 3;
  // Factor 1: levels 0..3, level 0 fixed; factor 2: levels 0..2, level 1 fixed. Coefficients: 2 numeric, 3 + 2 levels.
  const pos1 = [-1, 2, 3, 4];
  const pos2 = [5, -1, 6];
  const P = 7;
  const X = new Float64Array(n * p);
  const idx = new Int32Array(n * 2);
  const dense = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    X[i * p] = 1;
    X[i * p + 1] = 2 * r() - 1;
    const c1 = Math.floor(r() * L1);
    const c2 = Math.floor(r() * L2);
    idx[i * 2] = pos1[c1];
    idx[i * 2 + 1] = pos2[c2];
    dense[i * P] = 1;
    dense[i * P + 1] = X[i * p + 1];
    if (pos1[c1] >= 0) dense[i * P + pos1[c1]] = 1;
    if (pos2[c2] >= 0) dense[i * P + pos2[c2]] = 1;
  }
  const y = Float64Array.from({ length: n }, () => Math.floor(3 * r()));
  const yb = y.map((v) => (v > 0 ? 1 : 0));
  const off = new Float64Array(n);
  const beta = Float64Array.from({ length: P }, () => 0.3 * (r() - 0.5));
  for (const [family, yy] of [
    [FAMILY_LOG, y],
    [FAMILY_LOGIT, yb],
  ] as const) {
    const g1 = new Float64Array(P);
    const H1 = new Float64Array(P * P);
    const g2 = new Float64Array(P);
    const H2 = new Float64Array(P * P);
    const e = new Int32Array(1);
    const ll1 = glmFactorPass(family, columns(X, p), idx, 2, P, off, yy, undefined, beta, 0, n, g1, H1, true, e);
    const ll2 = glmPass(family, columns(dense, P), off, yy, undefined, beta, 0, n, g2, H2, true, e);
    const near = (a: number, b: number, what: string): void =>
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `family ${family} ${what}: ${a} vs ${b}`);
    near(ll1, ll2, 'logLik');
    for (let j = 0; j < P; j++) near(g1[j], g2[j], `g[${j}]`);
    for (let j = 0; j < P; j++) for (let k = j; k < P; k++) near(H1[j * P + k], H2[j * P + k], `H[${j},${k}]`);
  }
});
