// not-identifiable messages name the parameters and the fixed combination, as issue 4 words them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';

function messages(model: string, csv: string): string[] {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  return analyze(model, { ok: true, path: 'd.csv', table: t.table })
    .diagnostics.filter((d) => d.code === 'not-identifiable')
    .map((d) => d.message);
}

// x1 on a grid, x2 = 2·x1 + 1 exactly, z constant, x3 unrelated; y noisy.
const rows = Array.from({ length: 30 }, (_, i) => {
  const x1 = (i * 0.37) % 10;
  return { y: 1 + 0.5 * x1 + Math.sin(i), x1, x2: 2 * x1 + 1, x4: -3 * x1, z: 3, x3: (i * 1.7) % 5 };
});
const CSV = `y,x1,x2,x4,z,x3\n${rows.map((r) => [r.y, r.x1, r.x2, r.x4, r.z, r.x3].map((v) => Number(v.toFixed(6))).join(',')).join('\n')}`;

const cases: [string, string, RegExp][] = [
  [
    'collinear columns',
    'param a, b1, b2\nparam s > 0\ny ~ Normal(a + b1 * x1 + b2 * x2, s)',
    /`b2` is not identifiable: column `x2` is a linear function of `x1` \(x2 = 2·x1 \+ 1, exactly\)/,
  ],
  [
    'collinear without intercept',
    'param b1, b2\nparam s > 0\ny ~ Normal(b1 * x1 + b2 * x4, s)',
    /column `x4` is a linear function of `x1` \(x4 = −3·x1, exactly\)/,
  ],
  [
    'a constant column',
    'param a, c\nparam s > 0\ny ~ Normal(a + c * z, s)',
    /`c` multiplies column `z`, which is constant \(3 in every used row\).*only `a \+ 3·c` is estimable/,
  ],
  ['only a sum enters', 'param a, b\nparam s > 0\ny ~ Normal(a + b + x3, s)', /`a` and `b` enter only as `a \+ b`/],
  [
    'only a product enters',
    'param a, b, k\nparam s > 0\ny ~ Normal(a + b * k * x3, s)',
    /`b` and `k` enter only through their product `b·k`/,
  ],
];

for (const [what, body, expected] of cases) {
  test(`not-identifiable: ${what}`, () => {
    const got = messages(`data "d.csv"\n${body}`, CSV);
    assert.equal(got.length, 1, `one not-identifiable warning for\n${body}\ngot: ${JSON.stringify(got)}`);
    assert.match(got[0], expected, body);
  });
}

test('an identifiable model (and an ill-conditioned but full-rank one) gets no warning', () => {
  assert.deepEqual(
    messages('data "d.csv"\nparam a, b1, b3\nparam s > 0\ny ~ Normal(a + b1 * x1 + b3 * x3, s)', CSV),
    [],
  );
  const poly = Array.from({ length: 40 }, (_, i) => {
    const x = 1000 + i / 4;
    return `${Math.sin(i)},${x}`;
  }).join('\n');
  assert.deepEqual(
    messages(
      'data "d.csv"\nparam a, b, c, d\nparam s > 0\ny ~ Normal(a + b * x + c * x^2 + d * x^3, s)',
      `y,x\n${poly}`,
    ),
    [],
  );
});
