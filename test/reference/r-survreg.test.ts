// Censored and truncated likelihoods against R (test/reference/r-survreg.json, written by r-survreg.R): survreg's
// Weibull, exponential, log-normal and log-logistic AFT fits of survival::lung (right and left censoring), a
// truncated Normal against optim + numDeriv, a zero-truncated Poisson against its closed form.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

interface Ref {
  r: string;
  model: string;
  data: string;
  n: number;
  k: number;
  logLik: number;
  parameters: Record<string, { estimate: number; se: number }>;
  tolerance: { estimate: number; se: number; logLik: number };
}

const fixtures = JSON.parse(readFileSync('test/reference/r-survreg.json', 'utf8')) as Record<string, Ref>;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

for (const [key, ref] of Object.entries(fixtures)) {
  if (!ref.model) continue; // the `tails` entry is read by test/unit/censoring.test.ts
  test(`${key} agrees with R: ${ref.r}`, () => {
    const dp = linkedDataPath(ref.model)!;
    const res = runFit(analyze(ref.model, loadData(resolve(ref.data), dp)), `${key}.mle`, {});
    const ctx = (what: string, ours: unknown, theirs: unknown): string =>
      `${key} ${what}: ours ${ours}, R ${theirs}\nmodel:\n${ref.model}R: ${ref.r}`;
    assert.ok(res.ok, ctx('fit', res.ok ? '' : `${res.message} ${JSON.stringify(res.diagnostics)}`, 'ok'));
    const fit = res.result;
    assert.equal(fit.converged, true, ctx('converged', fit.converged, true));
    assert.equal(fit.n, ref.n, ctx('n', fit.n, ref.n));
    assert.equal(fit.k, ref.k, ctx('k', fit.k, ref.k));
    assert.ok(rel(fit.logLik!, ref.logLik) <= ref.tolerance.logLik, ctx('logLik', fit.logLik, ref.logLik));
    for (const [name, theirs] of Object.entries(ref.parameters)) {
      const ours = fit.parameters.find((p) => p.name === name);
      assert.ok(ours, ctx(`parameter ${name}`, 'missing', theirs.estimate));
      assert.ok(
        rel(ours.estimate!, theirs.estimate) <= ref.tolerance.estimate,
        ctx(`${name} estimate`, ours.estimate, theirs.estimate),
      );
      assert.ok(rel(ours.se!, theirs.se) <= ref.tolerance.se, ctx(`${name} SE`, ours.se, theirs.se));
    }
  });
}

test('the fixture covers right and left censoring, each AFT family, and truncation', () => {
  const models = Object.values(fixtures).map((f) => f.model);
  for (const needle of [
    'censored right',
    'censored left',
    'Weibull',
    'Exponential',
    'LogNormal',
    'Logistic',
    'truncated',
  ])
    assert.ok(
      models.some((m) => m.includes(needle)),
      needle,
    );
});
