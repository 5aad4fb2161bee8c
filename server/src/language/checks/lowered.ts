// The error-free part of a model lowered for the engine (fused link forms), shared by the data-aware structural checks.

import type { Analysis } from '../analysis-types.ts';
import { lower } from '../lower.ts';
import { fuseTerm } from '../../engine/eval/fuse.ts';
import type { EngineModel } from '../../engine/model.ts';

/** Likelihood terms, priors and lets whose statements carry no error; the rest of a half-typed model is left out. */
function cleanPart(an: Analysis): Analysis {
  const errors = an.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return an;
  const clean = (s: { span: { start: number; end: number } }): boolean =>
    !errors.some((e) => e.span.start >= s.span.start && e.span.start < Math.max(s.span.end, s.span.start + 1));
  const statements = an.file.statements.filter(
    (s) => (s.kind === 'likelihood' || s.kind === 'prior' || s.kind === 'let') && clean(s),
  );
  return { ...an, file: { ...an.file, statements } };
}

/** Undefined when nothing sound can be lowered yet (a clean statement leaning on a broken one). */
export function lowerClean(an: Analysis): EngineModel | undefined {
  try {
    const m = lower(cleanPart(an));
    return { ...m, terms: m.terms.map(fuseTerm) };
  } catch {
    return undefined;
  }
}
