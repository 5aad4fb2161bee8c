// Categorical outcomes against nnet::multinom (r-multinom.json from r-multinom.R: multinom's optimum polished by
// Newton in R, and multinom's raw output at its own convergence), the separated iris fit against its supremum, and
// the intercept-only model against the closed form a[k] = log(n_k / n_ref).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';

interface Tol {
  readonly estimate: number;
  readonly se: number;
  readonly logLik: number;
}
type Params = Record<string, { readonly estimate: number; readonly se: number }>;
interface Ref {
  readonly data: string;
  readonly model: string;
  readonly parameters: Params;
  readonly logLik: number;
  readonly tolerance: Tol;
  readonly multinom: { readonly parameters: Params; readonly logLik: number };
  readonly toleranceMultinom: Tol;
}
const refs = JSON.parse(readFileSync('test/reference/r-multinom.json', 'utf8')) as Record<string, unknown>;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

function fitText(model: string, csvPath: string): FitJson {
  const t = parseDataFile('d.csv', readFileSync(csvPath, 'utf8'));
  assert.ok(t.ok);
  const r = runFit(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok, `fit failed for\n${model}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return r.result;
}

function agree(what: string, r: FitJson, params: Params, logLik: number, tol: Tol): void {
  const ours = Object.fromEntries(r.parameters.map((p) => [p.name, p]));
  const show = `${what}\nours: ${JSON.stringify({ logLik: r.logLik, ours })}\nR:    ${JSON.stringify({ logLik, params })}`;
  assert.ok(r.logLik !== null && rel(r.logLik, logLik) <= tol.logLik, `logLik: ${show}`);
  for (const [name, p] of Object.entries(params)) {
    const o = ours[name];
    assert.ok(o && o.estimate !== null && rel(o.estimate, p.estimate) <= tol.estimate, `${name} estimate: ${show}`);
    assert.ok(o.se !== null && rel(o.se, p.se) <= tol.se, `${name} SE: ${show}`);
  }
}

for (const key of ['iris-sepal-length', 'mtcars-gear-mpg', 'warpbreaks-tension']) {
  const ref = refs[key] as Ref;
  test(`${key}: multinom's estimates, SEs and logLik (polished 1e-6, raw multinom 1e-4 / 1e-3)`, () => {
    const r = fitText(`data "d.csv"\n${ref.model}\n`, ref.data);
    assert.equal(r.converged, true, `${key}: not converged`);
    const bad = r.diagnostics.filter((d) => d.severity !== 'info');
    assert.deepEqual(bad, [], `${key}: ${JSON.stringify(bad)}`);
    assert.equal(r.k, Object.keys(ref.parameters).length, `${key}: k counts the free elements`);
    agree(key, r, ref.parameters, ref.logLik, ref.tolerance);
    agree(`${key} (raw multinom)`, r, ref.multinom.parameters, ref.multinom.logLik, ref.toleranceMultinom);
    // The reference level's elements are reported, fixed at 0 with no SE.
    const fixed = r.parameters.filter((p) => p.fixed);
    assert.ok(fixed.length > 0 && fixed.every((p) => p.estimate === 0 && p.se === null), JSON.stringify(fixed));
  });
}

test('iris by both sepal measures is separated: a separation warning, the supremum logLik, glm’s finite contrasts', () => {
  const ref = refs['iris-sepal-separated'] as {
    data: string;
    model: string;
    supLogLik: number;
    contrasts: Record<string, number>;
    tolerance: { logLik: number; contrast: number };
  };
  const r = fitText(`data "d.csv"\n${ref.model}\n`, ref.data);
  const codes = r.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('separation'), JSON.stringify(r.diagnostics));
  assert.ok(!codes.includes('singular-information'), `artefact null directions reported: ${JSON.stringify(codes)}`);
  assert.ok(
    r.logLik !== null && rel(r.logLik, ref.supLogLik) <= ref.tolerance.logLik,
    `${r.logLik} vs ${ref.supLogLik}`,
  );
  const est = (n: string): number => r.parameters.find((p) => p.name === n)!.estimate!;
  for (const [p, c] of Object.entries(ref.contrasts)) {
    const ours = est(`${p}[virginica]`) - est(`${p}[versicolor]`);
    assert.ok(rel(ours, c) <= ref.tolerance.contrast, `${p}: virginica − versicolor ${ours}, glm ${c}`);
  }
});

test('intercept only: a[k] = log(n_k / n_ref), SE √(1/n_k + 1/n_ref), logLik Σ n_k log(n_k / n) (closed form)', () => {
  const csv = readFileSync('examples/mtcars.csv', 'utf8').trim().split('\n');
  const at = csv[0].split(',').findIndex((h) => h.replace(/"/g, '') === 'gear');
  const gears = csv.slice(1).map((l) => Number(l.split(',')[at]));
  const n: Record<string, number> = {};
  for (const g of gears) n[g] = (n[g] ?? 0) + 1;
  const N = gears.length;
  for (const [model, ref] of [
    ['param a[factor(gear)] ref\ngear ~ Categorical(a[factor(gear)])', '3'],
    ['param a[factor(gear)] ref "4"\ngear ~ Categorical(a[factor(gear)])', '4'],
  ] as const) {
    const r = fitText(`data "d.csv"\n${model}\n`, 'examples/mtcars.csv');
    assert.equal(r.converged, true);
    const ll = Object.values(n).reduce((s, k) => s + k * Math.log(k / N), 0);
    assert.ok(Math.abs(r.logLik! - ll) <= 1e-10 * Math.abs(ll), `${model}: logLik ${r.logLik} vs ${ll}`);
    for (const level of Object.keys(n)) {
      const p = r.parameters.find((x) => x.name === `a[${level}]`)!;
      if (level === ref) {
        assert.ok(p.fixed && p.estimate === 0, JSON.stringify(p));
        continue;
      }
      const a = Math.log(n[level] / n[ref]);
      const se = Math.sqrt(1 / n[level] + 1 / n[ref]);
      assert.ok(Math.abs(p.estimate! - a) <= 1e-9, `${model}: ${p.name} ${p.estimate} vs ${a}`);
      assert.ok(Math.abs(p.se! - se) <= 1e-9 * se, `${model}: ${p.name} SE ${p.se} vs ${se}`);
    }
  }
});
