// A bootstrap helper thread: rebuilds the engine model from the text and shared data, then refits replicates until the board is empty.

import { workerData } from 'node:worker_threads';
import { analyze } from '../language/analyze.ts';
import { modelFor } from '../fit/run-fit.ts';
import { fitModel } from '../engine/fit.ts';
import { runReplicates } from '../engine/inference/bootstrap.ts';
import type { ReplicateWorkerInit } from './bootstrap-threads.ts';

const { job, board } = workerData as ReplicateWorkerInit;
try {
  const model = modelFor(analyze(job.text, job.data), job.overrides, job.defaults);
  // A model that does not rebuild to the same parameters takes no replicate; the fitting thread does them all.
  if (model.params.length === board.params) runReplicates(model, board, fitModel);
} catch {
  // Replicates are taken one at a time and each refit is guarded, so a failure here left nothing half done.
}
