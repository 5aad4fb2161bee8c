// The CSV scan's second thread: takes its jobs as they come (a line count, then a scan of the second half into the shared columns).

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BodyScan } from '../data/body-scan.ts';
import { countFeeds } from '../data/byte-search.ts';
import { cellReader } from '../data/cell.ts';
import { CTRL, type ScanJob, type ScanWorkerInit } from './scan-threads.ts';

const { ctrl } = workerData as ScanWorkerInit;

/** Started before the file was read: the next job, once the caller has posted it; undefined when none will come. */
function next(seen: number): ScanJob | undefined {
  while (Atomics.load(ctrl, CTRL.POSTED) === seen) Atomics.wait(ctrl, CTRL.POSTED, seen);
  if (Atomics.load(ctrl, CTRL.POSTED) < 0 || !parentPort) return undefined;
  return receiveMessageOnPort(parentPort)?.message as ScanJob | undefined;
}

/** Claims a job (the caller may have taken it back) and marks it done after `work`. */
function claim(c: number, done: number, work: () => void): void {
  if (Atomics.compareExchange(ctrl, c, 0, 1) !== 0) return;
  Atomics.notify(ctrl, c);
  work();
  Atomics.store(ctrl, done, 1);
  Atomics.notify(ctrl, done);
}

function scan(d: Extract<ScanJob, { kind: 'scan' }>): void {
  try {
    const s = new BodyScan(d.buf, d.ncol, d.delim, cellReader(d.na, d.decimalComma), d.values, d.row);
    s.onRows = (rows) => {
      Atomics.store(ctrl, CTRL.ROWS, rows);
      Atomics.notify(ctrl, CTRL.ROWS);
    };
    s.run(d.from, d.buf.length, 0);
    // Text cells and ragged lines need the whole file's sweep (first rows, levels, line numbers): the caller redoes it.
    const clean = !s.ragged.result() && s.columns.every((c) => c.nonNumeric === 0);
    const n = d.ncol;
    d.out[0] = clean ? 1 : 0;
    d.out[1] = s.row - d.row;
    s.columns.forEach((c, j) => (d.out[2 + j] = c.missing));
    d.out.set(s.min, 2 + n);
    d.out.set(s.max, 2 + 2 * n);
    d.out.set(s.fraction, 2 + 3 * n);
  } catch {
    d.out[0] = 0;
  }
}

for (let seen = 0; ; seen++) {
  const job = next(seen);
  if (!job) break;
  if (job.kind === 'count')
    claim(CTRL.COUNT_CLAIM, CTRL.COUNT_DONE, () =>
      Atomics.store(ctrl, CTRL.FEEDS, countFeeds(job.buf, job.from, job.buf.length)),
    );
  else {
    claim(CTRL.SCAN_CLAIM, CTRL.SCAN_DONE, () => scan(job));
    // The caller may be waiting on the row count: −1 (after SCAN_DONE) ends that wait.
    Atomics.store(ctrl, CTRL.ROWS, -1);
    Atomics.notify(ctrl, CTRL.ROWS);
    break;
  }
}
// No scan after all (or it was taken back): a caller waiting for its claim must not wait.
if (Atomics.compareExchange(ctrl, CTRL.SCAN_CLAIM, 0, 2) === 0) Atomics.notify(ctrl, CTRL.SCAN_CLAIM);
