// The results badge reads the engine verdict and counts warnings; a parameter row says "at bound", "not identified"
// or "clipped" instead of regular Wald numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictOf } from '../../client/webview/verdict.ts';
import { paramStatus } from '../../client/webview/param-status.ts';
import type { JsonDiagnostic, JsonParameter } from '../../server/src/protocol.ts';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const diag = (severity: JsonDiagnostic['severity']): JsonDiagnostic => ({ severity, code: 'c', message: 'm', range });
const base = { converged: true, iterations: 7, method: 'newton', diagnostics: [] as JsonDiagnostic[] };

test('a clean converged fit is green: "converged"', () => {
  const v = verdictOf(base);
  assert.equal(v.state, 'converged');
  assert.equal(v.label, 'converged');
  assert.equal(v.text, '✓ converged in 7 iterations (newton)');
});

test('a converged fit with warnings is never plain "converged": it counts them (info does not count)', () => {
  const v = verdictOf({ ...base, diagnostics: [diag('warning'), diag('info'), diag('warning')] });
  assert.equal(v.state, 'warnings', JSON.stringify(v));
  assert.equal(v.label, 'converged with warnings (2)');
  assert.ok(!v.text.startsWith('✓'), v.text);
  assert.equal(verdictOf({ ...base, diagnostics: [diag('info')] }).state, 'converged');
});

test('not converged wins over warnings; one iteration is singular', () => {
  const v = verdictOf({ ...base, converged: false, iterations: 1, diagnostics: [diag('warning')] });
  assert.equal(v.state, 'not-converged');
  assert.equal(v.label, 'not converged');
  assert.match(v.text, /after 1 iteration \(newton\)/);
  assert.match(verdictOf({ ...base, iterations: 1 }).text, /in 1 iteration \(/);
});

const row = (extra: Partial<JsonParameter>): JsonParameter => ({
  name: 'p',
  estimate: 0,
  se: null,
  z: null,
  p: null,
  ci: { wald: [null, null] },
  seRobust: null,
  ...extra,
});

test('parameter status: at a bound, running off to infinity, not identified, clipped, regular', () => {
  assert.equal(paramStatus(row({ edge: 0 })).seText, 'at bound 0');
  assert.equal(paramStatus(row({ edge: '+Infinity' })).seText, 'runs to +∞');
  assert.equal(paramStatus(row({ notIdentified: true })).seText, 'not identified');
  const c = paramStatus(row({ se: 0.2, clipped: 'lower', constraint: '> 0', ci: { wald: [0, 0.5] } }));
  assert.equal(c.seText, undefined);
  assert.equal(c.ciNote, 'clipped at the lower bound');
  assert.deepEqual(paramStatus(row({ se: 0.1, ci: { wald: [-0.2, 0.2] } })), {});
});
