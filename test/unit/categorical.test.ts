// Categorical outcomes (language v2): checks, quick fix, lowering of η per level, the fit's JSON rows, plots, hover
// and completion. Agreement with nnet::multinom is test/reference/r-multinom.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDelimited } from '../../server/src/data/table.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { quickFixes } from '../../server/src/features/code-actions.ts';
import { hover } from '../../server/src/features/hover.ts';
import { completion } from '../../server/src/features/completion.ts';
import { paramDeps } from '../../server/src/engine/model.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';

const load = (csv: string): DataLoad => {
  const r = parseDelimited(csv, ',');
  assert.ok(r.ok);
  return { ok: true, path: 'd.csv', table: r.table };
};
const iris = (): DataLoad => loadData('examples/iris.csv', 'iris.csv');
const HEAD = 'data "iris.csv"\n';
const IRIS = `${HEAD}param a[Species] ref\nparam b[Species] ref\nSpecies ~ Categorical(a[Species] + b[Species] * Sepal.Length)\n`;
const diags = (text: string, data: DataLoad) => analyze(text, data).diagnostics;
const show = (ds: readonly { code: string; message: string }[]): string =>
  ds.map((d) => `${d.code}: ${d.message}`).join('\n');

test('a factor outcome of Categorical is no non-numeric error, and a clean model has no diagnostic', () => {
  const ds = diags(IRIS, iris());
  assert.deepEqual(ds, [], show(ds));
  // The same factor in arithmetic still is one.
  const bad = diags(`${HEAD}param a, s > 0\nSepal.Length ~ Normal(a + Species, s)\n`, iris());
  assert.ok(
    bad.some((d) => d.code === 'non-numeric'),
    show(bad),
  );
});

test('no ref: not-identifiable says η is determined up to a constant, and the quick fix adds ref', () => {
  const text = `${HEAD}param a[Species]\nparam b[Species] ref\nSpecies ~ Categorical(a[Species] + b[Species] * Sepal.Length)\n`;
  const an = analyze(text, iris());
  const ni = an.diagnostics.filter((d) => d.code === 'not-identifiable');
  assert.equal(ni.length, 1, show(an.diagnostics));
  assert.match(ni[0].message, /determined only up to a constant.*Add `ref` to `param a\[Species\]`/);
  const fix = quickFixes(an, ni);
  assert.equal(fix.length, 1);
  const e = fix[0].edits[0];
  const fixed = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  assert.match(fixed, /param a\[Species\] ref\n/);
  const after = diags(fixed, iris());
  assert.deepEqual(after, [], show(after));
});

test('a term of η that does not vary by level cancels: the rank test names it; η without the outcome is flagged', () => {
  const scalar = diags(
    `${HEAD}param a[Species] ref\nparam c\nSpecies ~ Categorical(a[Species] + c * Sepal.Length)\n`,
    iris(),
  );
  const ni = scalar.filter((d) => d.code === 'not-identifiable');
  assert.equal(ni.length, 1, show(scalar));
  assert.match(ni[0].message, /`c` is not identifiable/);
  const none = diags(`${HEAD}param c\nSpecies ~ Categorical(c * Sepal.Length)\n`, iris());
  assert.ok(
    none.some((d) => d.code === 'not-identifiable' && /does not depend on the level of `Species`/.test(d.message)),
    show(none),
  );
});

test('outcome: a column (not an expression) with at least two used levels; not a Mixture component', () => {
  const expr = diags(`${HEAD}param a[Species] ref\nlog(Sepal.Length) ~ Categorical(a[Species])\n`, iris());
  assert.ok(
    expr.some((d) => d.code === 'invalid-argument' && /outcome of Categorical is a column/.test(d.message)),
    show(expr),
  );
  const one = diags('data "d.csv"\nparam a[g] ref\ng ~ Categorical(a[g])\n', load('g,x\nA,1\nA,2\nA,3\n'));
  assert.ok(
    one.some((d) => d.code === 'invalid-argument' && /at least two levels.*only A/.test(d.message)),
    show(one),
  );
  const mix = diags(
    `${HEAD}param w in (0, 1)\nparam a[Species] ref\nparam m, s > 0\nSepal.Length ~ Mixture(w, Categorical(a[Species]), Normal(m, s))\n`,
    iris(),
  );
  assert.ok(
    mix.some((d) => d.code === 'invalid-argument' && /Mixture component/.test(d.message)),
    show(mix),
  );
});

test('a level with no used rows is named (separation); too-few-rows counts free elements', () => {
  // Level C occurs only on a row dropped for its missing x.
  const data = load('g,x\nA,1\nB,2\nA,3\nB,1\nC,NA\nA,2\n');
  const ds = diags('data "d.csv"\nparam a[g] ref\nparam b[g] ref\ng ~ Categorical(a[g] + b[g] * x)\n', data);
  const sep = ds.filter((d) => d.code === 'separation');
  assert.equal(sep.length, 1, show(ds));
  assert.match(sep[0].message, /No used row has g = `C`/);
  // 5 used rows, free elements a[B], a[C], b[B], b[C] … and with a third vector, 6 > 5.
  const few = diags(
    'data "d.csv"\nparam a[g] ref\nparam b[g] ref\nparam c[g] ref\ng ~ Categorical(a[g] + b[g] * x + c[g] * x * x)\n',
    data,
  );
  assert.ok(
    few.some((d) => d.code === 'too-few-rows' && /6 parameters/.test(d.message)),
    show(few),
  );
});

test('lowering: one η per level, the reference level the constant 0, a mixed index keeps the row’s other level', () => {
  const data = loadData('examples/warpbreaks.csv', 'warpbreaks.csv');
  const text =
    'data "warpbreaks.csv"\nparam a[tension] ref\nparam c[tension, wool] ref\ntension ~ Categorical(a[tension] + c[tension, wool])\n';
  const an = analyze(text, data);
  assert.deepEqual(an.diagnostics, [], show(an.diagnostics));
  const m = lower(an);
  const t = m.terms[0];
  assert.equal(t.dist.name, 'Categorical');
  assert.equal(t.dist.classes, 3);
  assert.equal(t.args.length, 3);
  const names = m.params.map((p) => p.name);
  const deps = t.args.map((a) => paramDeps(a).map((j) => names[j]));
  assert.deepEqual(deps, [[], ['a[L]', 'c[L,B]'], ['a[M]', 'c[M,B]']]);
  // y is the level code of each used row (H, L, M → 0, 1, 2).
  assert.equal(t.y.op, 'data');
  const codes = new Set(t.y.op === 'data' ? t.y.values : []);
  assert.deepEqual([...codes].sort(), [0, 1, 2]);
});

test('a numeric outcome is read as factor(column): results name its levels, in the table and JSON', () => {
  const text = readFileSync('examples/iris-multinomial.mle', 'utf8');
  const r = runFit(analyze(text, iris()), 'examples/iris-multinomial.mle');
  assert.ok(r.ok);
  const names = r.result.parameters.map((p) => p.name);
  for (const n of ['a[setosa]', 'a[versicolor]', 'a[virginica]', 'b_length[virginica]'])
    assert.ok(names.includes(n), names.join(', '));
  const gear = runFit(
    analyze(
      'data "mtcars.csv"\nparam a[factor(gear)] ref\ngear ~ Categorical(a[factor(gear)])\n',
      loadData('examples/mtcars.csv', 'mtcars.csv'),
    ),
    'm.mle',
  );
  assert.ok(gear.ok);
  assert.deepEqual(
    gear.result.parameters.map((p) => p.name),
    ['a[3]', 'a[4]', 'a[5]'],
  );
  // An i.i.d. Categorical gets a per-level count plot (codes 0…K−1, expected n·p_k); a regression no calibration, but
  // observed against expected class counts (Σᵢ p_ik), in the same shape (class-frequency-plot.ts).
  const plot = gear.result.plots?.[0];
  assert.ok(plot, JSON.stringify(gear.result.plots));
  assert.deepEqual(plot.x, [0, 1, 2]);
  assert.ok(Math.abs(plot.expected.reduce((s, v) => s + v, 0) - 32) < 1e-9, JSON.stringify(plot));
  assert.equal(r.result.calibration?.length ?? 0, 0);
  assert.equal(r.result.plots?.length ?? 0, 1);
  assert.deepEqual(r.result.plots?.[0].x, [0, 1, 2]);
});

test('hover and completion document Categorical with its softmax formula', () => {
  const an = analyze(IRIS, iris());
  const md = hover(an, IRIS.indexOf('Categorical') + 3)?.markdown ?? '';
  assert.match(md, /\*\*Categorical\*\*\(eta\)/);
  assert.match(md, /P\(Y = k\) = exp\(η_k\) \/ Σ_j exp\(η_j\)/);
  const at = IRIS.indexOf('Categorical');
  const text = IRIS.slice(0, at) + IRIS.slice(at + 'Categorical(a[Species] + b[Species] * Sepal.Length)'.length);
  const items = completion(analyze(text, iris()), at, { listDataFiles: () => [] });
  const item = items.find((e) => e.label === 'Categorical');
  assert.ok(item, items.map((e) => e.label).join(', '));
  assert.match(String(item.documentation), /exp\(η_k\)/);
});
