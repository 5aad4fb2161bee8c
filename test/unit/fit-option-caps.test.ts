// Bounded work: `restarts` and `maxiter` have caps, refused with a reason (a million restarts would never finish).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';

const errors = (fit: string): string[] =>
  analyze(`param a\nparam s > 0\ny ~ Normal(a, s)\nfit ${fit}\n`)
    .diagnostics.filter((d) => d.code === 'invalid-option')
    .map((d) => d.message);

test('restarts above 1,000 and maxiter above 100,000 are errors that say why', () => {
  const d = errors('restarts = 1000000, maxiter = 100001');
  assert.equal(d.length, 2, d.join('\n'));
  assert.match(d[0], /`restarts` is at most 1,000: each restart is a whole fit/);
  assert.match(d[1], /`maxiter` is at most 100,000/);
});

test('the caps themselves are allowed', () => {
  assert.deepEqual(errors('restarts = 1000, maxiter = 100000'), []);
});
