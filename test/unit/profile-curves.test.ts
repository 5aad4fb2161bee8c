// `fit ci = profile` returns each parameter's profile deviance points (FitJson.profiles); they must equal the closed
// forms: Exponential rate 2n(log(λ̂/λ) + λ/λ̂ − 1); a Normal mean with σ profiled out n·log(1 + (μ − x̄)²/σ̂²), σ̂² = RSS/n.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { chisqQuantile } from '../../server/src/engine/eval/special.ts';

/** Points lie where the search stopped its inner optimisations (tol 1e-10): relative agreement to 1e-7 of the deviance. */
const TOL = 1e-7;

function fit(text: string) {
  const path = 'examples/leuk.csv';
  const t = parseDataFile(path, readFileSync(path, 'utf8'));
  assert.ok(t.ok);
  const r = runFit(analyze(text, { ok: true, path, table: t.table }), 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  return { fit: r.result };
}

function timeColumn(): number[] {
  const lines = readFileSync('examples/leuk.csv', 'utf8').trim().split('\n');
  const head = lines[0].split(',').map((s) => s.replace(/"/g, ''));
  const k = head.indexOf('time');
  return lines.slice(1).map((l) => Number(l.split(',')[k]));
}

function checkCurve(
  f: ReturnType<typeof fit>['fit'],
  name: string,
  closed: (x: number) => number,
  lo: number | null,
  hi: number | null,
) {
  const c = f.profiles?.find((p) => p.name === name);
  assert.ok(c, `no profile curve for ${name}: ${JSON.stringify(f.profiles)}`);
  assert.equal(c.cutoff, chisqQuantile(f.level, 1));
  assert.ok(c.points.length >= 5 && c.points.length <= 61, `${c.points.length} points`);
  for (let i = 1; i < c.points.length; i++) assert.ok(c.points[i][0] > c.points[i - 1][0], 'sorted by value');
  for (const [x, dev] of c.points) {
    const want = closed(x);
    assert.ok(Math.abs(dev - want) <= TOL * Math.max(1, want), `${name} = ${x}: deviance ${dev}, closed form ${want}`);
  }
  // Both sides are covered, out to the interval ends (the crossing points are among them).
  const xs = c.points.map((p) => p[0]);
  if (lo !== null)
    assert.ok(
      xs.some((x) => Math.abs(x - lo) <= 1e-9 * Math.abs(lo)),
      `lower end ${lo} in ${xs}`,
    );
  if (hi !== null)
    assert.ok(
      xs.some((x) => Math.abs(x - hi) <= 1e-9 * Math.abs(hi)),
      `upper end ${hi} in ${xs}`,
    );
}

test('Exponential rate: profile points equal 2n(log(λ̂/λ) + λ/λ̂ − 1)', () => {
  const { fit: f } = fit(`data "leuk.csv"\nparam rate > 0\ntime ~ Exponential(rate)\nfit ci = profile\n`);
  const y = timeColumn();
  const n = y.length;
  const hat = n / y.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(f.parameters[0].estimate! - hat) < 1e-10 * hat);
  const [lo, hi] = f.parameters[0].ci.profile!;
  checkCurve(f, 'rate', (l) => 2 * n * (Math.log(hat / l) + l / hat - 1), lo, hi);
});

test('Normal mean with σ profiled out: points equal n·log(1 + (μ − x̄)²/σ̂²)', () => {
  const { fit: f } = fit(`data "leuk.csv"\nparam mu\nparam sigma > 0\ntime ~ Normal(mu, sigma)\nfit ci = profile\n`);
  const y = timeColumn();
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const s2 = y.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const [lo, hi] = f.parameters[0].ci.profile!;
  checkCurve(f, 'mu', (m) => n * Math.log(1 + (m - mean) ** 2 / s2), lo, hi);
  // σ's curve is there too: 2n·(log(σ/σ̂) + σ̂²/(2σ²) − ½) with μ at x̄.
  const s = Math.sqrt(s2);
  const [slo, shi] = f.parameters[1].ci.profile!;
  checkCurve(f, 'sigma', (v) => 2 * n * (Math.log(v / s) + s2 / (2 * v * v) - 0.5), slo, shi);
});

test('no profiles field without ci = profile', () => {
  const { fit: f } = fit(`data "leuk.csv"\nparam rate > 0\ntime ~ Exponential(rate)\n`);
  assert.equal(f.profiles, undefined);
});

test('a derived quantity of one parameter: mean = 1/rate has the curve 2n(log(λ̂m) + 1/(λ̂m) − 1)', () => {
  const { fit: f } = fit(
    `data "leuk.csv"\nparam rate > 0\ntime ~ Exponential(rate)\nderive mean_time = 1 / rate\nfit ci = profile\n`,
  );
  const y = timeColumn();
  const n = y.length;
  const hat = n / y.reduce((a, b) => a + b, 0);
  const c = f.profiles?.find((p) => p.name === 'mean_time');
  assert.equal(c?.derived, true);
  assert.equal(f.profiles?.find((p) => p.name === 'rate')?.derived, undefined);
  const [lo, hi] = f.derived[0].ci.profile!;
  checkCurve(f, 'mean_time', (m) => 2 * n * (Math.log(hat * m) + 1 / (hat * m) - 1), lo, hi);
});

test('a derived quantity of two parameters: the Normal quantile μ + 1.645σ, profiled by a 1-D maximisation over σ', () => {
  const { fit: f } = fit(
    `data "leuk.csv"\nparam mu\nparam sigma > 0\ntime ~ Normal(mu, sigma)\nderive q95 = mu + 1.645 * sigma\nfit ci = profile\n`,
  );
  const y = timeColumn();
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const s2 = y.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  // ℓ(μ, σ) without constants; on μ + zσ = q, μ = q − zσ, maximised over log σ by golden-section search (unimodal).
  const z = 1.645;
  const ll = (mu: number, s: number): number =>
    -n * Math.log(s) - y.reduce((a, v) => a + (v - mu) ** 2, 0) / (2 * s * s);
  const llHat = ll(mean, Math.sqrt(s2));
  const profileDeviance = (q: number): number => {
    const at = (t: number): number => ll(q - z * Math.exp(t), Math.exp(t));
    let a = Math.log(Math.sqrt(s2)) - 4;
    let b = Math.log(Math.sqrt(s2)) + 4;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let k = 0; k < 200; k++) {
      const c1 = b - g * (b - a);
      const c2 = a + g * (b - a);
      if (at(c1) > at(c2)) b = c2;
      else a = c1;
    }
    return 2 * (llHat - at((a + b) / 2));
  };
  const [lo, hi] = f.derived[0].ci.profile!;
  checkCurve(f, 'q95', profileDeviance, lo, hi);
});
