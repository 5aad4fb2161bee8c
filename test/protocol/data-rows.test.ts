// The `mle/dataRows` request over real LSP: row windows of a model's data, totals, dropped rows, summaries, refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node';
import { DATA_ROWS_MAX, DATA_ROWS_REFUSED_CODE, type DataRowsResponse } from '../../server/src/protocol.ts';
import { startSession, type Session } from './features-client.ts';

const N = 5000;
const LEVELS = ['a', 'b', 'c'];
/** Row i (0-based): y missing when i % 7 = 3, x when i % 11 = 5, z when i % 5 = 0, g ("NA") when i % 13 = 0. */
const yMissing = (i: number): boolean => i % 7 === 3;
const xMissing = (i: number): boolean => i % 11 === 5;
const zMissing = (i: number): boolean => i % 5 === 0;
const gMissing = (i: number): boolean => i % 13 === 0;
const row = (i: number): string[] => [
  yMissing(i) ? 'NA' : String(i * 0.5),
  xMissing(i) ? '' : String(i),
  gMissing(i) ? 'NA' : LEVELS[i % 3],
  zMissing(i) ? '' : String(i % 17),
];
const CSV = ['y,x,g,z', ...Array.from({ length: N }, (_, i) => row(i).join(','))].join('\n') + '\n';
const MODEL = 'data "d.csv"\nparam b0, b1\nparam sigma > 0\ny ~ Normal(b0 + b1 * x, sigma)\n';

let s: Session;
let dir: string;
before(async () => {
  s = await startSession();
  dir = mkdtempSync(join(tmpdir(), 'mle-rows-'));
  mkdirSync(join(dir, 'model'));
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'model', 'd.csv'), CSV);
  writeFileSync(join(dir, 'elsewhere', 'secret.csv'), 'y\n1\n2\n');
});
after(() => s.close());

const rows = (uri: string, start: number, count: number): Promise<DataRowsResponse> =>
  s.request<DataRowsResponse>('mle/dataRows', { uri, start, count });

test('a window: cells as text (null when missing), the total, and the rows the model drops', async () => {
  const uri = await s.open(join(dir, 'model', 'm.mle'), MODEL);
  for (const [start, count] of [
    [0, 40],
    [2490, 25],
    [N - 10, 100],
  ]) {
    const w = await rows(uri, start, count);
    const end = Math.min(N, start + count);
    assert.equal(w.total, N);
    assert.equal(w.start, start);
    assert.equal(w.rows.length, end - start, `window ${start}+${count}`);
    for (let k = 0; k < w.rows.length; k++) {
      const i = start + k;
      const want = row(i).map((c) => (c === '' || c === 'NA' ? null : c));
      assert.deepEqual(w.rows[k], want, `row ${i}`);
    }
    const dropped = Array.from({ length: end - start }, (_, k) => start + k).filter((i) => yMissing(i) || xMissing(i));
    assert.deepEqual(w.dropped, dropped, `dropped rows of window ${start}+${count}`);
  }
  const capped = await rows(uri, 100, 1_000_000);
  assert.equal(capped.rows.length, DATA_ROWS_MAX, 'a window is capped');
  assert.equal(capped.rows[0][1], '100');
  const past = await rows(uri, N + 50, 10);
  assert.deepEqual([past.start, past.rows.length, past.total], [N, 0, N], 'a window past the end is empty');
  const w = await rows(uri, 0, 1);
  let droppedTotal = 0;
  for (let i = 0; i < N; i++) if (yMissing(i) || xMissing(i)) droppedTotal++;
  assert.equal(w.droppedTotal, droppedTotal);
});

test('column summaries: numeric n, missing, min/mean/max; factor levels with counts; used columns', async () => {
  const uri = await s.open(join(dir, 'model', 'm.mle'), MODEL);
  const w = await rows(uri, 0, 0);
  assert.equal(w.rows.length, 0);
  const [y, x, g, z] = w.columns;
  assert.deepEqual(
    w.columns.map((c) => [c.name, c.type, c.used]),
    [
      ['y', 'numeric', true],
      ['x', 'numeric', true],
      ['g', 'factor', false],
      ['z', 'numeric', false],
    ],
  );
  const ys = Array.from({ length: N }, (_, i) => i).filter((i) => !yMissing(i));
  assert.equal(y.n, ys.length);
  assert.equal(y.missing, N - ys.length);
  assert.equal(y.min, 0);
  assert.equal(y.max, (N - 1) * 0.5);
  assert.ok(Math.abs(y.mean! - ys.reduce((a, i) => a + i * 0.5, 0) / ys.length) < 1e-9, `mean ${y.mean}`);
  assert.equal(x.missing, Array.from({ length: N }, (_, i) => i).filter(xMissing).length);
  assert.equal(z.max, 16);
  const counts = LEVELS.map((l, k) => ({
    level: l,
    count: Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 === k && !gMissing(i)).length,
  }));
  assert.deepEqual(g.levels, counts);
  assert.equal(g.missing, Array.from({ length: N }, (_, i) => i).filter(gMissing).length);
  assert.equal(g.n + g.missing, N);
});

test('the open text decides the used columns: an edit that uses z drops its missing rows too', async () => {
  const uri = await s.open(join(dir, 'model', 'm.mle'), MODEL);
  await s.change(uri, MODEL.replace('b1 * x', 'b1 * x + 0 * z'));
  const w = await rows(uri, 0, 60);
  const want = Array.from({ length: 60 }, (_, i) => i).filter((i) => yMissing(i) || xMissing(i) || zMissing(i));
  assert.deepEqual(w.dropped, want);
  assert.ok(w.columns.find((c) => c.name === 'z')!.used);
});

test('a data file outside the workspace and the model folder is refused with an error, not rows', async () => {
  // Opened by hand: the refused file is never read, so only one diagnostics publication comes (s.open waits for two).
  const uri = pathToFileURL(join(dir, 'model', 'far.mle')).href;
  const text = 'data "../elsewhere/secret.csv"\nparam m\ny ~ Normal(m, 1)\n';
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mle', version: 1, text } });
  await s.diagnostics(uri);
  await assert.rejects(rows(uri, 0, 10), (e: unknown) => {
    assert.ok(e instanceof ResponseError, `an error response, got ${String(e)}`);
    assert.equal(e.code, DATA_ROWS_REFUSED_CODE);
    assert.match(e.message, /secret\.csv/);
    assert.doesNotMatch(JSON.stringify(e.data ?? null), /"1"|"2"/);
    return true;
  });
  const none = await s.open(join(dir, 'model', 'none.mle'), 'param m\n');
  await assert.rejects(rows(none, 0, 10), /links no data file/);
});

test('the file changed on disk: the next window is read from the new version, with its stamp (the viewer reloads)', async () => {
  const sub = join(dir, 'changing');
  mkdirSync(sub);
  const file = join(sub, 'd.csv');
  writeFileSync(file, 'y,x\n1,2\n3,4\n');
  const uri = await s.open(join(sub, 'm.mle'), 'data "d.csv"\nparam m\nparam s > 0\ny ~ Normal(m, s)\n');
  const a = await rows(uri, 0, 10);
  assert.equal(a.total, 2);
  assert.equal(a.stamp?.size, 12);
  // Without a watcher notification: the server compares the file's size and modification time at every request.
  writeFileSync(file, 'y,x\n1,2\n3,4\n5,6\n');
  const b = await rows(uri, 0, 10);
  assert.equal(b.total, 3);
  assert.deepEqual(b.rows[2], ['5', '6']);
  assert.equal(b.stamp?.size, 16);
  assert.notDeepEqual(a.stamp, b.stamp);
});
