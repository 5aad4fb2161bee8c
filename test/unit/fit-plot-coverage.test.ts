// Issue 9: every likelihood term of a fitted model gets a fit-to-data plot or a line saying why not, for every family
// of the registry in every shape (i.i.d., regression, censored, truncated, mixture, Categorical), and the expected one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { FAMILIES } from '../../server/src/engine/distributions/index.ts';
import type { Family } from '../../server/src/engine/distributions/types.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';
import type { FitJson } from '../../server/src/protocol.ts';

/** What a term's result must carry: a plot of that kind, or a note (a reason in words). */
type Expect = 'plots' | 'regression' | 'outcome' | 'cox-snell' | 'note';

const N = 80;

/** Draws N outcomes at the family's example arguments, and a covariate x unrelated to them. */
function sample(f: Family): { y: number[]; x: number[] } {
  const rand = rng(7);
  const y = Array.from({ length: N }, () => f.random(f.example, rand));
  return { y, x: Array.from({ length: N }, (_, i) => ((i * 0.618034) % 1) - 0.5) };
}

const constraint = { real: '', positive: ' > 0', probability: ' in (0, 1)', 'nonnegative-integer': '' } as const;

/** The family's call: integer arguments from the data column `size`; argument `reg` (if any) depends on x. */
function call(f: Family, reg: number): { decl: string; text: string } {
  const decl: string[] = [];
  const args = f.args.map((a, k) => {
    if (a.domain === 'nonnegative-integer') return 'size';
    const p = `p${k}`;
    if (k !== reg) {
      decl.push(`param ${p}${constraint[a.domain]} init ${f.example[k]}`);
      return p;
    }
    decl.push(`param ${p}, s${k}`);
    const eta = `${p} + s${k} * x`;
    return a.domain === 'positive' ? `exp(${eta})` : a.domain === 'probability' ? `logistic(${eta})` : eta;
  });
  return { decl: decl.join('\n'), text: `${f.name}(${args.join(', ')})` };
}

function fitted(model: string, cols: Record<string, number[]>): FitJson {
  const names = Object.keys(cols);
  const csv = [names.join(','), ...cols[names[0]].map((_, i) => names.map((c) => cols[c][i]).join(','))].join('\n');
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${model}\n`, { ok: true, path: 'd.csv', table: t.table });
  const errors = an.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 0, `${model}\n${JSON.stringify(errors.map((e) => e.message))}`);
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, `${model}\n${JSON.stringify(r)}`);
  return r.result;
}

function check(model: string, cols: Record<string, number[]>, expect: Expect): void {
  const f = fitted(model, cols);
  const show = `${model}\nplots ${f.plots?.length}, calibration ${f.calibration?.length}, residuals ${f.residuals?.length}, survival ${JSON.stringify(f.survival?.map((s) => s.kind))}, notes ${JSON.stringify(f.plotNotes)}`;
  const notes = f.plotNotes ?? [];
  const has = {
    plots: (f.plots?.length ?? 0) > 0,
    regression: (f.calibration?.length ?? 0) + (f.residuals?.length ?? 0) > 0,
    outcome: f.survival?.some((s) => s.kind === 'outcome') ?? false,
    'cox-snell': f.survival?.some((s) => s.kind === 'cox-snell') ?? false,
    note: notes.length === 1 && notes[0].reason.startsWith('No fit-to-data plot: ') && notes[0].reason.length > 30,
  };
  assert.ok(has[expect], `expected ${expect}: ${show}`);
  // A plot and no note, or a note and no plot: never both, never neither.
  assert.equal(notes.length, expect === 'note' ? 1 : 0, show);
}

const sized = (f: Family): boolean => f.args.some((a) => a.domain === 'nonnegative-integer');
const canCensor = (f: Family): boolean => !!f.logCdf && !f.support.discrete;
const canTruncate = (f: Family): boolean => !!f.logCdf && f.support.kind !== 'binary';
/** The first argument that is not an integer (the regression's): for Uniform the upper bound keeps the data inside. */
const regArg = (f: Family): number =>
  f.name === 'Uniform' ? 1 : f.args.findIndex((a) => a.domain !== 'nonnegative-integer');

for (const f of FAMILIES) {
  const { y, x } = sample(f);
  const size = new Array<number>(N).fill(f.args[0].domain === 'nonnegative-integer' ? f.example[0] : 0);
  const cols = { y, x, size };
  const iid = call(f, -1);
  const reg = call(f, regArg(f));
  const sorted = [...y].sort((a, b) => a - b);
  const median = sorted[N >> 1];
  const c = y.map((v) => (v > median ? 1 : 0));
  const lo = f.support.discrete ? sorted[0] : sorted[0] - 0.01 * (sorted[N - 1] - sorted[0]);
  const trunc = `truncated (${lo}, inf)`;

  test(`${f.name}: i.i.d. → histogram; regression → calibration or residuals`, () => {
    // Binomial's size is a column here, so its arguments vary by row: the regression plots.
    check(`${iid.decl}\ny ~ ${iid.text}`, cols, sized(f) ? 'regression' : 'plots');
    // Uniform's bounds as a regression are non-regular; its fit still ends with a plot or a note.
    check(`${reg.decl}\ny ~ ${reg.text}`, cols, 'regression');
  });
  if (canCensor(f))
    test(`${f.name} censored: i.i.d. → KM vs S; regression → KM of Cox–Snell; left-censored → note`, () => {
      check(`${iid.decl}\ny ~ ${iid.text} censored right when c == 1`, { ...cols, c }, 'outcome');
      check(`${reg.decl}\ny ~ ${reg.text} censored right when c == 1`, { ...cols, c }, 'cox-snell');
      check(`${iid.decl}\ny ~ ${iid.text} censored left when c == 0`, { ...cols, c }, 'note');
    });
  if (canTruncate(f))
    test(`${f.name} truncated: i.i.d. → renormalised histogram; regression → Cox–Snell KM (counts: note)`, () => {
      check(`${iid.decl}\ny ~ ${iid.text} ${trunc}`, cols, sized(f) ? 'note' : 'plots');
      check(`${reg.decl}\ny ~ ${reg.text} ${trunc}`, cols, f.support.discrete ? 'note' : 'cox-snell');
    });
}

test('a transformed outcome (log(y) ~ …) is plotted as the modelled values: histogram, or regression plots', () => {
  const rand = rng(5);
  const y = Array.from({ length: N }, () => Math.exp(1 + rand()));
  const x = Array.from({ length: N }, (_, i) => i / N);
  check('param m\nparam s > 0\nlog(y) ~ Normal(m, s)', { y, x }, 'plots');
  check('param a, b\nparam s > 0\nlog(y) ~ Normal(a + b * x, s)', { y, x }, 'regression');
  // The histogram's range is that of log(y), not of y.
  const [p] = fitted('param m\nparam s > 0\nlog(y) ~ Normal(m, s)', { y, x }).plots ?? [];
  const logs = y.map(Math.log);
  assert.ok(Math.abs(p.edges[0] - Math.min(...logs)) < 1e-12, `edges from ${p.edges[0]}`);
  assert.ok(Math.abs(p.edges[p.edges.length - 1] - Math.max(...logs)) < 1e-9);
});

test('Mixture: i.i.d. → histogram of the mixture density; regression → note', () => {
  const rand = rng(3);
  const y = Array.from({ length: N }, (_, i) => (i % 3 ? 0 : 4) + rand() + rand() - 1);
  const x = Array.from({ length: N }, (_, i) => (i % 7) / 7);
  const head = 'param w in (0, 1) init 0.6\nparam m1 init 0\nparam m2 init 4\nparam s1, s2 > 0 init 1';
  check(`${head}\ny ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))`, { y, x }, 'plots');
  check(`${head}\nparam b\ny ~ Mixture(w, Normal(m1 + b * x, s1), Normal(m2, s2))`, { y, x }, 'note');
});

test('Categorical: i.i.d. → class frequencies; regression → observed vs expected class counts', () => {
  const g = Array.from({ length: N }, (_, i) => ['a', 'b', 'c'][(i * 7 + (i % 5)) % 3]);
  const x = Array.from({ length: N }, (_, i) => ((i * 0.618034) % 1) - 0.5);
  const csv = `g,x\n${g.map((v, i) => `${v},${x[i]}`).join('\n')}`;
  for (const [model, kind] of [
    ['param a[g] ref\ng ~ Categorical(a[g])', 'i.i.d.'],
    ['param a[g] ref\nparam b[g] ref\ng ~ Categorical(a[g] + b[g] * x)', 'regression'],
  ]) {
    const t = parseDataFile('d.csv', csv);
    assert.ok(t.ok);
    const r = runFit(analyze(`data "d.csv"\n${model}\n`, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
    assert.ok(r.ok, JSON.stringify(r));
    const [p] = r.result.plots ?? [];
    assert.ok(p && p.discrete && p.counts.length === 3, `${kind}: ${JSON.stringify(r.result.plotNotes)}`);
    assert.deepEqual(
      p.counts,
      [0, 1, 2].map((k) => g.filter((v) => v === 'abc'[k]).length),
      kind,
    );
    // A free intercept per class: the expected counts equal the observed ones at the MLE (score equations).
    p.expected.forEach((e, k) =>
      assert.ok(Math.abs(e - p.counts[k]) < 1e-4, `${kind}: class ${k}: ${e} vs ${p.counts[k]}`),
    );
    assert.equal(r.result.plotNotes, undefined);
  }
});
