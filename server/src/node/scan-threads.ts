// A second thread for the CSV scan of a large file: it reads the second half of the lines into shared columns.

import { availableParallelism } from 'node:os';
import type { ScanHelper } from '../data/fast-numeric.ts';
import { spawnWorker } from './spawn-worker.ts';

/** ctrl[0]: 0 unclaimed, 1 claimed by the helper, 2 given up by the caller; ctrl[1]: 1 once the helper is done. */
export interface ScanWorkerInit {
  readonly buf: Uint8Array;
  readonly from: number;
  readonly ncol: number;
  readonly delim: number;
  readonly na: readonly string[];
  readonly decimalComma: boolean;
  readonly values: readonly Float64Array[];
  readonly row: number;
  readonly ctrl: Int32Array;
  /** [ok, rows, missing per column]. */
  readonly out: Float64Array;
}

/** Shared memory for the columns, so the helper writes its rows in place. */
export const sharedValues = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));

/**
 * The helper, when the bytes are in shared memory and there is a second core; the caller's wait is synchronous
 * (Atomics), as the data layer's API is. A helper that has not started when the caller is done is given up
 * (compare-and-swap on ctrl[0]), so the two never write the same rows.
 */
export const scanThreads =
  (minBytes = 16 << 20, startMs = 500): ScanHelper =>
  (buf, from, ncol, delim, reader, values, row) => {
    // Below minBytes of second half one thread is quicker than starting another; startMs is how long the caller, done
    // with its half, waits for the helper to start before reading the second half itself.
    if (buf.length - from < minBytes / 2 || !(buf.buffer instanceof SharedArrayBuffer) || availableParallelism() < 2)
      return undefined;
    if (!values.every((v) => v.buffer instanceof SharedArrayBuffer)) return undefined;
    const ctrl = new Int32Array(new SharedArrayBuffer(8));
    const out = new Float64Array(new SharedArrayBuffer((2 + ncol) * 8));
    const na = [...reader.na].filter((s) => s !== '');
    const worker = spawnWorker('scan-worker', {
      buf,
      from,
      ncol,
      delim,
      na,
      decimalComma: reader.decimalComma,
      values,
      row,
      ctrl,
      out,
    } satisfies ScanWorkerInit);
    worker.unref();
    // A thread that fails to load is noticed by the caller's timed wait; its error event must not end the process.
    worker.on('error', () => undefined);
    return {
      wait() {
        if (Atomics.load(ctrl, 0) === 0) Atomics.wait(ctrl, 0, 0, startMs);
        if (Atomics.compareExchange(ctrl, 0, 0, 2) === 0) {
          // Not started in time: given up (if it starts now it sees 2 and leaves); this thread reads the rest.
          void worker.terminate();
          return undefined;
        }
        while (Atomics.load(ctrl, 1) === 0) Atomics.wait(ctrl, 1, 0, 1000);
        void worker.terminate();
        if (out[0] !== 1) return undefined;
        return { rows: out[1], missing: Array.from(out.subarray(2)) };
      },
    };
  };
