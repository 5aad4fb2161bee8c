// The CSV scan's second thread: claims its share, reads the second half of the lines into the shared columns, reports counts.

import { workerData } from 'node:worker_threads';
import { BodyScan } from '../data/body-scan.ts';
import { cellReader } from '../data/cell.ts';
import type { ScanWorkerInit } from './scan-threads.ts';

const d = workerData as ScanWorkerInit;
if (Atomics.compareExchange(d.ctrl, 0, 0, 1) === 0) {
  Atomics.notify(d.ctrl, 0);
  try {
    const scan = new BodyScan(d.buf, d.ncol, d.delim, cellReader(d.na, d.decimalComma), d.values, d.row);
    scan.run(d.from, d.buf.length, 0);
    // Text cells and ragged lines need the whole file's sweep (first rows, levels, line numbers): the caller redoes it.
    const clean = !scan.ragged.result() && scan.columns.every((c) => c.nonNumeric === 0);
    d.out[0] = clean ? 1 : 0;
    d.out[1] = scan.row - d.row;
    scan.columns.forEach((c, j) => (d.out[2 + j] = c.missing));
  } catch {
    d.out[0] = 0;
  }
  Atomics.store(d.ctrl, 1, 1);
  Atomics.notify(d.ctrl, 1);
}
