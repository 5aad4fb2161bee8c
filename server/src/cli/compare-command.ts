// `mle compare A.mle B.mle …`: fits each model on the same data and prints the comparison (fit/compare.ts).

import { resolve } from 'node:path';
import { analyseFile } from './analyse-file.ts';
import { CliError } from './args.ts';
import { formatDiagnostic } from './format-table.ts';
import { formatCompare } from './format-compare.ts';
import { runFit } from '../fit/run-fit.ts';
import { compareFits, dataMismatch, outcomesOf, type CompareEntry } from '../fit/compare.ts';
import { hasErrors } from '../language/diagnostics.ts';
import type { JsonDiagnostic } from '../protocol.ts';

/** A model that cannot be fitted ends the comparison: its errors on stderr, `{ model, error, diagnostics }` as JSON. */
function modelFailure(shown: string, message: string, diagnostics: readonly JsonDiagnostic[], json: boolean): number {
  for (const d of diagnostics) if (d.severity === 'error') process.stderr.write(formatDiagnostic(shown, d) + '\n');
  process.stderr.write(`mle: ${shown}: ${message}\n`);
  if (json)
    process.stdout.write(
      JSON.stringify({ model: shown, error: `${shown}: ${message}`, kind: 'model', diagnostics }, null, 2) + '\n',
    );
  return 1;
}

export async function runCompare(
  models: readonly string[],
  flags: ReadonlyMap<string, string | true>,
  json: boolean,
): Promise<number> {
  if (models.length < 2) throw new CliError('usage', 'mle compare needs at least two model files');
  const files = await Promise.all(models.map((m) => analyseFile(m, flags.has('--allow-data-outside'))));
  // Errors first (nothing is fitted), then the data check (cheap), then the fits.
  for (const { an, shown } of files)
    if (hasErrors(an.diagnostics) || !an.data?.ok) {
      const res = runFit(an, shown);
      if (!res.ok) return modelFailure(shown, res.message, res.diagnostics, json);
    }
  const mismatch = dataMismatch(
    files.map(({ an, shown }) => ({
      model: shown,
      file: an.data?.ok ? resolve(an.data.path) : '',
      shown: an.data?.path ?? '',
      rows: an.data?.ok ? an.data.table.rows : 0,
      used: an.rowsUsed,
    })),
  );
  if (mismatch) throw new CliError('input', mismatch);
  const entries: CompareEntry[] = [];
  for (const { an, shown } of files) {
    const res = runFit(an, shown);
    if (!res.ok) return modelFailure(shown, res.message, res.diagnostics, json);
    entries.push({ model: shown, fit: res.result, outcomes: outcomesOf(an) });
  }
  const result = compareFits(entries);
  process.stdout.write((json ? JSON.stringify(result, null, 2) : formatCompare(result)) + '\n');
  return 0;
}
