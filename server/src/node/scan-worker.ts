// The CSV scan's second thread: waits for its share, claims it, reads the second half of the lines into the shared columns.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BodyScan } from '../data/body-scan.ts';
import { cellReader } from '../data/cell.ts';
import type { ScanJob, ScanWorkerInit } from './scan-threads.ts';

const { ctrl } = workerData as ScanWorkerInit;
// Started before the file was read: the job (or word that there is none) comes once the caller has the bytes.
while (Atomics.load(ctrl, 2) === 0) Atomics.wait(ctrl, 2, 0);
const d = Atomics.load(ctrl, 2) === 1 && parentPort ? (receiveMessageOnPort(parentPort)?.message as ScanJob) : undefined;
if (!d) {
  // No job after all: the caller must not wait for one.
  Atomics.compareExchange(ctrl, 0, 0, 2);
  Atomics.notify(ctrl, 0);
} else if (Atomics.compareExchange(ctrl, 0, 0, 1) === 0) {
  Atomics.notify(ctrl, 0);
  try {
    const scan = new BodyScan(d.buf, d.ncol, d.delim, cellReader(d.na, d.decimalComma), d.values, d.row);
    scan.run(d.from, d.buf.length, 0);
    // Text cells and ragged lines need the whole file's sweep (first rows, levels, line numbers): the caller redoes it.
    const clean = !scan.ragged.result() && scan.columns.every((c) => c.nonNumeric === 0);
    d.out[0] = clean ? 1 : 0;
    d.out[1] = scan.row - d.row;
    const n = d.ncol;
    scan.columns.forEach((c, j) => (d.out[2 + j] = c.missing));
    d.out.set(scan.min, 2 + n);
    d.out.set(scan.max, 2 + 2 * n);
    d.out.set(scan.fraction, 2 + 3 * n);
  } catch {
    d.out[0] = 0;
  }
  Atomics.store(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
