// Stable special functions against R: log Φ in both tails (pnorm(x, log.p = TRUE)), its derivative φ/Φ, log1pexp.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { logPhi, logPhiC, millsInv, log1pexp } from '../../server/src/engine/eval/special.ts';

const ref = JSON.parse(readFileSync('test/fixtures/descriptors/r-descriptors.json', 'utf8')) as {
  logPhi: { r: string; x: number[]; value: number[]; tol: number };
};

test('log Φ(x) matches R pnorm(x, log.p = TRUE) from −60 to 40 (relative 1e-14; written by r-descriptors.R)', () => {
  const { r, x, value, tol } = ref.logPhi;
  x.forEach((xi, k) => {
    const ours = logPhi(xi);
    assert.ok(
      Math.abs(ours - value[k]) <= tol * Math.max(Math.abs(value[k]), 1e-300),
      `logPhi(${xi}) = ${ours}, R ${r}: ${value[k]}`,
    );
    assert.equal(logPhiC(-xi), ours, 'log(1 − Φ(−x)) = log Φ(x)');
  });
});

test('log Φ is continuous where its method changes, and φ/Φ is its derivative (central differences)', () => {
  for (const edge of [-35, 0]) {
    const a = logPhi(edge - 1e-9);
    const b = logPhi(edge + 1e-9);
    assert.ok(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a)), `jump at ${edge}: ${a} vs ${b}`);
  }
  for (const x of [-80, -36, -34, -5, -0.3, 0.8, 6, 30]) {
    // The curvature scale of log Φ is 1/|x| in both tails: the step follows it.
    const h = 1e-4 / Math.max(1, Math.abs(x));
    const fd = (logPhi(x + h) - logPhi(x - h)) / (2 * h);
    assert.ok(
      Math.abs(fd - millsInv(x)) <= 1e-6 * Math.max(1e-300, Math.abs(fd)) + 1e-300,
      `φ/Φ at ${x}: ${millsInv(x)} vs ${fd}`,
    );
  }
});

test('log1pexp neither overflows nor loses the small tail', () => {
  assert.equal(log1pexp(1000), 1000);
  assert.ok(Math.abs(log1pexp(-40) - Math.exp(-40)) <= 1e-15 * Math.exp(-40));
  assert.ok(Math.abs(log1pexp(0) - Math.LN2) < 1e-16);
});
