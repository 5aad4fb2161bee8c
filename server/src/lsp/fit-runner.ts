// Runs fits one thread each: a newer fit of the same document stops the older one, a cancelled request stops its thread.

import type { FitProgress } from '../engine/optimize/progress.ts';
import { startFitThread, type FitThread } from '../node/fit-thread.ts';
import type { FitAnswer, FitWorkerInit } from '../node/fit-worker-protocol.ts';

/** Why a fit gave no answer: its request was cancelled, or a newer fit of the same document replaced it. */
export class FitStopped extends Error {
  constructor(readonly why: 'cancelled' | 'superseded') {
    super(why === 'cancelled' ? 'The fit was cancelled.' : 'A newer fit of the same model replaced this one.');
  }
}

/** The part of an LSP cancellation token a fit needs. */
export interface StopSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

/** One fit from its request to its answer; the thread exists once the data is loaded. */
export interface FitTicket {
  readonly uri: string;
  stopped?: FitStopped['why'];
  thread?: FitThread;
  /** Rejects with FitStopped when the fit is stopped: a cancel while the data loads answers at once. */
  readonly whenStopped: Promise<never>;
  onStop?: (e: FitStopped) => void;
}

export class FitRunner {
  /** The newest fit per document: fits of different documents run side by side, never queued behind each other. */
  private readonly running = new Map<string, FitTicket>();

  /** Registers a fit of `uri` before its data is loaded, so a cancel or a newer fit stops it at any stage. */
  begin(uri: string, signal?: StopSignal): FitTicket {
    let onStop: ((e: FitStopped) => void) | undefined;
    const old = this.running.get(uri);
    if (old) this.stop(old, 'superseded');
    const t: FitTicket = { uri, whenStopped: new Promise<never>((_, reject) => (onStop = reject)) };
    t.onStop = onStop;
    // Nobody may be waiting on it (the thread answers the same way): an unobserved rejection must not be reported.
    t.whenStopped.catch(() => undefined);
    this.running.set(uri, t);
    if (signal?.isCancellationRequested) this.stop(t, 'cancelled');
    else signal?.onCancellationRequested(() => this.stop(t, 'cancelled'));
    return t;
  }

  /** Starts the thread (unless already stopped) and waits for its response; rejects with FitStopped when stopped. */
  async run(t: FitTicket, init: FitWorkerInit, onProgress: (p: FitProgress) => void): Promise<FitAnswer> {
    try {
      if (t.stopped) throw new FitStopped(t.stopped);
      t.thread = startFitThread(init, onProgress);
      const r = await t.thread.result;
      if (r === 'stopped' || t.stopped) throw new FitStopped(t.stopped ?? 'cancelled');
      return r;
    } finally {
      this.end(t);
    }
  }

  /** Forgets a fit that ended without a thread (its data could not be loaded). */
  end(t: FitTicket): void {
    if (this.running.get(t.uri) === t) this.running.delete(t.uri);
  }

  /** Stops every fit (server shutdown). */
  dispose(): void {
    for (const t of [...this.running.values()]) this.stop(t, 'cancelled');
  }

  private stop(t: FitTicket, why: FitStopped['why']): void {
    if (t.stopped) return;
    t.stopped = why;
    t.thread?.stop();
    t.onStop?.(new FitStopped(why));
    this.end(t);
  }
}
