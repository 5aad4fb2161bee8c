// The CLI progress line: terminals only, silent for quick fits, rewritten in place, truncated to the width, erased.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from '../../server/src/cli/progress-line.ts';

function fake(isTTY: boolean, columns = 80) {
  const out: string[] = [];
  return { isTTY, columns, out, write: (s: string) => out.push(s) };
}

test('no line on a pipe or file', () => {
  assert.equal(progressLine(fake(false)), undefined);
});

test('a quick fit prints nothing; a long one a line rewritten in place, then erased', () => {
  const s = fake(true);
  let t = 0;
  const line = progressLine(s, () => t)!;
  line.listener({ phase: 'optimising', iteration: 1, objective: -10 });
  assert.deepEqual(s.out, [], 'nothing within the first 0.4 s');
  line.clear();
  assert.deepEqual(s.out, [], 'nothing to erase');
  t = 1500;
  line.listener({ phase: 'optimising', iteration: 7, objective: -1234.5 });
  t = 2500;
  line.listener({ phase: 'bootstrap', done: 17, total: 200 });
  line.clear();
  assert.deepEqual(s.out, [
    '\r\x1b[Kmle: optimising · iteration 7 · logLik −1234.5 · 1.5 s',
    '\r\x1b[Kmle: bootstrap 17 of 200 · 2.5 s',
    '\r\x1b[K',
  ]);
});

test('the line never wraps: cut to the terminal width with an ellipsis', () => {
  const s = fake(true, 30);
  let t = 0;
  const line = progressLine(s, () => t)!;
  t = 1000;
  line.preparing();
  assert.equal(s.out.length, 1);
  const text = s.out[0].replace('\r\x1b[K', '');
  assert.equal(text.length, 29, text);
  assert.ok(text.endsWith('…'), text);
});
