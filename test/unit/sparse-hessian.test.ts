// The Hessian of a factor model accumulated over each row's active parameters (Program.sparsePairs, used when two
// argument slots have more than 64² parameter pairs) against the closed form −XᵀX/σ² of a Normal linear model.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { lower } from '../../server/src/language/lower.ts';
import { makeEval, Program } from '../../server/src/engine/eval/program.ts';

test('80 levels (81 mean parameters): the Hessian equals −XᵀX/σ² to 1e-12 (closed form)', () => {
  const L = 80;
  const per = 3;
  const lines = ['y,grp,x'];
  const x: number[] = [];
  const code: number[] = [];
  for (let i = 0; i < L * per; i++) {
    const l = i % L;
    x.push(Number(Math.sin(0.7 * i + 1).toFixed(6)));
    code.push(l);
    lines.push(`${Math.cos(i).toFixed(6)},L${String(l).padStart(3, '0')},${x[i]}`);
  }
  const t = parseDataFile('d.csv', lines.join('\n') + '\n');
  assert.ok(t.ok);
  const an = analyze(
    'data "d.csv"\nparam a\nparam g[grp] ref\nparam b\nparam sigma > 0\ny ~ Normal(a + g[grp] + b * x, sigma)\n',
    {
      ok: true,
      path: 'd.csv',
      table: t.table,
    },
  );
  const m = lower(an);
  const P = m.params.length;
  const names = m.params.map((p) => p.name);
  const ia = names.indexOf('a');
  const ib = names.indexOf('b');
  const is = names.indexOf('sigma');
  const ig = (l: number): number => names.indexOf(`g[L${String(l).padStart(3, '0')}]`);
  const theta = Float64Array.from(m.params, (_, j) => 0.1 * Math.sin(j + 1));
  const sigma = 1.7;
  theta[is] = sigma;
  const out = makeEval(P);
  assert.ok(new Program(m.terms, m.n, P).evaluate(theta, 2, out));
  // −XᵀX/σ² over the mean parameters: row i has 1 (a), 1 (its level unless the reference), x_i (b).
  const ref = new Float64Array(P * P);
  for (let i = 0; i < m.n; i++) {
    const row = new Map<number, number>([
      [ia, 1],
      [ib, x[i]],
    ]);
    if (code[i] !== 0) row.set(ig(code[i]), 1);
    for (const [j, u] of row) for (const [k, v] of row) ref[j * P + k] -= (u * v) / sigma ** 2;
  }
  let worst = 0;
  for (let j = 0; j < P; j++)
    for (let k = 0; k < P; k++) {
      if (j === is || k === is) continue;
      worst = Math.max(worst, Math.abs(out.hess[j * P + k] - ref[j * P + k]));
    }
  assert.ok(worst < 1e-12 * (m.n / sigma ** 2), `max |H − (−XᵀX/σ²)| = ${worst}`);
});
