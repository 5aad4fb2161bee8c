// A fit worker thread: analyses one model with its (shared) data, fits it (or checks it by simulation), reports progress; the server terminates it to cancel.

import { parentPort, workerData } from 'node:worker_threads';
import { runFit } from '../fit/run-fit.ts';
import { checkBySimulation } from '../fit/check-simulation.ts';
import { outcomesOf } from '../fit/compare.ts';
import type { FitProgress } from '../engine/optimize/progress.ts';
import { analyze } from '../language/analyze.ts';
import { setGlmPassFactory } from '../engine/parallel.ts';
import { dataLoadOf } from './data-worker-protocol.ts';
import type { FitWorkerInit, FromFitWorker } from './fit-worker-protocol.ts';
import { twoThreadGlm } from './glm-parallel.ts';
import { replicateThreads } from './bootstrap-threads.ts';

// Large GLMs use a second thread, as in the CLI; it ends with this one.
setGlmPassFactory(twoThreadGlm);

const port = parentPort!;
const post = (m: FromFitWorker): void => port.postMessage(m);

function run(job: FitWorkerInit): void {
  try {
    const an = analyze(job.text, dataLoadOf(job.data, job.dataPath));
    const onProgress = (progress: FitProgress): void => post({ kind: 'progress', progress });
    const task = job.task ?? { kind: 'fit' };
    if (task.kind === 'check') {
      const response = checkBySimulation(an, job.modelPath, task.replicates, task.seed, onProgress);
      post({ kind: 'done', answer: { kind: 'check', response } });
      return;
    }
    const response = runFit(
      an,
      job.modelPath,
      {},
      {
        onProgress,
        defaults: job.defaults,
        spreadReplicates: replicateThreads(),
      },
    );
    const identity = task.identity
      ? { rows: an.data?.ok ? an.data.table.rows : 0, used: an.rowsUsed, outcomes: outcomesOf(an) }
      : undefined;
    post({ kind: 'done', answer: { kind: 'fit', response, identity } });
  } catch (e) {
    post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

// Started with its fit, or started ahead as a spare (modules loaded, waiting) that receives its one fit as a message.
if (workerData) run(workerData as FitWorkerInit);
else port.once('message', (job: FitWorkerInit) => run(job));
