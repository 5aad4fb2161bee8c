// The shared board of a parametric bootstrap: replicate indices handed out by an atomic counter, results by index.

/**
 * `status[0]` is the next replicate to take, `status[1]` how many are finished, `status[2 + b]` replicate b's outcome
 * (0 pending, 1 usable, 2 failed); replicate b's estimates are `draws[b·P … b·P + P)`. In shared memory, so threads
 * that took replicates write their results in place and the outcome does not depend on who ran which replicate.
 */
export interface ReplicateBoard {
  readonly replicates: number;
  readonly params: number;
  readonly seed: number;
  readonly estimates: Float64Array;
  readonly draws: Float64Array;
  readonly status: Int32Array;
}

export const PENDING = 0;
export const USABLE = 1;
export const FAILED = 2;

export function newBoard(B: number, P: number, seed: number, estimates: readonly number[]): ReplicateBoard {
  const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));
  const est = new Float64Array(shared(P * 8));
  est.set(estimates);
  return {
    replicates: B,
    params: P,
    seed,
    estimates: est,
    draws: new Float64Array(shared(B * P * 8)),
    status: new Int32Array(shared((B + 2) * 4)),
  };
}

/** The next replicate index for this thread, or −1 when all are taken. */
export function takeReplicate(board: ReplicateBoard): number {
  const b = Atomics.add(board.status, 0, 1);
  return b < board.replicates ? b : -1;
}

/** Records replicate b (estimates, or undefined for a failed refit) and wakes a thread waiting for the count. */
export function finishReplicate(board: ReplicateBoard, b: number, estimates: ArrayLike<number> | undefined): void {
  const P = board.params;
  if (estimates) for (let j = 0; j < P; j++) board.draws[b * P + j] = estimates[j];
  Atomics.store(board.status, 2 + b, estimates ? USABLE : FAILED);
  Atomics.add(board.status, 1, 1);
  Atomics.notify(board.status, 1);
}

export const finishedCount = (board: ReplicateBoard): number => Atomics.load(board.status, 1);

/**
 * The seed of replicate b: a splitmix32 hash of (seed, b), so every replicate has its own stream and a run gives the
 * same replicates on one thread or many, in any order.
 */
export function replicateSeed(seed: number, b: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(b + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
