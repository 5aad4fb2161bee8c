// Runs GLM passes on two threads: a worker takes the second half of the rows while the main thread does the first.

import { availableParallelism } from 'node:os';
import { anyPass } from '../engine/solvers/glm-pass.ts';
import type { GlmPassFactory, GlmPassRunner } from '../engine/parallel.ts';
import { spawnWorker } from './spawn-worker.ts';
import type { SharedView } from './glm-worker.ts';

/** Below this many design cells the thread start-up (tens of ms) costs more than it saves. */
const MIN_CELLS = 2_000_000;

const shared = (a: Float64Array): Float64Array => {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float64Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
};

/** A shared array as the worker rebuilds it: its buffer and where in it the values are. */
const view = (a: Float64Array): SharedView => ({
  buffer: a.buffer as SharedArrayBuffer,
  byteOffset: a.byteOffset,
  length: a.length,
});

export const twoThreadGlm: GlmPassFactory = (family, cols0, off0, y0, size0, idx0, F = 0, P = cols0.length) => {
  const n = y0.length;
  const p = cols0.length;
  if (n * (p + F) < MIN_CELLS || availableParallelism() < 2) return undefined;
  // Data columns loaded by the scan threads are shared already; others (an intercept's ones) are copied once.
  const cols = cols0.map(shared);
  const off = shared(off0);
  const y = shared(y0);
  const size = size0 ? shared(size0) : undefined;
  let idx = idx0;
  if (idx0 && !(idx0.buffer instanceof SharedArrayBuffer)) {
    idx = new Int32Array(new SharedArrayBuffer(idx0.byteLength));
    idx.set(idx0);
  }
  const beta = new Float64Array(new SharedArrayBuffer(P * 8));
  const gW = new Float64Array(new SharedArrayBuffer(P * 8));
  const HW = new Float64Array(new SharedArrayBuffer(P * P * 8));
  const out = new Float64Array(new SharedArrayBuffer(16));
  const ctrl = new Int32Array(new SharedArrayBuffer(8));
  const split = Math.floor(n / 2);
  const worker = spawnWorker('glm-worker', {
    ctrl: ctrl.buffer,
    cols: cols.map(view),
    off: off.buffer,
    y: y.buffer,
    size: size?.buffer,
    idx: idx?.buffer,
    F,
    P,
    beta: beta.buffer,
    g: gW.buffer,
    H: HW.buffer,
    out: out.buffer,
    family,
    from: split,
    to: n,
  });
  worker.unref();
  // A thread that fails to load is noticed by the caller's timed wait; its error event must not end the process.
  worker.on('error', () => undefined);
  const own = new Int32Array(1);
  // The worker boots while the caller prepares (its warm start); the first pass waits for it, synchronously as the
  // engine's API is, and if it never comes up (10 s) the main thread does all rows itself.
  let alive: boolean | undefined;
  const ready = (): boolean => {
    if (alive === undefined) {
      alive =
        Atomics.load(ctrl, 1) === 1 || Atomics.wait(ctrl, 1, 0, 10_000) !== 'timed-out' || Atomics.load(ctrl, 1) === 1;
      if (!alive) void worker.terminate();
    }
    return alive;
  };
  const runner: GlmPassRunner = {
    pass(b, derivs, g, H, extreme) {
      if (!ready()) {
        if (derivs) {
          g.fill(0);
          H.fill(0);
        }
        const all = anyPass(family, cols, idx, F, P, off, y, size, b, 0, n, g, H, derivs, own);
        extreme[0] = own[0];
        return all;
      }
      beta.set(b);
      Atomics.store(ctrl, 0, derivs ? 4 : 1);
      Atomics.notify(ctrl, 0);
      if (derivs) {
        g.fill(0);
        H.fill(0);
      }
      let ll = anyPass(family, cols, idx, F, P, off, y, size, b, 0, split, g, H, derivs, own);
      while (Atomics.load(ctrl, 0) !== 2) Atomics.wait(ctrl, 0, Atomics.load(ctrl, 0), 1000);
      ll += out[0];
      extreme[0] = own[0] + out[1];
      if (derivs) {
        for (let j = 0; j < P; j++) g[j] += gW[j];
        for (let k = 0; k < P * P; k++) H[k] += HW[k];
      }
      Atomics.store(ctrl, 0, 0);
      return ll;
    },
    close() {
      Atomics.store(ctrl, 0, 3);
      Atomics.notify(ctrl, 0);
      void worker.terminate();
    },
  };
  return runner;
};
