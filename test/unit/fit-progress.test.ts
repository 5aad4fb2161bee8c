// The engine's progress hook through runFit: each phase (optimising, profiles k of p, bootstrap i of N) is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitProgress } from '../../server/src/engine/optimize/progress.ts';

const CSV = 'y,x\n4.1,1\n5.3,2\n3.8,3\n6.0,4\n5.1,5\n4.7,6\n5.9,7\n6.3,8\n';

function reports(model: string): FitProgress[] {
  const t = parseDataFile('d.csv', CSV);
  assert.ok(t.ok);
  const seen: FitProgress[] = [];
  const r = runFit(
    analyze(model, { ok: true, path: 'd.csv', table: t.table }),
    'm.mle',
    {},
    {
      onProgress: (p) => seen.push(p),
    },
  );
  assert.ok(r.ok, JSON.stringify(r));
  return seen;
}

// Student-t: no closed form and no fast path, so the general Newton loop runs.
const T_MODEL = 'data "d.csv"\nparam a\nparam b\nparam s > 0\ny ~ StudentT(a + b * x, s, 5)\n';

test('optimising is reported first, with the iteration and a finite log-likelihood once the loop runs', () => {
  const seen = reports(T_MODEL);
  assert.ok(seen.length > 0, 'no report');
  assert.equal(seen[0].phase, 'optimising', JSON.stringify(seen));
  assert.ok(
    seen.some((p) => p.phase === 'optimising' && p.iteration === 1 && Number.isFinite(p.objective)),
    JSON.stringify(seen),
  );
});

test('fit ci = profile reports profiles k of p (parameters, then derived quantities)', () => {
  const seen = reports(`${T_MODEL}derive m = a + b\nfit ci = profile\n`);
  const prof = seen.filter((p) => p.phase === 'profiles');
  assert.ok(prof.length > 0, JSON.stringify(seen));
  // The phase change is reported at once: its first step is 1 of 3 parameters + 1 derived.
  assert.deepEqual({ done: prof[0].done, total: prof[0].total }, { done: 1, total: 4 });
});

test('fit bootstrap = N reports bootstrap i of N; the refits inside do not switch back to optimising', () => {
  const seen = reports(`${T_MODEL}fit bootstrap = 5\n`);
  const at = seen.findIndex((p) => p.phase === 'bootstrap');
  assert.ok(at >= 0, JSON.stringify(seen));
  assert.deepEqual({ done: seen[at].done, total: seen[at].total }, { done: 1, total: 5 });
  assert.deepEqual(
    seen.slice(at).filter((p) => p.phase !== 'bootstrap'),
    [],
    'no other phase after the bootstrap started',
  );
});

test('without a listener the result is the same', () => {
  const t = parseDataFile('d.csv', CSV);
  assert.ok(t.ok);
  const an = analyze(T_MODEL, { ok: true, path: 'd.csv', table: t.table });
  const a = runFit(an, 'm.mle');
  const b = runFit(an, 'm.mle', {}, { onProgress: () => undefined });
  assert.ok(a.ok && b.ok);
  assert.deepEqual(
    a.result.parameters.map((p) => p.estimate),
    b.result.parameters.map((p) => p.estimate),
  );
});
