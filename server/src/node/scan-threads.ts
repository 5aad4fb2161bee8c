// A second thread for the CSV scan of a large file: started before the file is read, it counts and reads the second half of the lines.

import { availableParallelism } from 'node:os';
import type { FeedCounter, ScanHelper } from '../data/fast-numeric.ts';
import { spawnWorker } from './spawn-worker.ts';

/**
 * The control words. ctrl[POSTED]: jobs posted so far, −1 once none will come. Each job (COUNT, then SCAN) has a claim
 * word (0 unclaimed, 1 claimed by the helper, 2 given up by the caller or by a helper that found no job) and a done
 * word (1 once the helper is done); ctrl[FEEDS] is the count's answer, ctrl[ROWS] the scan's rows done so far (from
 * its first row, notified as they grow; −1 once SCAN_DONE is set).
 */
export const CTRL = {
  POSTED: 0,
  COUNT_CLAIM: 1,
  COUNT_DONE: 2,
  FEEDS: 3,
  SCAN_CLAIM: 4,
  SCAN_DONE: 5,
  ROWS: 6,
} as const;

export interface ScanWorkerInit {
  readonly ctrl: Int32Array;
}

/** The jobs posted to the started thread (shared memory throughout, so nothing is copied). */
export type ScanJob =
  | { readonly kind: 'count'; readonly buf: Uint8Array; readonly from: number }
  | {
      readonly kind: 'scan';
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
    };

/** Shared memory for the columns, so the helper writes its rows in place. */
export const sharedValues = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));

/** A scan thread started ahead of its jobs; `close()` ends it, used or not. */
export interface ScanThread {
  readonly helper: ScanHelper;
  readonly counter: FeedCounter;
  close(): void;
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

/**
 * Takes a job back when the helper has not claimed it (compare-and-swap: the two never both do it): true when the
 * helper has it (and is then waited for), false when the caller must do it.
 */
function claimedByHelper(ctrl: Int32Array, claim: number, done: number, startMs: number): boolean {
  if (!claimed(ctrl, claim, startMs)) return false;
  while (Atomics.load(ctrl, done) === 0) Atomics.wait(ctrl, done, 0, 1000);
  return true;
}

function claimed(ctrl: Int32Array, claim: number, startMs: number): boolean {
  if (Atomics.load(ctrl, claim) === 0) Atomics.wait(ctrl, claim, 0, startMs);
  return Atomics.compareExchange(ctrl, claim, 0, 2) !== 0 && Atomics.load(ctrl, claim) !== 2;
}

/**
 * Starts the helper thread now, so its start-up (~25 ms: an isolate and the worker bundle) overlaps the file's read;
 * undefined without a second core. It takes a line count (`counter`) and then one scan (`helper`), when the bytes and
 * columns are in shared memory and the second half has at least minBytes / 2; the caller's waits are synchronous
 * (Atomics), as the data layer's API is. A job the helper has not claimed when the caller needs its answer is taken
 * back; startMs is how long the caller, done with its half of the scan, waits for that claim, countMs the same for the
 * count (none by default: counting it is quicker than waiting for a thread still starting).
 */
export function startScanThread(minBytes = 16 << 20, startMs = 500, countMs = 0): ScanThread | undefined {
  if (availableParallelism() < 2) return undefined;
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * 7));
  const worker = spawnWorker('scan-worker', { ctrl } satisfies ScanWorkerInit);
  worker.unref();
  // A thread that fails to load is noticed by the caller's timed wait; its error event must not end the process.
  worker.on('error', () => undefined);
  let counted = false;
  let scanned = false;
  let closed = false;
  const post = (job: ScanJob): void => {
    worker.postMessage(job);
    Atomics.add(ctrl, CTRL.POSTED, 1);
    Atomics.notify(ctrl, CTRL.POSTED);
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    Atomics.store(ctrl, CTRL.POSTED, -1);
    Atomics.notify(ctrl, CTRL.POSTED);
    void worker.terminate();
  };
  const worth = (buf: Uint8Array, from: number): boolean =>
    !closed && !scanned && buf.length - from >= minBytes / 2 && isShared(buf);
  const counter: FeedCounter = (buf, from) => {
    if (counted || !worth(buf, from)) return undefined;
    counted = true;
    post({ kind: 'count', buf, from });
    return {
      result: () =>
        claimedByHelper(ctrl, CTRL.COUNT_CLAIM, CTRL.COUNT_DONE, countMs) ? Atomics.load(ctrl, CTRL.FEEDS) : undefined,
    };
  };
  const helper: ScanHelper = (buf, from, ncol, delim, reader, values, row) => {
    if (!worth(buf, from) || !values.every(isShared)) return undefined;
    scanned = true;
    const out = new Float64Array(new SharedArrayBuffer((2 + 4 * ncol) * 8));
    const na = [...reader.na].filter((s) => s !== '');
    post({ kind: 'scan', buf, from, ncol, delim, na, decimalComma: reader.decimalComma, values, row, out });
    Atomics.store(ctrl, CTRL.ROWS, row);
    return {
      wait(onRows) {
        if (!claimed(ctrl, CTRL.SCAN_CLAIM, startMs)) return undefined;
        // Rows the helper has finished are handed on as they come, so the caller's work on them overlaps its reading.
        for (let seen = row; Atomics.load(ctrl, CTRL.SCAN_DONE) === 0;) {
          const upTo = Atomics.load(ctrl, CTRL.ROWS);
          if (upTo > seen && onRows) onRows((seen = upTo));
          else if (upTo >= 0) Atomics.wait(ctrl, CTRL.ROWS, upTo, 50);
        }
        if (out[0] !== 1) return undefined;
        const at = (k: number): Float64Array => out.subarray(2 + k * ncol, 2 + (k + 1) * ncol);
        return { rows: out[1], missing: Array.from(at(0)), stats: { min: at(1), max: at(2), fraction: at(3) } };
      },
    };
  };
  return { helper, counter, close };
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
