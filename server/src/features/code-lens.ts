// Code lens: "▶ Fit model" above the first likelihood statement, with the last fit's headline numbers while they are current.

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import type { FitJson } from '../protocol.ts';
import { num } from './fit-summary.ts';

export interface FitLens {
  /** The statement the lens stands above. */
  readonly span: Span;
  readonly title: string;
}

/**
 * The lens on the first likelihood term (the line that makes the file a model); none before there is one. It runs
 * the same fit as the editor title's button; the LSP layer attaches the client's command.
 */
export function fitLenses(analysis: Analysis, fit?: FitJson, stale = false): FitLens[] {
  const first = analysis.file.statements.find((s) => s.kind === 'likelihood');
  if (!first) return [];
  // A stale fit's numbers are not shown: they belong to another text or another version of the data.
  if (fit && stale) return [{ span: first.span, title: '▶ Fit model (results out of date)' }];
  const lenses: FitLens[] = [{ span: first.span, title: '▶ Fit model' }];
  // A second lens says what the last fit found, so a refit after an edit can be compared at a glance.
  if (fit) {
    const stat =
      fit.objective === 'posterior'
        ? `log posterior ${num(fit.logPosterior)}`
        : `logLik ${num(fit.logLik)} · AIC ${num(fit.aic)}`;
    lenses.push({
      span: first.span,
      title: `last fit: ${stat} · n = ${fit.n}${fit.converged ? '' : ' · not converged'}`,
    });
  }
  return lenses;
}
