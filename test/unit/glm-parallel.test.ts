// The two-thread GLM pass equals the one-thread pass, with columns of every kind the design hands it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { twoThreadGlm } from '../../server/src/node/glm-parallel.ts';
import { anyPass, FAMILY_LOG, FAMILY_LOGIT } from '../../server/src/engine/solvers/glm-pass.ts';

test(
  'twoThreadGlm: shared, unshared and offset-view columns give the one-thread score, information, logLik',
  {
    skip: availableParallelism() < 2 ? 'one core' : false,
  },
  () => {
    const n = 250_001;
    const p = 9;
    let s = 17;
    const r = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    // Column 0: an ordinary (unshared) array of ones, as the intercept is; column 1: a view at an offset into a larger
    // shared buffer, as a data column may be; the rest shared arrays of their own, as the CSV scan makes them.
    const big = new Float64Array(new SharedArrayBuffer((n + 5) * 8));
    const cols = Array.from({ length: p }, (_, q) => {
      const c =
        q === 0 ? new Float64Array(n) : q === 1 ? big.subarray(5) : new Float64Array(new SharedArrayBuffer(n * 8));
      for (let i = 0; i < n; i++) c[i] = q === 0 ? 1 : 2 * r() - 1;
      return c;
    });
    const off = new Float64Array(n);
    const beta = Float64Array.from({ length: p }, () => 0.4 * (r() - 0.5));
    for (const family of [FAMILY_LOGIT, FAMILY_LOG]) {
      const y = Float64Array.from({ length: n }, () =>
        family === FAMILY_LOGIT ? (r() < 0.4 ? 1 : 0) : Math.floor(3 * r()),
      );
      const runner = twoThreadGlm(family, cols, off, y, undefined);
      assert.ok(runner, 'a 2.25M-cell design runs on two threads');
      try {
        const g1 = new Float64Array(p);
        const H1 = new Float64Array(p * p);
        const g2 = new Float64Array(p);
        const H2 = new Float64Array(p * p);
        const e = new Int32Array(1);
        const ll1 = runner.pass(beta, true, g1, H1, e);
        const ll2 = anyPass(family, cols, undefined, 0, p, off, y, undefined, beta, 0, n, g2, H2, true, e);
        const near = (a: number, b: number, what: string): void =>
          assert.ok(Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b)), `family ${family} ${what}: ${a} vs ${b}`);
        near(ll1, ll2, 'logLik');
        for (let j = 0; j < p; j++) near(g1[j], g2[j], `g[${j}]`);
        for (let j = 0; j < p; j++) for (let k = j; k < p; k++) near(H1[j * p + k], H2[j * p + k], `H[${j},${k}]`);
      } finally {
        runner.close();
      }
    }
  },
);
