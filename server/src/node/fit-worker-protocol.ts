// Messages between the language server and a fit worker: one thread per fit, so cancelling a fit is terminating its thread.

import type { FitProgress } from '../engine/optimize/progress.ts';
import type { CheckSimulationResponse, FitDefaults, FitResponse } from '../protocol.ts';
import type { DataVersion } from './data-worker-protocol.ts';

/**
 * What the thread does with the model: fit it (`identity`: also report which data rows it used and the outcomes its
 * likelihood explains, for a comparison), or check the fit by simulation.
 */
export type FitTask =
  | { readonly kind: 'fit'; readonly identity?: boolean }
  | { readonly kind: 'check'; readonly replicates: number; readonly seed: number };

/** The fit, given at start (workerData): the text, and the data version the data worker loaded (columns shared). */
export interface FitWorkerInit {
  readonly text: string;
  readonly data: DataVersion;
  /** The path as written in the `data` statement (messages quote it). */
  readonly dataPath: string;
  /** Reported in the result as the model's path. */
  readonly modelPath: string;
  /** Absent: a plain fit. */
  readonly task?: FitTask;
  /** The editor's option defaults, under the model's own `fit` options (FitRequestParams.defaults). */
  readonly defaults?: FitDefaults;
}

/** Which rows of the data file a model used (`used[i]` = 1 for data row i) and its outcomes as written. */
export interface FitIdentity {
  readonly rows: number;
  readonly used: Uint8Array | undefined;
  readonly outcomes: readonly string[];
}

export type FitAnswer =
  | { readonly kind: 'fit'; readonly response: FitResponse; readonly identity?: FitIdentity }
  | { readonly kind: 'check'; readonly response: CheckSimulationResponse };

export type FromFitWorker =
  | { readonly kind: 'progress'; readonly progress: FitProgress }
  | { readonly kind: 'done'; readonly answer: FitAnswer }
  | { readonly kind: 'failed'; readonly message: string };
