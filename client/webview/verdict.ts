// The panel's badge: the engine's convergence verdict in words, never "converged" alone when a warning stands.
import type { FitJson } from '../../server/src/protocol.ts';

export type VerdictState = 'converged' | 'warnings' | 'not-converged';

export interface Verdict {
  readonly state: VerdictState;
  /** The badge text, e.g. "converged with warnings (2)". */
  readonly label: string;
  /** The full status line: badge, iterations and method. */
  readonly text: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `converged` is the engine's verdict (optimality checked at the estimate, cli.md); a fit that converged but has a
 * warning (singular information, an edge, collinearity …) is "converged with warnings (n)", so green means clean.
 */
export function verdictOf(fit: Pick<FitJson, 'converged' | 'iterations' | 'method' | 'diagnostics'>): Verdict {
  const its = plural(fit.iterations, 'iteration');
  if (!fit.converged) {
    const label = 'not converged';
    return {
      state: 'not-converged',
      label,
      text: `⚠ ${label} after ${its} (${fit.method}): estimates cannot be trusted`,
    };
  }
  const warnings = fit.diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error').length;
  if (warnings > 0) {
    const label = `converged with warnings (${warnings})`;
    return { state: 'warnings', label, text: `⚠ ${label} in ${its} (${fit.method}): read the diagnostics first` };
  }
  return { state: 'converged', label: 'converged', text: `✓ converged in ${its} (${fit.method})` };
}
