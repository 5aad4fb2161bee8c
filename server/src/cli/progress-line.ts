// The CLI's progress line on stderr while a long fit runs (terminals only): phase, iteration, objective, elapsed time.

import type { FitProgress, ProgressListener } from '../engine/optimize/progress.ts';
import { progressMessage } from '../protocol.ts';

/** The part of a stream the line needs (process.stderr, or a fake in tests). */
export interface LineStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

export interface ProgressLine {
  /** The engine's progress listener (runFit's edge). */
  readonly listener: ProgressListener;
  /** Before the fit: loading data and checking the model. */
  preparing(): void;
  /** Erases the line (before the results are printed). */
  clear(): void;
}

/** A fit shorter than this prints no line at all: a flash of text on every quick fit is noise. */
const QUIET_MS = 400;
const ERASE = '\r\x1b[K';

/**
 * A line rewritten in place (carriage return + erase) when `stream` is a terminal; undefined otherwise, so pipes,
 * files and CI logs never get control characters. The engine already throttles reports to ~10 per second.
 */
export function progressLine(
  stream: LineStream,
  now: () => number = () => performance.now(),
): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  const t0 = now();
  let shown = false;
  const show = (p: Omit<FitProgress, 'phase'> & { phase: FitProgress['phase'] | 'preparing' }): void => {
    const elapsedMs = now() - t0;
    if (elapsedMs < QUIET_MS) return;
    const width = Math.max(20, (stream.columns || 80) - 1);
    const text = `mle: ${progressMessage({ ...p, elapsedMs })}`;
    stream.write(ERASE + (text.length > width ? text.slice(0, width - 1) + '…' : text));
    shown = true;
  };
  return {
    listener: (p) => show(p),
    preparing: () => show({ phase: 'preparing' }),
    clear() {
      if (shown) stream.write(ERASE);
      shown = false;
    },
  };
}
