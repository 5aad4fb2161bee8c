// logCdf / logSurvival against R's p* functions (log.p = TRUE, both tails) at bulk and extreme-tail points, from
// test/reference/r-log-cdf.json (written by test/reference/r-log-cdf.R; tolerances stated there).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { family } from '../../server/src/engine/distributions/index.ts';
import { makeOut } from '../../server/src/engine/distributions/types.ts';

interface Case {
  family: string;
  args: number[];
  r: string;
  y: number[];
  lower: number[];
  upper: number[];
}
const ref = JSON.parse(readFileSync('test/reference/r-log-cdf.json', 'utf8')) as {
  tolerances: { bulk: number; tail: number };
  cases: Case[];
};

/** The fixture's rule: `bulk` where |log P| ≤ 50 and P is not within 1e-10 of 1 (log P < −1e-10), else `tail`. */
const tolOf = (v: number) => (Math.abs(v) <= 50 && v < -1e-10 ? ref.tolerances.bulk : ref.tolerances.tail);

/** Worst relative error per family and tail, printed for the report. */
const worst = new Map<string, number>();

for (const c of ref.cases) {
  test(`${c.family}(${c.args.join(', ')}): log P(Y ≤ y) and log P(Y > y) match R ${c.r}`, () => {
    const f = family(c.family);
    assert.ok(f?.logCdf && f.logSurvival, `${c.family} lacks logCdf/logSurvival`);
    const n = c.y.length;
    const x = [Float64Array.from(c.y), ...c.args.map((a) => new Float64Array(n).fill(a))];
    for (const [name, fn, want] of [
      ['logCdf', f.logCdf, c.lower],
      ['logSurvival', f.logSurvival, c.upper],
    ] as const) {
      const out = makeOut(c.args.length + 1, n);
      fn(n, x, 0, out);
      for (let i = 0; i < n; i++) {
        const got = out.lp[i];
        const rel = want[i] === got ? 0 : Math.abs(got - want[i]) / Math.abs(want[i]);
        const key = `${c.family} ${name} ${tolOf(want[i]) === ref.tolerances.bulk ? 'bulk' : 'tail'}`;
        worst.set(key, Math.max(worst.get(key) ?? 0, rel));
        assert.ok(
          rel <= tolOf(want[i]),
          `${c.family}(${c.args.join(', ')}).${name}(${c.y[i]}) = ${got}, R ${c.r}: ${want[i]} (relative ${rel})`,
        );
      }
    }
  });
}

test('worst relative errors vs R (informational)', () => {
  for (const [k, v] of [...worst].sort()) console.log(`${k}: ${v.toExponential(2)}`);
  assert.ok(worst.size > 0);
});
