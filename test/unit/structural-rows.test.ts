// The rows the identifiability checks evaluate keep every factor level: 1,000 levels of 5 rows on 5,000 rows used to
// lose most levels from the 4,000-row even sample and report them as not identifiable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { lower } from '../../server/src/language/lower.ts';
import { structuralRows } from '../../server/src/engine/inference/structural-rows.ts';

function csv(levels: number, per: number): string {
  const lines = ['y,grp,x'];
  for (let i = 0; i < levels * per; i++) {
    const l = i % levels;
    const x = Math.sin(i * 0.37);
    lines.push(`${(i * 7) % 5},L${String(l).padStart(4, '0')},${x.toFixed(6)}`);
  }
  return lines.join('\n') + '\n';
}

const model = 'data "d.csv"\nparam a\nparam g[grp] ref\nparam b\ny ~ Poisson(exp(a + g[grp] + b * x))\n';

test('1,000 levels × 5 rows: no level is reported not identifiable, and each keeps 3 rows in the sample', () => {
  const t = parseDataFile('d.csv', csv(1000, 5));
  assert.ok(t.ok);
  const an = analyze(model, { ok: true, path: 'd.csv', table: t.table });
  const bad = an.diagnostics.filter((d) => d.code === 'not-identifiable' || d.code === 'collinearity');
  assert.deepEqual(
    bad.map((d) => d.message),
    [],
  );
  const m = lower(an);
  const { rows, complete } = structuralRows(m, 4000);
  assert.equal(complete, true);
  const lk = m.terms[0].args[0];
  const codes = findLookup(lk as N);
  assert.ok(codes);
  const count = new Map<number, number>();
  for (const i of rows) count.set(codes[i], (count.get(codes[i]) ?? 0) + 1);
  for (let l = 0; l < 1000; l++) assert.ok((count.get(l) ?? 0) >= 3, `level ${l}: ${count.get(l) ?? 0} rows`);
});

type N = { op: string; codes?: Int32Array; a?: N; b?: N; args?: N[] };
function findLookup(n: N): Int32Array | undefined {
  if (n.op === 'lookup') return n.codes;
  for (const k of [n.a, n.b]) {
    const hit = k && findLookup(k);
    if (hit) return hit;
  }
  return undefined;
}
