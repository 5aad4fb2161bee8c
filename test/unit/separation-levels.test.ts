// separation by a factor level: a level whose rows all have outcome 0 (or all 1) is named, before fitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';

/** Outcome y by level: a has both outcomes, b the pattern given, c both. */
function csv(b: readonly number[]): string {
  const rows = [
    [0, 'a', 1.2],
    [1, 'a', 0.3],
    [0, 'a', 2.2],
    [1, 'a', 1.1],
    ...b.map((y, i) => [y, 'b', 0.5 + i]),
    [0, 'c', 1.0],
    [1, 'c', 0.2],
    [0, 'c', 0.9],
  ];
  return 'y,g,x\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
}

function separation(model: string, data: string): string[] {
  const t = parseDataFile('d.csv', data);
  assert.ok(t.ok);
  const an = analyze(model, { ok: true, path: 'd.csv', table: t.table });
  return an.diagnostics.filter((d) => d.code === 'separation').map((d) => d.message);
}

const MODEL = (ref: string, link = 'logistic') =>
  `data "d.csv"\nparam a, c\nparam b[g] ${ref}\ny ~ Bernoulli(${link}(a + b[g] + c * x))\n`;

test('a level whose rows are all 1 is named, with its element and direction', () => {
  const msgs = separation(MODEL('ref'), csv([1, 1, 1]));
  assert.equal(msgs.length, 1, msgs.join('\n'));
  assert.match(
    msgs[0],
    /`b\[b\]` has no finite maximum likelihood estimate: all 3 used rows with g = b have outcome 1/,
  );
  assert.match(msgs[0], /towards \+∞/);
});

test('all 0 under a probit link: named, towards −∞; the indicator column is not reported as a covariate', () => {
  const msgs = separation(MODEL('ref', 'Phi'), csv([0, 0, 0]));
  assert.equal(msgs.length, 1, msgs.join('\n'));
  assert.match(msgs[0], /`b\[b\]`.*outcome 0.*towards −∞/);
  assert.doesNotMatch(msgs[0], /column `g == /);
});

test('the reference level separating blames the intercept and the other elements', () => {
  const msgs = separation(MODEL('ref "b"'), csv([0, 0, 0]));
  assert.equal(msgs.length, 1, msgs.join('\n'));
  assert.match(msgs[0], /g = b is the reference level/);
});

test('levels with both outcomes give no separation warning', () => {
  assert.deepEqual(separation(MODEL('ref'), csv([1, 0, 1])), []);
});
