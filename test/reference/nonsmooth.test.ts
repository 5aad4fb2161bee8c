// Non-smooth and non-regular models against R (test/reference/r-nonsmooth.json, written by r-nonsmooth.R): Laplace
// likelihoods (median, quantreg::rq), Uniform endpoints (sample extremes), lasso MAPs (glmnet, polished, KKT-checked).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';

interface Case {
  model: string;
  r: string;
  n: number;
  parameters: Record<string, { estimate: number; se?: number }>;
  logLik: number;
  logPosterior?: number;
  flatInterval?: [number, number];
  nonunique?: boolean;
  exactBound95?: { lower?: number; upper?: number };
  zeros?: string[];
}
const ref = JSON.parse(readFileSync('test/reference/r-nonsmooth.json', 'utf8')) as Record<string, unknown>;
const TOL = ref.tolerances as { estimate: number; se: number; logLik: number; logPosterior: number };
const cases = Object.entries(ref).filter(([k]) => !k.startsWith('_') && k !== 'tolerances') as [string, Case][];

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Fits a model file the way the CLI does (analyse, load its data, runFit), optionally with extra text appended. */
export function fitNonsmooth(file: string, extra = ''): FitJson {
  const path = resolve('test/fixtures/nonsmooth', file);
  const text = readFileSync(path, 'utf8') + extra;
  const dp = linkedDataPath(text)!;
  const res = runFit(analyze(text, loadData(resolveDataPath(path, dp), dp)), file);
  assert.ok(res.ok, `${file} did not fit: ${res.ok ? '' : res.message + ' ' + JSON.stringify(res.diagnostics)}`);
  return res.result;
}

const diag = (fit: FitJson, code: string) => fit.diagnostics.filter((d) => d.code === code);

for (const [key, c] of cases) {
  test(`${key}: ${c.model} agrees with R (${c.r.slice(0, 70)})`, () => {
    const fit = fitNonsmooth(c.model);
    const ctx = (what: string, ours: unknown, theirs: unknown): string =>
      `${key} ${what}: ours ${ours}, R ${theirs} (R: ${c.r}); method ${fit.method}, diagnostics ${JSON.stringify(fit.diagnostics.map((d) => d.code))}`;
    assert.equal(fit.converged, true, ctx('converged', fit.converged, true));
    assert.equal(diag(fit, 'not-converged').length, 0, ctx('not-converged diagnostics', 1, 0));
    assert.equal(fit.n, c.n, ctx('n', fit.n, c.n));
    assert.ok(rel(fit.logLik!, c.logLik) <= TOL.logLik, ctx('logLik', fit.logLik, c.logLik));
    if (c.logPosterior !== undefined)
      assert.ok(
        rel(fit.logPosterior!, c.logPosterior) <= TOL.logPosterior,
        ctx('logPosterior', fit.logPosterior, c.logPosterior),
      );
    for (const [name, theirs] of Object.entries(c.parameters)) {
      const ours = fit.parameters.find((p) => p.name === name)!;
      // A non-unique LAD optimum: only Σ|r| (so the scale, logLik and SEs) is unique; rq's vertex is one of many.
      const unique = !(c.nonunique && name !== 's');
      if (unique)
        assert.ok(
          rel(ours.estimate!, theirs.estimate) <= TOL.estimate || Math.abs(ours.estimate! - theirs.estimate) < 1e-12,
          ctx(`${name} estimate`, ours.estimate, theirs.estimate),
        );
      if (theirs.se === undefined) assert.equal(ours.se, null, ctx(`${name} SE (none is valid)`, ours.se, null));
      else assert.ok(rel(ours.se!, theirs.se) <= TOL.se, ctx(`${name} SE`, ours.se, theirs.se));
    }
    if (key.startsWith('laplace') || key.startsWith('lad')) {
      assert.equal(diag(fit, 'se-method').length, 1, ctx('se-method note (expected information)', 0, 1));
      assert.match(diag(fit, 'se-method')[0].message, /observed information .* zero or does not exist/);
      const flat = c.nonunique || (c.flatInterval && c.flatInterval[0] !== c.flatInterval[1]);
      assert.equal(
        diag(fit, 'flat-optimum').length,
        flat ? 1 : 0,
        ctx('flat-optimum notes', diag(fit, 'flat-optimum').length, flat ? 1 : 0),
      );
      if (c.flatInterval && flat)
        assert.match(
          diag(fit, 'flat-optimum')[0].message,
          new RegExp(`\\[${c.flatInterval[0]}, ${c.flatInterval[1]}\\]`),
        );
    }
    if (c.exactBound95) {
      const note = diag(fit, 'non-regular').find((d) => d.severity === 'info');
      assert.ok(note, ctx('non-regular info note', undefined, 'present'));
      for (const [end, v] of Object.entries(c.exactBound95)) {
        const m = note.message.match(new RegExp(`\`${end}\` ∈ \\[([-\\d.e]+), ([-\\d.e]+)\\]`));
        assert.ok(m, ctx(`exact interval for ${end}`, note.message, v));
        const bound = end === 'lower' ? Number(m[1]) : Number(m[2]);
        assert.ok(rel(bound, v) <= 1e-5, ctx(`exact 95% bound of ${end} (6 digits)`, bound, v));
      }
    }
    if (c.zeros) {
      const zeros = fit.parameters.filter((p) => p.estimate === 0).map((p) => p.name);
      assert.deepEqual(zeros, c.zeros, ctx('exact zeros', zeros, c.zeros));
      assert.ok(diag(fit, 'se-method').some((d) => c.zeros!.every((z) => d.message.includes(`\`${z}\``))));
    }
  });
}

test('LAD fit with method = nelder_mead (which stalls at kinks) is solved exactly and says so', () => {
  const c = cases.find(([k]) => k === 'lad-cars')![1];
  const fit = fitNonsmooth(c.model, '\nfit method = nelder_mead\n');
  for (const [name, theirs] of Object.entries(c.parameters))
    assert.ok(rel(fit.parameters.find((p) => p.name === name)!.estimate!, theirs.estimate) <= TOL.estimate, name);
  assert.ok(diag(fit, 'se-method').some((d) => /method = nelder_mead was asked for/.test(d.message)));
});

test('lasso-normal: the reported MAP meets the subgradient conditions, checked from the data (Xᵀr/σ² vs 1/s)', () => {
  const fit = fitNonsmooth('lasso-normal.mle');
  const rows = readFileSync('test/fixtures/nonsmooth/mtcars.csv', 'utf8').trim().split('\n');
  const head = rows[0].split(',').map((h) => h.replace(/"/g, ''));
  const col = (name: string) => rows.slice(1).map((r) => Number(r.split(',')[head.indexOf(name)]));
  const est = (name: string) => fit.parameters.find((p) => p.name === name)!.estimate!;
  const vars = ['wt', 'hp', 'qsec', 'drat', 'disp'];
  const y = col('mpg');
  const X = vars.map(col);
  const sigma = est('sigma');
  const r = y.map((v, i) => v - est('a') - vars.reduce((s, name, k) => s + est(`b_${name}`) * X[k][i], 0));
  const score = (x: number[]) => x.reduce((s, v, i) => s + v * r[i], 0) / sigma ** 2;
  const w = 1 / 0.5;
  assert.ok(Math.abs(score(y.map(() => 1))) < 1e-8, `intercept score ${score(y.map(() => 1))}`);
  vars.forEach((name, k) => {
    const b = est(`b_${name}`);
    const s = score(X[k]);
    if (b === 0) assert.ok(Math.abs(s) <= w, `${name} = 0 needs |score| ≤ 1/s: ${s}`);
    else assert.ok(Math.abs(s - w * Math.sign(b)) < 1e-6 * w, `${name} = ${b} needs score = sign/s: ${s}`);
  });
  // σ's score is zero at σ² = RSS/n.
  assert.ok(Math.abs(sigma ** 2 - r.reduce((s, v) => s + v * v, 0) / r.length) < 1e-10 * sigma ** 2);
});

/** Fits a variant of a fixture model: `edit` rewrites its text; the data file is the fixture's. */
function fitVariant(file: string, edit: (text: string) => string): FitJson {
  const path = resolve('test/fixtures/nonsmooth', file);
  const text = edit(readFileSync(path, 'utf8'));
  const dp = linkedDataPath(text)!;
  const res = runFit(analyze(text, loadData(resolveDataPath(path, dp), dp)), file);
  assert.ok(res.ok, `variant of ${file} did not fit`);
  return res.result;
}

test('Laplace with a constant scale: mu = median, logLik = −n log(2b) − Σ|y − median|/b, SE = b/√n', () => {
  const rows = readFileSync('test/fixtures/nonsmooth/trees.csv', 'utf8').trim().split('\n').slice(1);
  const y = rows.map((r) => Number(r.split(',')[2]));
  const med = [...y].sort((a, b) => a - b)[(y.length - 1) / 2];
  const fit = fitVariant('laplace-trees.mle', (t) =>
    t.replace('param b > 0\n', '').replace('Laplace(mu, b)', 'Laplace(mu, 2)'),
  );
  assert.equal(fit.parameters[0].estimate, med);
  const ll = -y.length * Math.log(4) - y.reduce((s, v) => s + Math.abs(v - med), 0) / 2;
  assert.ok(rel(fit.logLik!, ll) < 1e-12, `logLik ${fit.logLik} vs ${ll}`);
  assert.ok(rel(fit.parameters[0].se!, 2 / Math.sqrt(y.length)) < 1e-12, `SE ${fit.parameters[0].se}`);
});

test('lasso with another smooth prior still solves exactly; a Laplace prior with a parameter scale says it is not', () => {
  const withSmooth = fitVariant('lasso-normal.mle', (t) => t + 'prior sigma ~ Exponential(0.01)\n');
  assert.equal(withSmooth.method, 'proximal-newton');
  assert.ok(withSmooth.converged);
  const tau = fitVariant('lasso-normal.mle', (t) =>
    t.replace(
      'prior b_drat ~ Laplace(0, 0.5)',
      'param tau > 0\nprior b_drat ~ Laplace(0, tau)\nprior tau ~ Exponential(1)',
    ),
  );
  assert.notEqual(tau.method, 'proximal-newton');
  assert.ok(
    tau.diagnostics.some(
      (d) => d.code === 'non-regular' && /`b_drat` has a location or scale that is not a constant/.test(d.message),
    ),
    JSON.stringify(tau.diagnostics.map((d) => d.message)),
  );
});

test('ci = profile on a non-regular or kinked model warns that the profile intervals are not valid or not exact', () => {
  const u = fitNonsmooth('uniform-cars.mle', '\nfit ci = profile\n');
  assert.ok(u.diagnostics.some((d) => d.code === 'non-regular' && /ci = profile/.test(d.message)));
  const l = fitNonsmooth('lad-trees.mle', '\nfit ci = profile\n');
  assert.ok(l.diagnostics.some((d) => d.code === 'se-method' && /ci = profile/.test(d.message)));
});
