// The checks that evaluate the lowered model on its data (identifiability, collinearity, separation, constant outcome,
// non-finite values), run once per model text and loaded data: a refit of an unchanged model repeats none of them.

import type { Analysis, DataLoad } from './analysis-types.ts';
import type { Diagnostic } from './diagnostics.ts';
import { notIdentifiable } from './checks/not-identifiable.ts';
import { collinearity } from './checks/collinearity.ts';
import { separationBeforeFit } from './checks/separation.ts';
import { constantOutcomeBeforeFit } from './checks/constant-outcome.ts';
import { nonFiniteBeforeFit } from './checks/non-finite.ts';
import { lowerClean } from './checks/lowered.ts';
import { perTextAndData } from './text-data-memo.ts';

/**
 * The structural checks' diagnostics for `analysis` (whose `diagnostics` hold every earlier check's), computed on the
 * first analysis of this text with this table and replayed after. The checks are pure functions of the two (their
 * random points are seeded; the same text parses, resolves and lowers to the same model, with the same spans).
 */
export function structuralChecks(analysis: Analysis, data: DataLoad & { ok: true }): readonly Diagnostic[] {
  return perTextAndData('structural-checks', data.table, analysis.text, () => runChecks(analysis));
}

function runChecks(analysis: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  try {
    const lowered = lowerClean(analysis);
    out.push(...withoutFactorDuplicates(analysis.diagnostics, notIdentifiable(analysis, lowered)));
    out.push(...collinearity(analysis, lowered));
    out.push(...separationBeforeFit(analysis, lowered));
    out.push(...constantOutcomeBeforeFit(analysis, lowered));
    out.push(...nonFiniteBeforeFit(analysis, lowered));
  } catch {
    // Analysis never throws on user input; a numerical failure here only means no identifiability verdict.
  }
  return out;
}

/** The rank test finds `a + b[wool]` without `ref` too; the factor-reference check already said it in factor terms. */
function withoutFactorDuplicates(existing: readonly Diagnostic[], found: Diagnostic[]): Diagnostic[] {
  const covered = new Set(
    existing.filter((d) => d.data?.addRef !== undefined).flatMap((d) => (d.data?.params as string[] | undefined) ?? []),
  );
  if (covered.size === 0) return found;
  return found.filter((d) => !((d.data?.params as string[] | undefined) ?? []).every((p) => covered.has(p)));
}
