// A second thread for the CSV scan of a large file: started before the file is read, it reads the second half of the lines into shared columns.

import { availableParallelism } from 'node:os';
import type { ScanHelper } from '../data/fast-numeric.ts';
import { spawnWorker } from './spawn-worker.ts';

/**
 * ctrl[0]: 0 unclaimed, 1 claimed by the helper, 2 given up (by the caller, or by a helper that found no job);
 * ctrl[1]: 1 once the helper is done; ctrl[2]: 1 once a job is posted, 2 when none will be.
 */
export interface ScanWorkerInit {
  readonly ctrl: Int32Array;
}

/** The share posted to the started thread (shared memory throughout, so nothing is copied). */
export interface ScanJob {
  readonly buf: Uint8Array;
  readonly from: number;
  readonly ncol: number;
  readonly delim: number;
  readonly na: readonly string[];
  readonly decimalComma: boolean;
  readonly values: readonly Float64Array[];
  readonly row: number;
  /** [ok, rows, then per column: missing, min, max, fraction (1: a value is not whole)]: 2 + 4·ncol. */
  readonly out: Float64Array;
}

/** Shared memory for the columns, so the helper writes its rows in place. */
export const sharedValues = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));

/** A scan thread started ahead of its job; `close()` ends it, used or not. */
export interface ScanThread {
  readonly helper: ScanHelper;
  close(): void;
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

/**
 * Starts the helper thread now, so its start-up (~25 ms: an isolate and the worker bundle) overlaps the file's read;
 * undefined without a second core. Its `helper` takes one job, when the bytes and columns are in shared memory and the
 * second half has at least minBytes / 2; the caller's wait is synchronous (Atomics), as the data layer's API is. A
 * helper that has not claimed its job when the caller is done is given up (compare-and-swap on ctrl[0]), so the two
 * never write the same rows; startMs is how long the caller, done with its half, waits for that claim.
 */
export function startScanThread(minBytes = 16 << 20, startMs = 500): ScanThread | undefined {
  if (availableParallelism() < 2) return undefined;
  const ctrl = new Int32Array(new SharedArrayBuffer(12));
  const worker = spawnWorker('scan-worker', { ctrl } satisfies ScanWorkerInit);
  worker.unref();
  // A thread that fails to load is noticed by the caller's timed wait; its error event must not end the process.
  worker.on('error', () => undefined);
  let posted = false;
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    if (!posted) {
      Atomics.store(ctrl, 2, 2);
      Atomics.notify(ctrl, 2);
    }
    void worker.terminate();
  };
  const helper: ScanHelper = (buf, from, ncol, delim, reader, values, row) => {
    if (posted || closed || buf.length - from < minBytes / 2 || !isShared(buf) || !values.every(isShared))
      return undefined;
    posted = true;
    const out = new Float64Array(new SharedArrayBuffer((2 + 4 * ncol) * 8));
    const na = [...reader.na].filter((s) => s !== '');
    worker.postMessage({
      buf,
      from,
      ncol,
      delim,
      na,
      decimalComma: reader.decimalComma,
      values,
      row,
      out,
    } satisfies ScanJob);
    Atomics.store(ctrl, 2, 1);
    Atomics.notify(ctrl, 2);
    return {
      wait() {
        if (Atomics.load(ctrl, 0) === 0) Atomics.wait(ctrl, 0, 0, startMs);
        // Not claimed in time: given up (if it claims later it sees 2 and leaves); the caller reads the rest.
        if (Atomics.compareExchange(ctrl, 0, 0, 2) === 0 || Atomics.load(ctrl, 0) === 2) return undefined;
        while (Atomics.load(ctrl, 1) === 0) Atomics.wait(ctrl, 1, 0, 1000);
        if (out[0] !== 1) return undefined;
        const at = (k: number): Float64Array => out.subarray(2 + k * ncol, 2 + (k + 1) * ncol);
        return {
          rows: out[1],
          missing: Array.from(at(0)),
          stats: { min: at(1), max: at(2), fraction: at(3) },
        };
      },
    };
  };
  return { helper, close };
}

/** A helper that starts its thread when it is given a job and ends it after (tests; callers that cannot start early). */
export const scanThreads =
  (minBytes = 16 << 20, startMs = 500): ScanHelper =>
  (buf, from, ncol, delim, reader, values, row) => {
    if (buf.length - from < minBytes / 2 || !isShared(buf) || !values.every(isShared)) return undefined;
    const thread = startScanThread(minBytes, startMs);
    const share = thread?.helper(buf, from, ncol, delim, reader, values, row);
    if (!share) {
      thread?.close();
      return undefined;
    }
    return {
      wait() {
        try {
          return share.wait();
        } finally {
          thread!.close();
        }
      },
    };
  };
