// language/structural-checks.ts: the checks that evaluate the model on its data run once per model text and loaded
// table; the same text on the same table replays their verdict, any other text or table runs them again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';

const CSV = `x,y\n${Array.from({ length: 40 }, (_, i) => `${i / 4},${1 + 0.5 * (i / 4) + Math.sin(i)}`).join('\n')}`;

function load(): DataLoad {
  const t = parseDataFile('d.csv', CSV);
  assert.ok(t.ok);
  return { ok: true, path: 'd.csv', table: t.table };
}

// a and b enter only as a + b: not identifiable, which the rank test over the data reports.
const MODEL = 'data "d.csv"\nparam a\nparam b\nparam c\nparam s > 0\ny ~ Normal(a + b + c * x, s)\n';

const found = (text: string, data: DataLoad) =>
  analyze(text, data).diagnostics.filter((d) => d.code === 'not-identifiable');

test('the same text on the same table replays the structural verdict; another text or table runs the checks', () => {
  const data = load();
  const first = found(MODEL, data);
  assert.equal(first.length, 1, JSON.stringify(first));
  const again = found(MODEL, data);
  assert.equal(again[0], first[0], 'replayed: the very same diagnostic');
  // The same content loaded again is a new table (a reload): the checks run, and find the same.
  const reloaded = found(MODEL, load());
  assert.notEqual(reloaded[0], first[0]);
  assert.deepEqual(reloaded, first);
  // Another text: the checks run on it, and the spans are its own.
  const shifted = `# a comment\n${MODEL}`;
  const moved = found(shifted, data);
  assert.equal(moved.length, 1);
  assert.equal(moved[0].span.start, first[0].span.start + '# a comment\n'.length);
  assert.equal(
    shifted.slice(moved[0].span.start, moved[0].span.end),
    MODEL.slice(first[0].span.start, first[0].span.end),
  );
  // A text that fixes the model has no verdict, even though an earlier text on this table had one.
  assert.equal(found(MODEL.replace('a + b + c * x', 'a + c * x').replace('param b\n', ''), data).length, 0);
  assert.equal(found(MODEL, data)[0], first[0], 'the earlier text is still remembered');
});

test('the data checks replay for the same text and loaded data, and run again for a reload or another text', () => {
  // y = 0 in some rows: a Poisson outcome is fine, a Gamma one (positive support) is not.
  const data = load();
  const gamma = 'data "d.csv"\nparam a\nparam s > 0\ny ~ Gamma(s, exp(a))\n';
  const support = (text: string, d: DataLoad) => analyze(text, d).diagnostics.filter((x) => x.code === 'data-support');
  const csv = `y\n0\n1\n2\n3\n`;
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const counts: DataLoad = { ok: true, path: 'd.csv', table: t.table };
  const first = support(gamma, counts);
  assert.equal(first.length, 1, JSON.stringify(first));
  assert.equal(support(gamma, counts)[0], first[0], 'replayed: the very same diagnostic');
  const t2 = parseDataFile('d.csv', csv);
  assert.ok(t2.ok);
  const reload: DataLoad = { ok: true, path: 'd.csv', table: t2.table };
  const again = support(gamma, reload);
  assert.notEqual(again[0], first[0]);
  assert.deepEqual(again, first);
  assert.equal(
    support(gamma.replace('Gamma(s, exp(a))', 'Poisson(exp(a))').replace('param s > 0\n', ''), counts).length,
    0,
  );
  assert.equal(support(gamma, data).length, 0, 'other data: its own verdict (no zero outcome)');
});
