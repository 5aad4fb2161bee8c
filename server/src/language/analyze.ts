// Analyses one document version: parse, resolve names, run every check; pure (the caller supplies the data).

import type { Analysis, DataLoad } from './analysis-types.ts';
import { parse } from './parse.ts';
import { parseIncremental, type ParseCache } from './parse-incremental.ts';
import { buildScope } from './scope.ts';
import { computeFacts } from './facts.ts';
import type { CheckContext } from './checks/context.ts';
import { syntacticChecks, dataChecks } from './checks/index.ts';
import { usedRows } from './checks/rows.ts';
import type { Diagnostic } from './diagnostics.ts';
import { structuralChecks } from './structural-checks.ts';
import { perTextAndData } from './text-data-memo.ts';
import { SAMPLE_ONLY_CODES } from './checks/sampled-data.ts';

export { linkedData, linkedDataPath, namesIn, type DataLink } from './linked-data.ts';

/**
 * Analyses `text`. `data` is the loaded dataset of its `data` statement; omit it to run only the checks that
 * need no data (names that could be columns are then not reported). `parseCache` (one per document, kept by the
 * editor) re-parses only the statements an edit changed; the result is the same.
 */
export function analyze(text: string, data?: DataLoad, parseCache?: ParseCache): Analysis {
  const parsed = parseCache ? parseIncremental(text, parseCache) : parse(text);
  const scope = buildScope(parsed.file, data);
  const facts = computeFacts(parsed.file, scope);
  const rows = data?.ok ? usedRows(data.table, facts.usedColumns) : undefined;
  const syntaxErrors = parsed.diagnostics.length > 0;
  const ctx: CheckContext = {
    text,
    file: parsed.file,
    scope,
    facts,
    data,
    rows,
    brokenNames: parsed.brokenNames,
    syntaxErrors,
  };
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  // Semantic checks on a tree with syntax errors would mostly echo them; run them anyway: recovery keeps the rest valid.
  for (const check of syntacticChecks) diagnostics.push(...check(ctx));
  // Loaded data: the data checks pass over its rows, once per text and data version (a refit's re-analysis replays).
  if (data?.ok) diagnostics.push(...perTextAndData('data-checks', data, text, () => dataChecks.flatMap((c) => c(ctx))));
  else if (data) for (const check of dataChecks) diagnostics.push(...check(ctx));
  // A missing `data` statement is worth saying only when no syntax error could be hiding it.
  else if (!scope.dataStmts.length && !syntaxErrors) diagnostics.push(...dataChecks[0](ctx));
  const analysis: Analysis = {
    text,
    file: parsed.file,
    tokens: parsed.tokens,
    diagnostics,
    symbols: scope.symbols,
    occurrences: scope.occurrences,
    params: scope.params,
    vectors: scope.vectors,
    dataStmt: scope.dataStmts[0],
    data,
    usedColumns: facts.usedColumns,
    rowsUsed: rows?.mask,
    rowsUsedCount: rows?.count,
  };
  // Identifiability evaluates the model with its data (the error-free statements of it, while the user types).
  if (data?.ok && rows && rows.count > 0) diagnostics.push(...structuralChecks(analysis, data));
  // On a sample of an over-budget file, verdicts about the sample's rows may be contradicted by the rest: left out.
  if (data?.ok && data.sampledFrom !== undefined) {
    const kept = diagnostics.filter((d) => !SAMPLE_ONLY_CODES.has(d.code));
    diagnostics.splice(0, diagnostics.length, ...kept);
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return analysis;
}
