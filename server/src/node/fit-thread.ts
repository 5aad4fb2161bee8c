// Starts one fit in its own worker thread and hands back a handle that can stop it at once (Worker.terminate frees the core).

import type { Worker } from 'node:worker_threads';
import type { FitProgress } from '../engine/optimize/progress.ts';
import type { FitAnswer, FitWorkerInit, FromFitWorker } from './fit-worker-protocol.ts';
import { spawnWorker } from './spawn-worker.ts';

/** A running fit: `result` settles with the response, or with 'stopped' after `stop()`, or rejects if the thread failed. */
export interface FitThread {
  readonly result: Promise<FitAnswer | 'stopped'>;
  stop(): void;
}

/** Threads started and not yet ended, for the server's status request (tests assert a cancelled fit's thread is gone). */
let live = 0;
export const liveFitThreads = (): number => live;

/**
 * One thread started ahead, its modules loaded, waiting for a fit: starting a thread costs 100–200 ms (seconds under
 * tsx), which would otherwise delay every small fit. Made after the first fit, so a server that never fits has none.
 */
let spare: Worker | undefined;

function takeSpare(init: FitWorkerInit): Worker {
  const w = spare;
  spare = undefined;
  if (!w) return spawnWorker('fit-worker', init);
  w.postMessage(init);
  return w;
}

function makeSpare(): void {
  if (spare) return;
  const w = spawnWorker('fit-worker', null);
  w.unref();
  // A spare that dies (it should not) is simply replaced by a fresh thread at the next fit.
  w.on('error', () => undefined);
  w.on('exit', () => {
    if (spare === w) spare = undefined;
  });
  spare = w;
}

export function startFitThread(init: FitWorkerInit, onProgress: (p: FitProgress) => void): FitThread {
  let stopped = false;
  let settle!: (r: FitAnswer | 'stopped') => void;
  let fail!: (e: Error) => void;
  const result = new Promise<FitAnswer | 'stopped'>((res, rej) => {
    settle = res;
    fail = rej;
  });
  const w = takeSpare(init);
  live++;
  // The next fit's thread starts now, in the background.
  setImmediate(makeSpare);
  // The connection keeps the server alive, never a fit.
  w.unref();
  w.on('message', (m: FromFitWorker) => {
    if (m.kind === 'progress') onProgress(m.progress);
    else if (m.kind === 'done') settle(m.answer);
    else fail(new Error(m.message));
  });
  w.on('error', (e) => fail(e));
  w.on('exit', (code) => {
    live--;
    if (stopped) settle('stopped');
    else fail(new Error(`the fit thread exited with code ${code} before answering`));
  });
  return {
    result,
    stop() {
      if (stopped) return;
      stopped = true;
      // Answer at once; the thread's exit follows within milliseconds (terminate interrupts running JavaScript).
      settle('stopped');
      void w.terminate();
    },
  };
}
