// A rank-deficient model: AIC/BIC count the information's rank as R's lm does (test/reference/k-identified.R), the
// parameters on the null direction are marked notIdentified, and their estimates get no inlay hint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { estimateHints } from '../../server/src/features/inlay-hints.ts';

const ref = JSON.parse(readFileSync('test/reference/k-identified.json', 'utf8'));
const d = ref.data as Record<'y' | 'x1' | 'x2' | 'x3', number[]>;
const csv = ['y,x1,x2,x3', ...d.y.map((y, i) => `${y},${d.x1[i]},${d.x2[i]},${d.x3[i]}`)].join('\n');
const MODEL = `data "d.csv"
param a
param b1
param b2
param b3
param sigma > 0
y ~ Normal(a + b1 * x1 + b2 * x2 + b3 * x3, sigma)
`;

function fit(model: string) {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const an = analyze(model, { ok: true, path: 'd.csv', table: t.table });
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  return { an, fit: r.result };
}
const close = (a: number | null, b: number, what: string, show: unknown): void =>
  assert.ok(
    a !== null && Math.abs(a - b) <= ref.tolerance * Math.max(1, Math.abs(b)),
    `${what}: ${a} vs R ${b}\n${JSON.stringify(show)}`,
  );

test("collinear x2 = 2·x1: kIdentified is lm's df, AIC and BIC count it", () => {
  const { fit: r } = fit(MODEL);
  const shown = { k: r.k, kIdentified: r.kIdentified, aic: r.aic, bic: r.bic, logLik: r.logLik };
  assert.equal(r.k, 5, JSON.stringify(shown));
  assert.equal(r.kIdentified, ref.df, JSON.stringify(shown));
  assert.match(r.kNote ?? '', /singular in 1 direction/);
  close(r.logLik, ref.logLik, 'logLik', shown);
  close(r.aic, ref.aic, 'AIC', shown);
  close(r.bic, ref.bic, 'BIC', shown);
});

test('a full-rank model has no kIdentified, and AIC counts k (same as lm without x2)', () => {
  const { fit: r } = fit(MODEL.replace('param b2\n', '').replace(' + b2 * x2', ''));
  assert.equal(r.kIdentified, undefined);
  assert.equal(r.k, ref.reduced.df);
  close(r.aic, ref.reduced.aic, 'AIC', { k: r.k, aic: r.aic });
});

test('the parameters on the null direction are notIdentified, with no SE and no inlay hint', () => {
  const { an, fit: r } = fit(MODEL);
  const flagged = r.parameters.filter((p) => p.notIdentified).map((p) => p.name);
  assert.deepEqual(flagged, ['b1', 'b2'], JSON.stringify(r.parameters));
  for (const p of r.parameters) assert.equal(p.se === null, p.notIdentified === true, p.name);
  const hinted = estimateHints(an, r).map((h) => MODEL.slice(0, h.offset).split(/\s/).pop());
  assert.deepEqual(hinted, ['a', 'b3', 'sigma'], JSON.stringify(estimateHints(an, r)));
});

test('fit-time diagnostics come first and carry source "fit"', () => {
  const { fit: r } = fit(MODEL);
  const sources = r.diagnostics.map((x) => `${x.source ?? '-'}:${x.code}`);
  assert.ok(sources.includes('fit:singular-information'), sources.join(', '));
  const firstModel = r.diagnostics.findIndex((x) => x.source !== 'fit');
  const lastFit = r.diagnostics.map((x) => x.source).lastIndexOf('fit');
  assert.ok(firstModel === -1 || lastFit < firstModel, sources.join(', '));
});
