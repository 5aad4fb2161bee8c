// Diagnostic records shared by the checks, the engine's fit-time warnings, the CLI and the server.

import type { Span } from './ast.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes of language.md; new codes may be added, none renamed. */
export const Codes = {
  syntax: 'syntax',
  unknownName: 'unknown-name',
  unknownDistribution: 'unknown-distribution',
  arity: 'arity',
  duplicateName: 'duplicate-name',
  shadowedName: 'shadowed-name',
  dataFile: 'data-file',
  dataFormat: 'data-format',
  nonNumeric: 'non-numeric',
  dataSupport: 'data-support',
  missingRows: 'missing-rows',
  unusedParameter: 'unused-parameter',
  notIdentifiable: 'not-identifiable',
  unconstrainedScale: 'unconstrained-scale',
  tooFewRows: 'too-few-rows',
  separation: 'separation',
  notConverged: 'not-converged',
  singularInformation: 'singular-information',
  collinearity: 'collinearity',
  boundary: 'boundary',
  nonRegular: 'non-regular',
  letOrder: 'let-order',
  invalidOption: 'invalid-option',
  invalidConstraint: 'invalid-constraint',
  missingData: 'missing-data-statement',
  missingLikelihood: 'missing-likelihood',
  invalidPrior: 'invalid-prior',
  invalidArgument: 'invalid-argument',
  seMethod: 'se-method',
  flatOptimum: 'flat-optimum',
  methodFallback: 'method-fallback',
  internalError: 'internal-error',
  unsupportedDistribution: 'unsupported-distribution',
  infeasibleStart: 'infeasible-start',
  startAtEdge: 'start-at-edge',
  invalidIndex: 'invalid-index',
  transformedOutcome: 'transformed-outcome',
  mixtureSupport: 'mixture-support',
  constantOutcome: 'constant-outcome',
  tooComplex: 'too-complex',
  invalidCensoring: 'invalid-censoring',
  invalidTruncation: 'invalid-truncation',
  nonFinite: 'non-finite',
  extremeValue: 'extreme-value',
  dataExceedsMemoryBudget: 'data-exceeds-memory-budget',
  dataSampled: 'data-sampled',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: Code;
  readonly message: string;
  readonly span: Span;
  /** Machine-readable payload for quick fixes, e.g. { suggestion: 'Normal' }. */
  readonly data?: Readonly<Record<string, unknown>>;
}

export function diag(
  severity: Severity,
  code: Code,
  span: Span,
  message: string,
  data?: Record<string, unknown>,
): Diagnostic {
  return data ? { severity, code, message, span, data } : { severity, code, message, span };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');
