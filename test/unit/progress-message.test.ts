// The fit notification's text, from the server's mle/fitProgress reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressMessage } from '../../server/src/protocol.ts';

const uri = 'file:///m.mle';

test('optimising: phase, iteration, logLik with a real minus, elapsed seconds', () => {
  assert.equal(
    progressMessage({ uri, phase: 'optimising', iteration: 12, objective: -1234.5, elapsedMs: 3210 }),
    'optimising · iteration 12 · logLik −1234.5 · 3.2 s',
  );
});

test('profiles and bootstrap say k of p', () => {
  assert.equal(
    progressMessage({ uri, phase: 'profiles', done: 2, total: 4, iteration: 3, elapsedMs: 100 }),
    'profiles 2 of 4 · iteration 3 · 0.1 s',
  );
  assert.equal(
    progressMessage({ uri, phase: 'bootstrap', done: 17, total: 200, elapsedMs: 0 }),
    'bootstrap 17 of 200 · 0.0 s',
  );
});

test('preparing says what it is doing', () => {
  assert.equal(
    progressMessage({ uri, phase: 'preparing', elapsedMs: 50 }),
    'loading data and checking the model · 0.1 s',
  );
});
