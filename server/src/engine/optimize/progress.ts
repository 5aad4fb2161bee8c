// Progress of a long fit (phase, iteration, objective): the engine reports, the process edge listens; throttled to ~10 per second.

/** Where a fit is: optimising (Newton/BFGS iterations), profile intervals k of p, bootstrap refit i of N. */
export interface FitProgress {
  readonly phase: 'optimising' | 'profiles' | 'bootstrap' | 'simulation';
  readonly iteration?: number;
  /** The objective being maximised at the current iterate (log-likelihood, or log-posterior with priors). */
  readonly objective?: number;
  readonly done?: number;
  readonly total?: number;
}

export type ProgressListener = (p: FitProgress) => void;

/** At most one report per this many milliseconds: a report costs a structured clone and a message. */
export const PROGRESS_INTERVAL_MS = 100;

let listener: ProgressListener | undefined;
let state: { phase: FitProgress['phase']; iteration?: number; objective?: number; done?: number; total?: number } = {
  phase: 'optimising',
};
/** While > 0 an outer phase (bootstrap) owns the report: the refits inside it do not announce their own phase. */
let held = 0;
let lastReport = -Infinity;
/** Whether this phase has reported an iteration yet: the first one is sent at once, so the UI shows it early. */
let iterated = false;

function emit(force: boolean): void {
  if (!listener) return;
  const now = performance.now();
  if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
  lastReport = now;
  listener({ ...state });
}

/**
 * Runs `fn` (a fit) with `onProgress` receiving its reports; nesting restores the outer listener. The engine stays
 * synchronous: a listener is called inline, on the fitting thread.
 */
export function withProgress<T>(onProgress: ProgressListener | undefined, fn: () => T): T {
  const outer = { listener, state, held, lastReport, iterated };
  listener = onProgress;
  state = { phase: 'optimising' };
  held = 0;
  lastReport = -Infinity;
  iterated = false;
  try {
    return fn();
  } finally {
    ({ listener, state, held, lastReport, iterated } = outer);
  }
}

/** A new phase (reported at once when it is a new phase, else throttled); ignored inside a held phase. */
export function progressPhase(phase: FitProgress['phase'], done?: number, total?: number): void {
  if (!listener || held > 0) return;
  const fresh = state.phase !== phase;
  if (fresh) iterated = false;
  state = { phase, done, total };
  emit(fresh);
}

/** One optimizer iteration; `objective` is on the maximised scale (callers minimising pass −f). */
export function progressIteration(iteration: number, objective: number): void {
  if (!listener) return;
  state.iteration = iteration;
  state.objective = Number.isFinite(objective) ? objective : undefined;
  emit(!iterated);
  iterated = true;
}

/** Runs `fn` as step `done` of `total` of `phase`, the fits inside it reporting only iterations. */
export function progressStep<T>(phase: FitProgress['phase'], done: number, total: number, fn: () => T): T {
  if (!listener) return fn();
  progressPhase(phase, done, total);
  held++;
  try {
    return fn();
  } finally {
    held--;
  }
}
