// The generated log-linear pass (compile/log-linear-kernel.ts) against its interpreted loop (which `MLE_INTERPRET=1` /
// the compiler switch selects) and the generic GLM kernel with the log link over the same columns, to 1e-12; and the
// words of its source.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLinearPass, logLinearSource } from '../../server/src/engine/compile/log-linear-kernel.ts';
import { setCompilerEnabled } from '../../server/src/engine/compile/switch.ts';
import { anyPass, FAMILY_LOG } from '../../server/src/engine/solvers/glm-pass.ts';

/** A seeded design with a column of ones, 0/1 responses and coefficients that keep e^η moderate. */
function problem(n: number, q: number) {
  let s = 12345;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const X = Float64Array.from({ length: n * q }, (_, i) => (i % q === 0 ? 1 : rand() * 2 - 1));
  const C = Array.from({ length: q }, (_, j) => Float64Array.from({ length: n }, (_, i) => X[i * q + j]));
  const y = Float64Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0));
  const b = Float64Array.from({ length: q }, (_, j) => 0.3 - 0.1 * j);
  return { X, C, y, b };
}

for (const q of [1, 3, 12]) {
  test(`generated and generic passes agree to 1e-12 (q = ${q}, a row range)`, () => {
    const n = 2000;
    const { C, y, b } = problem(n, q);
    const run = (compiled: boolean) => {
      setCompilerEnabled(compiled);
      const g = new Float64Array(q).fill(0.5); // the pass adds to what is there
      const H = new Float64Array(q * q).fill(0.25);
      const ll = logLinearPass(q)(C, y, b, 100, n - 7, g, H);
      setCompilerEnabled(true);
      return { ll, g, H };
    };
    const gen = run(true);
    const gen2 = run(false);
    // The reference: glmPass itself.
    const g = new Float64Array(q).fill(0.5);
    const H = new Float64Array(q * q).fill(0.25);
    const ll = anyPass(
      FAMILY_LOG,
      C,
      undefined,
      0,
      q,
      new Float64Array(n),
      y,
      undefined,
      b,
      100,
      n - 7,
      g,
      H,
      true,
      new Int32Array(1),
    );
    for (const [what, r] of [
      ['generated', gen],
      ['compiler off', gen2],
    ] as const) {
      const show = (x: string, a: number, c: number): string => `q = ${q} ${what} ${x}: ${a} vs glmPass ${c}`;
      assert.ok(Math.abs(r.ll - ll) <= 1e-12 * Math.abs(ll), show('ll', r.ll, ll));
      for (let j = 0; j < q; j++)
        assert.ok(Math.abs(r.g[j] - g[j]) <= 1e-12 * (1 + Math.abs(g[j])), show(`g${j}`, r.g[j], g[j]));
      for (let j = 0; j < q; j++)
        for (let k = j; k < q; k++) {
          const [a, c] = [r.H[j * q + k], H[j * q + k]];
          assert.ok(Math.abs(a - c) <= 1e-12 * (1 + Math.abs(c)), show(`H${j},${k}`, a, c));
        }
    }
  });
}

test('safety: the generated source holds only its own fragments, synthetic names and integer indices', () => {
  const src = logLinearSource(12);
  const words = new Set(src.match(/[A-Za-z_$][\w$]*/g));
  for (const w of words)
    assert.ok(
      /^([gchxwC]\d+(_\d+)?|C|y|b|g|H|i|e|m|t|u|v|from|to|let|const|for|return|Math|exp)$/.test(w),
      `unexpected word ${w}`,
    );
  // Numbers are integer indices only.
  for (const num of src.match(/\d+(\.\d+)?/g) ?? []) assert.ok(/^\d+$/.test(num), `a non-integer ${num}`);
});
