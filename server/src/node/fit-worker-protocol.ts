// Messages between the language server and a fit worker: one thread per fit, so cancelling a fit is terminating its thread.

import type { FitProgress } from '../engine/optimize/progress.ts';
import type { FitDefaults, FitResponse } from '../protocol.ts';
import type { DataVersion } from './data-worker-protocol.ts';

/** The fit, given at start (workerData): the text, and the data version the data worker loaded (columns shared). */
export interface FitWorkerInit {
  readonly text: string;
  readonly data: DataVersion;
  /** The path as written in the `data` statement (messages quote it). */
  readonly dataPath: string;
  /** Reported in the result as the model's path. */
  readonly modelPath: string;
  /** The editor's option defaults, under the model's own `fit` options (FitRequestParams.defaults). */
  readonly defaults?: FitDefaults;
}

export type FromFitWorker =
  | { readonly kind: 'progress'; readonly progress: FitProgress }
  | { readonly kind: 'fitted'; readonly response: FitResponse }
  | { readonly kind: 'failed'; readonly message: string };
