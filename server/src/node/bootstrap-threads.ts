// Starts helper threads for a parametric bootstrap: each rebuilds the model from its text and shared data, then takes replicates from the shared board.

import { availableParallelism } from 'node:os';
import type { ReplicateSpread } from '../engine/inference/bootstrap.ts';
import type { ReplicateBoard } from '../engine/inference/bootstrap-board.ts';
import type { ReplicateJob } from '../fit/run-fit.ts';
import { sharedTable } from './data-worker-protocol.ts';
import { spawnWorker } from './spawn-worker.ts';

/** What a helper receives: the job (its table's columns in shared memory) and the board. */
export interface ReplicateWorkerInit {
  readonly job: ReplicateJob;
  readonly board: ReplicateBoard;
}

/**
 * One helper per spare core (`threads` overrides, for tests). The fitting thread keeps taking replicates too, so a
 * helper that is slow to start or fails to load costs nothing but its start; helpers end when the board is empty
 * and are terminated on close (a cancelled fit's worker takes its helpers with it).
 */
export function replicateThreads(threads?: number): (job: ReplicateJob) => ReplicateSpread | undefined {
  return (job) => {
    const n = threads ?? availableParallelism() - 1;
    if (n < 1) return undefined;
    return (board) => {
      const data = job.data.ok ? { ...job.data, table: sharedTable(job.data.table) } : job.data;
      const workers = Array.from({ length: n }, () =>
        spawnWorker('bootstrap-worker', { job: { ...job, data }, board } satisfies ReplicateWorkerInit),
      );
      // A helper that fails to load takes no replicate; its error event must not end the process.
      for (const w of workers) {
        w.unref();
        w.on('error', () => undefined);
      }
      return {
        close() {
          for (const w of workers) void w.terminate();
        },
      };
    };
  };
}
