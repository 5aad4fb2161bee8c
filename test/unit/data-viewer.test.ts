// The data viewer's scroll geometry and block bookkeeping, and the MLE Studio log's fit lines (pure helpers, no vscode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BLOCK,
  KEEP_BLOCKS,
  MAX_SCROLL_PX,
  blocksFor,
  blocksToDrop,
  firstRowAt,
  scrollHeight,
} from '../../client/webview/data-blocks.ts';
import { fitLogLine, serverLogLevel } from '../../client/src/fit-log.ts';
import type { FitJson, FitResponse } from '../../server/src/protocol.ts';

test('a million rows: the height is capped, yet the top shows row 0 and the bottom the last rows', () => {
  const total = 1_000_000;
  const rowPx = 22;
  const h = scrollHeight(total, rowPx);
  assert.equal(h, Math.min(total * rowPx, MAX_SCROLL_PX));
  const visible = 30;
  const room = h - 700;
  assert.equal(firstRowAt(0, room, visible, total), 0);
  assert.equal(firstRowAt(room, room, visible, total), total - visible);
  // Monotone, and about proportional half-way.
  const mid = firstRowAt(room / 2, room, visible, total);
  assert.ok(Math.abs(mid - (total - visible) / 2) <= 1, `mid ${mid}`);
  assert.equal(firstRowAt(123, 0, visible, 10), 0);
});

test('the blocks a viewport needs, half a block ahead, within the table', () => {
  assert.deepEqual(blocksFor(0, 30, 10), [0]);
  assert.deepEqual(blocksFor(0, 30, 100_000), [0]);
  assert.deepEqual(blocksFor(BLOCK / 2, 30, 100_000), [0, 1]);
  assert.deepEqual(blocksFor(BLOCK - 5, 30, 100_000), [0, 1]);
  assert.deepEqual(blocksFor(99_990, 30, 100_000), [Math.floor(99_990 / BLOCK)]);
  assert.deepEqual(blocksFor(0, 30, 0), []);
});

test('the farthest cached blocks are dropped beyond KEEP_BLOCKS', () => {
  const cached = Array.from({ length: KEEP_BLOCKS + 3 }, (_, i) => i);
  assert.deepEqual(
    blocksToDrop(cached, 0).sort((a, b) => a - b),
    [KEEP_BLOCKS, KEEP_BLOCKS + 1, KEEP_BLOCKS + 2],
  );
  assert.deepEqual(blocksToDrop(cached.slice(0, KEEP_BLOCKS), 0), []);
});

const fit = (over: Partial<FitJson>): FitResponse => ({
  ok: true,
  result: {
    model: 'cars-normal.mle',
    method: 'qr',
    converged: true,
    iterations: 1,
    logLik: -206.5784,
    data: { path: 'cars.csv', rows: 50, rowsUsed: 48, rowsDropped: 2 },
    diagnostics: [],
    elapsedMs: 12.4,
    ...over,
  } as FitJson,
});

test('a fit line names the model, method, convergence, rows and timings', () => {
  const l = fitLogLine('examples/cars-normal.mle', fit({}), 40);
  assert.equal(l.level, 'info');
  for (const part of [
    'cars-normal.mle',
    'by qr',
    'converged',
    '48 rows used (2 dropped)',
    '40 ms total',
    'engine 12 ms',
  ])
    assert.ok(l.text.includes(part), `${part} in ${l.text}`);
  const slow = fitLogLine('m.mle', fit({ converged: false, elapsedMs: 2500 }), 2600);
  assert.equal(slow.level, 'warn');
  assert.match(slow.text, /NOT converged.*2\.60 s total, engine 2\.50 s/);
  const failed = fitLogLine(
    'm.mle',
    {
      ok: false,
      message: 'The model has errors.',
      diagnostics: [
        {
          severity: 'error',
          code: 'unknown-name',
          message: 'unknown name "x"',
          range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
        },
      ],
    },
    5,
  );
  assert.equal(failed.level, 'error');
  assert.match(failed.text, /not fitted .*The model has errors\..*line 4: unknown name "x" \[unknown-name\]/);
});

test("the language client's server lines keep their level", () => {
  assert.deepEqual(serverLogLevel('[Error - 10:42:01 AM] mle: hover failed'), {
    level: 'error',
    text: 'mle: hover failed',
  });
  assert.deepEqual(serverLogLevel('[Warn  - 10:42:01] careful'), { level: 'warn', text: 'careful' });
  assert.deepEqual(serverLogLevel('plain stderr line'), { level: 'info', text: 'plain stderr line' });
});
