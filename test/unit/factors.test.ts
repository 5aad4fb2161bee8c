// Factors and vector parameters (language v2): levels, JSON rows, checks, and closed forms for simplex and priors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDelimited, type DataTable } from '../../server/src/data/table.ts';
import { factorOf } from '../../server/src/data/factors.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { quickFixes } from '../../server/src/features/code-actions.ts';
import type { FitJson } from '../../server/src/protocol.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';

const table = (csv: string): DataTable => {
  const r = parseDelimited(csv, ',');
  assert.ok(r.ok);
  return r.table;
};
const load = (csv: string): DataLoad => ({ ok: true, path: 'd.csv', table: table(csv) });
const file = (name: string): DataLoad => loadData(`examples/${name}`, name);
const fit = (text: string, data: DataLoad): FitJson => {
  const r = runFit(analyze(text, data), 'm.mle');
  assert.ok(r.ok, `fit failed: ${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}\n${text}`);
  return r.result;
};
const param = (f: FitJson, name: string) => {
  const p = f.parameters.find((x) => x.name === name);
  assert.ok(p, `no ${name} in ${f.parameters.map((x) => x.name).join(', ')}`);
  return p;
};
const codes = (text: string, data: DataLoad): string[] => analyze(text, data).diagnostics.map((d) => d.code);
const close = (a: number | null, b: number, tol: number, what: string): void =>
  assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ours ${a}, expected ${b}`);

test('levels: text in code-point order, factor(col) in numeric order, missing cells have no level', () => {
  const t = table('g,n\nb,10\nB,9\na,NA\n,10\nZ,2\nb,9\n');
  const g = factorOf(t.byName.get('g')!, false)!;
  assert.deepEqual(g.levels, ['B', 'Z', 'a', 'b']);
  assert.deepEqual([...g.codes], [3, 0, 2, -1, 1, 3]);
  assert.deepEqual(g.counts, [1, 1, 1, 2]);
  assert.equal(factorOf(t.byName.get('n')!, false), undefined, 'a numeric column is a factor only through factor()');
  const n = factorOf(t.byName.get('n')!, true)!;
  assert.deepEqual(n.levels, ['2', '9', '10']);
  assert.deepEqual([...n.codes], [2, 1, -1, 2, 0, 1]);
});

test('a row with a missing factor cell is dropped when the factor is used', () => {
  const data = load('y,g\n1,A\n2,B\n3,\n4,NA\n5,A\n6,B\n');
  const an = analyze('data "d.csv"\nparam b[g]\nparam s > 0\ny ~ Normal(b[g], s)\n', data);
  assert.equal(an.rowsUsedCount, 4);
  assert.ok(an.diagnostics.some((d) => d.code === 'missing-rows'));
});

test('JSON rows: every element, fixed ones with estimate 0 and null SE, not counted in k; covariance follows the rows', () => {
  const f = fit(readFileSync('examples/warpbreaks-factors.mle', 'utf8'), file('warpbreaks.csv'));
  assert.equal(f.k, 6);
  assert.deepEqual(
    f.parameters.map((p) => p.name),
    ['a', 'b_wool[A]', 'b_wool[B]', 'b_tension[H]', 'b_tension[L]', 'b_tension[M]'].concat([
      'b[A,H]',
      'b[A,L]',
      'b[A,M]',
      'b[B,H]',
      'b[B,L]',
      'b[B,M]',
    ]),
  );
  const fixed = param(f, 'b[B,H]');
  assert.equal(fixed.fixed, true);
  assert.equal(fixed.estimate, 0);
  assert.equal(fixed.se, null);
  assert.equal(fixed.base, 'b');
  assert.deepEqual(fixed.index, ['B', 'H']);
  const free = param(f, 'b[B,L]');
  assert.equal(free.fixed, false);
  assert.deepEqual(free.index, ['B', 'L']);
  assert.equal(param(f, 'a').fixed, undefined, 'scalars have no element fields');
  assert.equal(f.covariance!.length, 12);
  const i = f.parameters.indexOf(free);
  const j = f.parameters.indexOf(fixed);
  close(Math.sqrt(f.covariance![i][i]!), free.se!, 1e-12, 'covariance diagonal is the SE²');
  assert.equal(f.covariance![j][i], null, 'a fixed row is null');
  assert.equal(f.correlation![i][i], 1);
});

test('a + b[wool] without ref: not-identifiable in factor words, once, and the quick fix adds ref', () => {
  const data = file('warpbreaks.csv');
  const text = 'data "warpbreaks.csv"\nparam a\nparam b[wool]\nbreaks ~ Poisson(exp(a + b[wool]))\n';
  const an = analyze(text, data);
  const ni = an.diagnostics.filter((d) => d.code === 'not-identifiable');
  assert.equal(ni.length, 1, JSON.stringify(ni));
  assert.match(ni[0].message, /intercept `a` and the levels of `b\[wool\]`.*add `ref` to `param b\[wool\]`/i);
  const fix = quickFixes(an, ni);
  assert.equal(fix.length, 1);
  const e = fix[0].edits[0];
  const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  assert.match(fixed, /param b\[wool\] ref\n/);
  assert.deepEqual(codes(fixed, data), []);
});

test('invalid-index: bare vectors, unknown levels, numeric columns, ref levels, wrong index', () => {
  const data = file('warpbreaks.csv');
  const an = (body: string) => analyze(`data "warpbreaks.csv"\nparam a\nparam b[wool] ref\n${body}`, data);
  const msg = (body: string): string =>
    an(body)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => `${d.code}: ${d.message}`)
      .join('\n');
  assert.match(
    msg('breaks ~ Poisson(exp(a + b))'),
    /invalid-index: `b` is a vector.*`b\[wool\]` for each row.*`b\["A"\]`/,
  );
  assert.match(msg('breaks ~ Poisson(exp(a + b["C"]))'), /"C" is not a level of `wool` \(levels A, B\)/);
  assert.match(msg('breaks ~ Poisson(exp(a + b[tension]))'), /`b` is indexed by `wool`/);
  assert.match(
    msg('param c[breaks]\nbreaks ~ Poisson(exp(a + c[breaks]))'),
    /`breaks` is numeric: write `factor\(breaks\)`/,
  );
  assert.match(
    msg('param d[tension] ref "Q"\nbreaks ~ Poisson(exp(a + d[tension]))'),
    /"Q" is not a level of `tension`/,
  );
  assert.match(msg('breaks ~ Poisson(exp(a + factor(breaks)))'), /`factor\(…\)` can only be used as an index/);
  assert.match(msg('breaks ~ Poisson(exp(a[wool]))'), /`a` is a scalar parameter, not a vector/);
  assert.equal(msg('breaks ~ Poisson(exp(a + b[wool]))\nderive d = b["B"]'), '');
});

test('non-numeric: a factor in arithmetic lists its levels and shows the index form', () => {
  const d = analyze(
    'data "warpbreaks.csv"\nparam a, c\nbreaks ~ Poisson(exp(a + c * tension))\n',
    file('warpbreaks.csv'),
  ).diagnostics.find((x) => x.code === 'non-numeric');
  assert.ok(d);
  assert.match(d.message, /`tension` is a factor \(levels H, L, M\): use it as an index, e.g. `b\[tension\]`/);
});

test('unused-parameter names a level with no used rows; too-few-rows counts elements', () => {
  const data = load('y,g\n1,A\n2,A\n3,B\n4,B\nNA,C\n');
  const an = analyze('data "d.csv"\nparam b[g]\nparam s > 0\ny ~ Normal(b[g], s)\n', data);
  const un = an.diagnostics.filter((d) => d.code === 'unused-parameter');
  assert.equal(un.length, 1);
  assert.match(un[0].message, /`b\[C\]` does not affect the likelihood: no used row has g = C/);
  const small = analyze(
    'data "d.csv"\nparam a, s > 0\nparam b[g] ref\ny ~ Normal(a + b[g], s)\n',
    load('y,g\n1,A\n2,B\n3,C\n'),
  );
  const few = small.diagnostics.find((d) => d.code === 'too-few-rows');
  assert.ok(few, 'a, s and b[B], b[C] are 4 parameters for 3 rows');
  assert.equal(few.data?.params, 4);
});

test('simplex: K elements summing to 1, K − 1 free parameters, delta-method SEs (closed form: Bernoulli)', () => {
  const f = fit('data "infert.csv"\nparam w[1:2] simplex\ncase ~ Bernoulli(w[2])\n', file('infert.csv'));
  const y = file('infert.csv');
  assert.ok(y.ok);
  const cases = y.table.byName.get('case')!.values;
  const n = cases.length;
  const p = cases.reduce((s, v) => s + v, 0) / n;
  assert.equal(f.k, 1);
  assert.deepEqual(
    f.parameters.map((r) => r.name),
    ['w[1]', 'w[2]'],
  );
  close(param(f, 'w[2]').estimate, p, 1e-8, 'w[2] = mean(case)');
  close(param(f, 'w[1]').estimate, 1 - p, 1e-8, 'w[1] = 1 - mean(case)');
  const se = Math.sqrt((p * (1 - p)) / n);
  close(param(f, 'w[2]').se, se, 1e-6, 'se of w[2]');
  close(param(f, 'w[1]').se, se, 1e-6, 'se of w[1]');
  close(f.covariance![0][1], -se * se, 1e-6, 'cov(w1, w2) = -var');
});

test('prior on a vector gives each free element the prior (closed form: conjugate Normal means)', () => {
  const data = load('y,g\n1,A\n2,A\n3.5,B\n4,B\n5,B\n');
  const f = fit('data "d.csv"\nparam b[g]\nprior b ~ Normal(0, 1)\ny ~ Normal(b[g], 1)\n', data);
  close(param(f, 'b[A]').estimate, 3 / 3, 1e-8, 'b[A] = Σy / (n + 1)');
  close(param(f, 'b[B]').estimate, 12.5 / 4, 1e-8, 'b[B] = Σy / (n + 1)');
  const multi = fit('data "d.csv"\nparam a, c\nprior a, c ~ Normal(0, 1)\ny ~ Normal(a, 1)\ny ~ Normal(c, 1)\n', data);
  close(param(multi, 'a').estimate, 15.5 / 6, 1e-8, 'multi-name prior: a = Σy / (n + 1)');
  close(param(multi, 'c').estimate, 15.5 / 6, 1e-8, 'multi-name prior: c = Σy / (n + 1)');
});

test('a range-indexed vector: mu[1], mu[2] are scalars (closed form: two means)', () => {
  const cars = file('cars.csv');
  const f = fit(
    'data "cars.csv"\nparam m[1:2]\nparam s, t > 0\ndist ~ Normal(m[1], s)\nspeed ~ Normal(m[2], t)\nderive d = m[1] - m[2]\n',
    cars,
  );
  assert.ok(cars.ok);
  const mean = (c: string): number => {
    const v = cars.table.byName.get(c)!.values;
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  close(param(f, 'm[1]').estimate, mean('dist'), 1e-9, 'm[1] = mean(dist)');
  close(param(f, 'm[2]').estimate, mean('speed'), 1e-9, 'm[2] = mean(speed)');
  assert.deepEqual(param(f, 'm[2]').index, ['2']);
  close(f.derived[0].estimate, mean('dist') - mean('speed'), 1e-9, 'derive with literal elements');
});
