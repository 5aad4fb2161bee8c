// MLE: Open Data refreshes when its file changes on disk: the version check of a window, the scroll position kept
// across a reload (also with the capped scroll height of a million rows), the note, the watched path, the debounce.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { keptFirstRow, reloadNote, scrollTopFor, versionOf } from '../../client/webview/data-refresh.ts';
import { firstRowAt, scrollHeight } from '../../client/webview/data-blocks.ts';
import { dataFileOf, debounced } from '../../client/src/data-file.ts';
import type { DataRowsResponse } from '../../server/src/protocol.ts';

const win = (stamp?: { size: number; mtimeMs: number }): DataRowsResponse => ({
  path: 'd.csv',
  columns: [],
  start: 0,
  rows: [],
  total: 0,
  dropped: [],
  droppedTotal: 0,
  ...(stamp ? { stamp } : {}),
});

test('a window of the version on show is used; an older one is dropped; a newer one (or another size) reloads', () => {
  const shown = win({ size: 100, mtimeMs: 5000 });
  assert.equal(versionOf(shown, win({ size: 100, mtimeMs: 5000 })), 'same');
  assert.equal(versionOf(shown, win({ size: 100, mtimeMs: 4000 })), 'older');
  assert.equal(versionOf(shown, win({ size: 120, mtimeMs: 6000 })), 'newer');
  // Same modification time (a coarse clock), another size: still another version.
  assert.equal(versionOf(shown, win({ size: 120, mtimeMs: 5000 })), 'newer');
  // An older server sends no stamp: only the watcher reloads.
  assert.equal(versionOf(shown, win()), 'same');
  assert.equal(versionOf(win(), shown), 'same');
});

test('after a reload the same first row is on show; a shorter file keeps the last screen full', () => {
  assert.equal(keptFirstRow(120, 30, 1000), 120);
  assert.equal(keptFirstRow(990, 30, 500), 470);
  assert.equal(keptFirstRow(10, 30, 20), 0);
  for (const total of [40, 1000, 123_457, 1_000_000]) {
    const visible = 30;
    const room = scrollHeight(total, 22) - 700;
    const rows = [0, 1, 7, Math.floor(total / 3), total - visible - 1, total - visible].filter(
      (r) => r <= total - visible,
    );
    for (const row of rows) {
      const top = scrollTopFor(row, room, visible, total);
      assert.ok(top >= 0 && top <= room, `total ${total}, row ${row}: top ${top} outside [0, ${room}]`);
      assert.equal(firstRowAt(top, room, visible, total), row, `total ${total}, row ${row}: top ${top}`);
    }
  }
  assert.equal(scrollTopFor(5, 0, 30, 10), 0);
});

test('the note says when, why and by how many rows', () => {
  const at = new Date(2026, 11, 3, 16, 5, 9);
  assert.equal(reloadNote(at, 1200, 1000, true), 'reloaded at 16:05:09: the file changed on disk (+200 rows)');
  assert.equal(reloadNote(at, 900, 1000, true), 'reloaded at 16:05:09: the file changed on disk (−100 rows)');
  assert.equal(reloadNote(at, 1000, 1000, false), 'reloaded at 16:05:09');
});

test('the watched file is the data path resolved beside the model, as the server resolves it', () => {
  assert.equal(dataFileOf('/w/models/m.mle', 'd.csv'), '/w/models/d.csv');
  assert.equal(dataFileOf('/w/models/m.mle', '../data/./d.csv'), '/w/data/d.csv');
  assert.equal(dataFileOf('/w/models/m.mle', '/abs/d.csv'), '/abs/d.csv');
});

test('a burst of change events tells the webview once, after the last', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let fired = 0;
    const d = debounced(() => fired++, 300);
    d.poke();
    mock.timers.tick(200);
    d.poke();
    mock.timers.tick(200);
    assert.equal(fired, 0);
    mock.timers.tick(100);
    assert.equal(fired, 1);
    d.poke();
    d.cancel();
    mock.timers.tick(1000);
    assert.equal(fired, 1);
  } finally {
    mock.timers.reset();
  }
});
