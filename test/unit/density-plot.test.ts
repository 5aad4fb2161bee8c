// The fit-to-data plot: histogram counts cover every row, and the fitted distribution's expected counts add up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

function plots(model: string, csv: string) {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok);
  return r.result.plots ?? [];
}

const ys = Array.from({ length: 400 }, (_, i) => Math.floor(3 + 2.5 * Math.sin(i * 1.7) + ((i * 7) % 3)));

test('a count model: one bar per integer value, expected counts n·P(y) summing to about n', () => {
  const [p] = plots('data "d.csv"\nparam lambda > 0\ny ~ Poisson(lambda)', `y\n${ys.join('\n')}`);
  assert.ok(p && p.discrete);
  assert.equal(
    p.counts.reduce((a, b) => a + b, 0),
    ys.length,
    'every row is in a bar',
  );
  assert.equal(p.counts.length, Math.max(...ys) - Math.min(...ys) + 1);
  const expected = p.expected.reduce((a, b) => a + b, 0);
  assert.ok(expected > 0.9 * ys.length && expected <= ys.length + 1e-9, `expected counts add up to ${expected}`);
});

test('a continuous model: bins cover the range, the density curve integrates to about n', () => {
  const xs = ys.map((v, i) => v + (i % 10) / 10);
  const [p] = plots('data "d.csv"\nparam m\nparam s > 0\ny ~ Normal(m, s)', `y\n${xs.join('\n')}`);
  assert.ok(p && !p.discrete);
  assert.equal(
    p.counts.reduce((a, b) => a + b, 0),
    xs.length,
  );
  const width = p.edges[1] - p.edges[0];
  // Trapezoid rule over the curve (expected counts per bin width) ≈ the rows inside the plotted range.
  let area = 0;
  for (let k = 1; k < p.x.length; k++)
    area += (((p.expected[k] + p.expected[k - 1]) / 2) * (p.x[k] - p.x[k - 1])) / width;
  assert.ok(area > 0.8 * xs.length && area < 1.01 * xs.length, `area ${area}`);
});

test('a regression term gets no density plot (its arguments vary by row)', () => {
  assert.deepEqual(
    plots(
      'data "d.csv"\nparam a, b\nparam s > 0\ny ~ Normal(a + b * x, s)',
      `y,x\n${ys.map((v, i) => `${v},${i}`).join('\n')}`,
    ),
    [],
  );
});

test('a regression term gets a calibration plot: 20 bins ordered by fitted mean, every row counted', () => {
  const csv = `y,x\n${ys.map((v, i) => `${v},${(i % 40) / 10}`).join('\n')}`;
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(
    analyze('data "d.csv"\nparam a, b\ny ~ Poisson(exp(a + b * x))', { ok: true, path: 'd.csv', table: t.table }),
    'm.mle',
  );
  assert.ok(r.ok);
  const [c] = r.result.calibration ?? [];
  assert.ok(c, 'calibration plot present');
  assert.equal(c.fitted.length, 20);
  assert.equal(
    c.rows.reduce((a, b) => a + b, 0),
    ys.length,
  );
  for (let k = 1; k < c.fitted.length; k++) assert.ok(c.fitted[k] >= c.fitted[k - 1], 'bins ordered by fitted mean');
  // With a log link and an intercept, the MLE matches total observed and fitted counts exactly.
  const obs = c.observed.reduce((a, v, k) => a + v * c.rows[k], 0);
  const fit = c.fitted.reduce((a, v, k) => a + v * c.rows[k], 0);
  assert.ok(Math.abs(obs - fit) < 1e-6 * obs, `observed ${obs} vs fitted ${fit}`);
});

test('calibration bins split tied fitted means by row order (as a stable sort), every row in exactly one bin', () => {
  // x = i mod 7: 7 distinct fitted means over 400 rows, so most of the 19 bin boundaries fall inside a run of ties.
  const csv = `y,x\n${ys.map((v, i) => `${v},${i % 7}`).join('\n')}`;
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(
    analyze('data "d.csv"\nparam a, b\ny ~ Poisson(exp(a + b * x))', { ok: true, path: 'd.csv', table: t.table }),
    'm.mle',
  );
  assert.ok(r.ok);
  const b = r.result.parameters.find((p) => p.name === 'b')!.estimate ?? NaN;
  assert.ok(Number.isFinite(b) && b !== 0);
  // The reference: rows ordered by fitted mean (monotone in b·x), ties by row index; 20 equal-count bins.
  const order = ys.map((_, i) => i).sort((i, j) => b * ((i % 7) - (j % 7)) || i - j);
  const [c] = r.result.calibration ?? [];
  assert.ok(c);
  for (let k = 0; k < 20; k++) {
    const rows = order.slice(Math.floor((k * ys.length) / 20), Math.floor(((k + 1) * ys.length) / 20));
    const observed = rows.reduce((s, i) => s + ys[i], 0) / rows.length;
    assert.equal(c.rows[k], rows.length, `bin ${k} rows`);
    assert.ok(
      Math.abs(c.observed[k] - observed) <= 1e-12 * Math.abs(observed),
      `bin ${k}: ${c.observed[k]} vs ${observed} (rows ${rows})`,
    );
  }
});
