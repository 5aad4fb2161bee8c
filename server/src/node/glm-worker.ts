// Worker thread for GLM passes: computes its shard of rows whenever the main thread raises the shared flag.

import { workerData } from 'node:worker_threads';
import { anyPass } from '../engine/solvers/glm-pass.ts';

/** A Float64Array's place in shared memory (a data column may be a view into a larger buffer). */
export interface SharedView {
  buffer: SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

interface Shared {
  ctrl: SharedArrayBuffer;
  cols: SharedView[];
  off: SharedArrayBuffer;
  y: SharedArrayBuffer;
  size?: SharedArrayBuffer;
  idx?: SharedArrayBuffer;
  F: number;
  P: number;
  beta: SharedArrayBuffer;
  g: SharedArrayBuffer;
  H: SharedArrayBuffer;
  out: SharedArrayBuffer;
  family: number;
  from: number;
  to: number;
}

const d = workerData as Shared;
const ctrl = new Int32Array(d.ctrl);
const cols = d.cols.map((c) => new Float64Array(c.buffer, c.byteOffset, c.length));
const off = new Float64Array(d.off);
const y = new Float64Array(d.y);
const size = d.size ? new Float64Array(d.size) : undefined;
const idx = d.idx ? new Int32Array(d.idx) : undefined;
const beta = new Float64Array(d.beta);
const g = new Float64Array(d.g);
const H = new Float64Array(d.H);
const out = new Float64Array(d.out);
const ext = new Int32Array(1);

// ctrl[0]: 0 idle, 1 value pass, 4 pass with derivatives, 2 done, 3 quit; ctrl[1]: 1 once started.
Atomics.store(ctrl, 1, 1);
Atomics.notify(ctrl, 1);
for (;;) {
  Atomics.wait(ctrl, 0, 0);
  const cmd = Atomics.load(ctrl, 0);
  if (cmd === 3) break;
  if (cmd !== 1 && cmd !== 4) continue;
  const derivs = cmd === 4;
  if (derivs) {
    g.fill(0);
    H.fill(0);
  }
  out[0] = anyPass(d.family, cols, idx, d.F, d.P, off, y, size, beta, d.from, d.to, g, H, derivs, ext);
  out[1] = ext[0];
  Atomics.store(ctrl, 0, 2);
  Atomics.notify(ctrl, 0);
}
