// Every example model against R's fits (test/reference/r-fixtures.json, written by r-reference.R): estimates, SEs, logLik,
// profile CIs and expected-information SEs. Every model is fitted with ci = profile (and se = expected where R has
// expected SEs), so a profile end or SE that R computed and we did not is a failure, never a skip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';
import type { FitOptions } from '../../server/src/engine/model.ts';

interface Ref {
  r: string;
  n: number;
  k: number;
  parameters: Record<
    string,
    { estimate: number; se: number; profile?: [number, number] | null; seRobust?: number; seExpected?: number }
  >;
  derived?: Record<string, { estimate: number; se: number; profile?: [number, number] | null }>;
  logLik: number;
  aic: number;
  bic: number;
}

const fixtures = JSON.parse(readFileSync('test/reference/r-fixtures.json', 'utf8')) as Record<string, Ref>;
/** Tolerances of the issue: estimates 1e-6, SEs 1e-4, logLik 1e-6, profile CIs 1e-3 (relative). */
const TOL = { estimate: 1e-6, se: 1e-4, logLik: 1e-6, profile: 1e-3 };

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

export function fitExample(file: string, overrides: Partial<FitOptions> = {}): FitJson {
  // Keys are examples/<file>, or test/fixtures/models/<dir>/<file> for the grammar-coverage models.
  const path = file.includes('/') ? resolve('test/fixtures/models', file) : resolve('examples', file);
  const text = readFileSync(path, 'utf8');
  const dp = linkedDataPath(text)!;
  const res = runFit(analyze(text, loadData(resolveDataPath(path, dp), dp)), file, overrides);
  assert.ok(res.ok, `${file} did not fit: ${res.ok ? '' : res.message + ' ' + JSON.stringify(res.diagnostics)}`);
  return res.result;
}

for (const [file, ref] of Object.entries(fixtures)) {
  if (!file.endsWith('.mle')) continue;
  test(`${file} agrees with R (${ref.r.slice(0, 60)})`, () => {
    const fit = fitExample(file, { ci: 'profile' });
    const ctx = (what: string, ours: number | null | undefined, theirs: number): string =>
      `${file} ${what}: ours ${ours}, R ${theirs} (R call: ${ref.r})`;
    assert.equal(fit.converged, true, `${file} did not converge`);
    assert.equal(fit.n, ref.n, ctx('n', fit.n, ref.n));
    assert.ok(rel(fit.logLik!, ref.logLik) <= TOL.logLik, ctx('logLik', fit.logLik, ref.logLik));
    assert.ok(rel(fit.aic!, ref.aic) <= TOL.logLik, ctx('AIC', fit.aic, ref.aic));
    assert.ok(rel(fit.bic!, ref.bic) <= TOL.logLik, ctx('BIC', fit.bic, ref.bic));
    const check = (
      kind: string,
      ours:
        | { estimate: number | null; se: number | null; ci: { profile?: readonly [number | null, number | null] } }
        | undefined,
      theirs: Ref['parameters'][string],
      name: string,
    ): void => {
      assert.ok(ours, `${file}: no ${kind} ${name} in our result`);
      assert.ok(
        rel(ours.estimate!, theirs.estimate) <= TOL.estimate || Math.abs(ours.estimate! - theirs.estimate) < 1e-9,
        ctx(`${name} estimate`, ours.estimate, theirs.estimate),
      );
      assert.ok(rel(ours.se!, theirs.se) <= TOL.se, ctx(`${name} SE`, ours.se, theirs.se));
      // R's null means R could not compute it (not a skip): then there is nothing to compare.
      if (theirs.profile) {
        assert.ok(ours.ci.profile, `${file}: ${name} has no profile interval (R: ${theirs.profile})`);
        for (const e of [0, 1])
          assert.ok(
            ours.ci.profile[e] !== null && rel(ours.ci.profile[e]!, theirs.profile[e]) <= TOL.profile,
            ctx(`${name} profile CI end ${e}`, ours.ci.profile[e], theirs.profile[e]),
          );
      }
    };
    for (const [name, theirs] of Object.entries(ref.parameters)) {
      const ours = fit.parameters.find((p) => p.name === name);
      check('parameter', ours, theirs, name);
      if (typeof theirs.seRobust === 'number')
        assert.ok(
          rel(ours!.seRobust!, theirs.seRobust) <= TOL.se,
          ctx(`${name} sandwich SE`, ours!.seRobust, theirs.seRobust),
        );
    }
    const expected = Object.entries(ref.parameters).filter(([, t]) => typeof t.seExpected === 'number');
    if (expected.length) {
      const fe = fitExample(file, { se: 'expected' });
      for (const [name, theirs] of expected) {
        const ours = fe.parameters.find((p) => p.name === name)!;
        assert.ok(
          ours.se !== null && rel(ours.se, theirs.seExpected!) <= TOL.se,
          ctx(`${name} expected-information SE`, ours.se, theirs.seExpected!),
        );
      }
    }
    for (const [name, theirs] of Object.entries(ref.derived ?? {}))
      check(
        'derived',
        fit.derived.find((d) => d.name === name),
        theirs,
        name,
      );
  });
}
