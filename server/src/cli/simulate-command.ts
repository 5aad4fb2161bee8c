// `mle simulate MODEL.mle --seed S [--params FILE.json] [--out sim.csv]`: outcomes drawn at the estimates or given values.

import { readFileSync } from 'node:fs';
import { analyseFile } from './analyse-file.ts';
import { CliError } from './args.ts';
import { formatDiagnostic } from './format-table.ts';
import { writeOutput } from './output.ts';
import { runFit } from '../fit/run-fit.ts';
import { simulatedCsv } from '../fit/simulate-csv.ts';
import { lower } from '../language/lower.ts';
import { fitModel } from '../engine/fit.ts';
import { rng } from '../engine/distributions/random.ts';
import { simulateOutcomes, unsimulable } from '../engine/inference/simulate.ts';
import type { EngineModel } from '../engine/model.ts';

/** Parameter values from a JSON file: `mle fit --json` output (its `parameters`) or a `{ "name": value }` object. */
function readParams(file: string, model: EngineModel): Float64Array {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(
      'input',
      `cannot read --params ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  }
  const values = new Map<string, unknown>();
  const d = doc as { parameters?: unknown };
  if (d && typeof d === 'object' && Array.isArray(d.parameters)) {
    for (const p of d.parameters as { name?: unknown; estimate?: unknown }[])
      if (p && typeof p.name === 'string') values.set(p.name, p.estimate);
  } else if (d && typeof d === 'object' && !Array.isArray(d)) {
    for (const [k, v] of Object.entries(d)) values.set(k, v);
  } else
    throw new CliError('input', `--params ${file}: expected \`mle fit --json\` output or a {"name": value} object`);
  const missing = model.params.filter((p) => typeof values.get(p.name) !== 'number').map((p) => p.name);
  if (missing.length)
    throw new CliError(
      'input',
      `--params ${file} gives no numeric value for ${missing.join(', ')} (the model's parameters: ${model.params.map((p) => p.name).join(', ')})`,
    );
  return Float64Array.from(model.params, (p) => values.get(p.name) as number);
}

export async function runSimulate(
  models: readonly string[],
  flags: ReadonlyMap<string, string | true>,
): Promise<number> {
  if (models.length !== 1) throw new CliError('usage', 'mle simulate needs one model file');
  const seedText = flags.get('--seed');
  const seed = typeof seedText === 'string' ? Number(seedText) : NaN;
  if (!Number.isInteger(seed)) throw new CliError('usage', 'mle simulate needs --seed S, a whole number');
  const { an, shown } = await analyseFile(models[0], flags.has('--allow-data-outside'));
  const termText = (source: number): string =>
    an.text.slice(an.file.statements[source].span.start, an.file.statements[source].span.end);
  // Model errors and unreadable data are reported as `mle fit` reports them.
  const check = runFitIfBroken(an, shown);
  if (check !== undefined) return check;
  const model = lower(an);
  const bad = unsimulable(model);
  if (bad) throw new CliError('input', `cannot simulate \`${termText(bad.term.source)}\`: ${bad.why}`);
  const paramsFile = flags.get('--params');
  let theta: Float64Array;
  if (typeof paramsFile === 'string') theta = readParams(paramsFile, model);
  else {
    const fit = fitModel(model);
    if (!fit.converged)
      process.stderr.write(
        `mle: warning: the fit did not converge (${fit.optimality.condition}); simulating at where it stopped\n`,
      );
    theta = Float64Array.from(fit.estimates);
  }
  const ys = simulateOutcomes(model, theta, rng(seed));
  const table = an.data!.ok ? an.data!.table : undefined;
  const res = simulatedCsv(table!, an.rowsUsed, model, ys, termText);
  if ('error' in res) throw new CliError('input', res.error);
  const out = flags.get('--out');
  if (typeof out === 'string') writeOutput('--out', out, () => res.csv);
  else process.stdout.write(res.csv);
  return 0;
}

/** A model with errors or without its data: the diagnostics on stderr, exit 1 (as `mle fit`). */
function runFitIfBroken(an: Parameters<typeof runFit>[0], shown: string): number | undefined {
  if (an.data?.ok && !an.diagnostics.some((d) => d.severity === 'error') && (an.rowsUsedCount ?? 0) > 0)
    return undefined;
  const res = runFit(an, shown);
  if (res.ok) return undefined;
  for (const d of res.diagnostics) process.stderr.write(formatDiagnostic(shown, d) + '\n');
  process.stderr.write(`mle: ${res.message}\n`);
  return 1;
}
