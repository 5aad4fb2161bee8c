// A CSV body split between two threads reads exactly as one sweep: rows in place, blank lines closed up, counts merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile, type ScanEdge } from '../../server/src/data/table.ts';
import { BodyScan } from '../../server/src/data/body-scan.ts';
import type { ScanHelper } from '../../server/src/data/fast-numeric.ts';
import { scanThreads, sharedValues, startScanThread } from '../../server/src/node/scan-threads.ts';
import type { FeedCounter } from '../../server/src/data/fast-numeric.ts';

/** The helper's work done in this thread (what scan-worker.ts does), or a helper that never starts. */
const inThread: ScanHelper = (buf, from, ncol, delim, reader, values, row) => ({
  wait() {
    const scan = new BodyScan(buf, ncol, delim, reader, values, row);
    scan.run(from, buf.length, 0);
    if (scan.ragged.result() || scan.columns.some((c) => c.nonNumeric > 0)) return undefined;
    return { rows: scan.row - row, missing: scan.columns.map((c) => c.missing) };
  },
});
const neverStarts: ScanHelper = () => ({ wait: () => undefined });

function body(seed: number, lines: number, extra: (i: number) => string | undefined): string {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = ['x,y,z'];
  for (let i = 0; i < lines; i++)
    out.push(extra(i) ?? [rand().toFixed(6), (rand() * 100 - 50).toFixed(3), rand() < 0.1 ? 'NA' : '7'].join(','));
  return out.join('\n') + '\n';
}

function same(text: string, edge: ScanEdge, bytes?: Uint8Array): void {
  const one = parseDataFile('t.csv', text);
  const two = parseDataFile('t.csv', bytes ?? new TextEncoder().encode(text), {}, edge);
  assert.equal(one.ok, two.ok, `${one.ok ? '' : one.error} / ${two.ok ? '' : two.error}`);
  if (!one.ok || !two.ok) return assert.equal(two.ok ? '' : two.error, one.ok ? '' : one.error);
  assert.equal(two.table.rows, one.table.rows);
  for (const c of one.table.columns) {
    const d: typeof c = two.table.byName.get(c.name)!;
    assert.deepEqual(Array.from(d.values), Array.from(c.values), c.name);
    assert.equal(d.missing, c.missing, `${c.name} missing`);
    assert.equal(d.nonNumeric, c.nonNumeric, `${c.name} non-numeric`);
    assert.deepEqual(d.firstNonNumeric, c.firstNonNumeric, `${c.name} first non-numeric`);
    // Summaries merge the halves' stats; the sum goes on in row order, so even the mean is the same double.
    for (const k of ['min', 'max', 'mean', 'integer'] as const) assert.ok(Object.is(d[k], c[k]), `${c.name} ${k}`);
    assert.deepEqual(d.distinct, c.distinct, `${c.name} distinct`);
  }
}

test('split in two: the same table, blank lines in either half, missing values counted once', () => {
  same(
    body(1, 2000, () => undefined),
    { helper: inThread },
  );
  same(
    body(2, 2000, (i) => (i % 97 === 0 ? '' : undefined)),
    { helper: inThread },
  );
  same(
    body(3, 2000, (i) => (i === 1500 ? ' , , ' : undefined)),
    { helper: inThread },
  );
});

test('text or a ragged line in the second half: the whole file is read as one sweep would (first row, line)', () => {
  same(
    body(4, 2000, (i) => (i === 1800 ? '0.5,abc,7' : undefined)),
    { helper: inThread },
  );
  same(
    body(5, 2000, (i) => (i === 1900 ? '0.5,1,2,3' : undefined)),
    { helper: inThread },
  );
  same(
    body(6, 2000, () => undefined),
    { helper: neverStarts },
  );
});

test('a real second thread reads its half into shared memory', () => {
  const text = body(7, 20000, (i) => (i % 1000 === 5 ? '' : undefined));
  const enc = new TextEncoder().encode(text);
  const bytes = new Uint8Array(new SharedArrayBuffer(enc.length));
  bytes.set(enc);
  let answered = 0;
  const threads = scanThreads(0, 60_000);
  const counting: ScanHelper = (...args) => {
    const h = threads(...args);
    return (
      h && {
        wait: () => {
          const part = h.wait();
          if (part) answered++;
          return part;
        },
      }
    );
  };
  same(text, { helper: counting, newValues: sharedValues }, bytes);
  assert.equal(answered, 1, 'the helper thread read its half');
});

test('a thread started before the read counts the second half of the lines, then reads it', () => {
  const text = body(8, 20000, (i) => (i % 777 === 3 ? '' : i === 12345 ? ' , , ' : undefined));
  const enc = new TextEncoder().encode(text);
  const bytes = new Uint8Array(new SharedArrayBuffer(enc.length));
  bytes.set(enc);
  const thread = startScanThread(0, 60_000, 60_000)!;
  let counted: number | undefined;
  const counter: FeedCounter = (buf, from) => {
    const c = thread.counter(buf, from);
    return c && { result: () => (counted = c.result()) };
  };
  try {
    same(text, { helper: thread.helper, counter, newValues: sharedValues }, bytes);
  } finally {
    thread.close();
  }
  const from = enc.indexOf(10, (enc.indexOf(10) + 1 + enc.length) >> 1) + 1;
  assert.equal(
    counted,
    enc.subarray(from).filter((b) => b === 10).length,
    'the thread counted the line feeds of its half',
  );
});
