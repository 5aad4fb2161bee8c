// Starts one of the engine's worker threads: its bundle beside the running one, or its .ts source under tsx (tests, development).

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker modules of server/src/node/, each bundled as dist/<name>.cjs (scripts/build-targets.mjs). */
export type WorkerName = 'data-worker' | 'fit-worker' | 'glm-worker' | 'bootstrap-worker' | 'scan-worker';

/**
 * In a bundle (dist/server.cjs, dist/cli.cjs, dist/fit-worker.cjs, the benchmark's child), `__filename` is the bundle
 * and the worker's bundle lies beside it; from sources, the worker's .ts lies beside this file and boots through
 * tsx's loader (seconds, not tens of milliseconds: callers that wait on a thread allow for it).
 */
export function spawnWorker(name: WorkerName, workerData: unknown): Worker {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), `${name}.cjs`), { workerData });
  const source = pathToFileURL(resolve(dirname(here), `${name}.ts`)).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
