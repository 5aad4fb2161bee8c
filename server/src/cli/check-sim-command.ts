// `mle check-sim MODEL.mle [--replicates R] [--seed S] [--json]`: bias, SD vs mean SE and coverage on data simulated at the fit.

import { analyseFile } from './analyse-file.ts';
import { CliError } from './args.ts';
import { formatDiagnostic } from './format-table.ts';
import { checkBySimulation, DEFAULT_CHECK_REPLICATES, DEFAULT_CHECK_SEED } from '../fit/check-simulation.ts';
import type { McValue, SimulationCheckJson } from '../protocol.ts';

/** A positive whole number from a flag, or the default. */
function whole(flags: ReadonlyMap<string, string | true>, flag: string, fallback: number, min: number): number {
  const v = flags.get(flag);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > 1e6)
    throw new CliError('usage', `${flag} needs a whole number from ${min} to 1000000, not ${String(v)}`);
  return n;
}

const num = (x: number | null, digits = 4): string => (x === null ? '—' : x.toPrecision(digits));
const mc = (m: McValue | undefined): string => (m ? `${num(m.value)} ± ${num(m.mcse, 2)}` : '');

/** The report as a table: one row per parameter, each Monte-Carlo estimate with its MC standard error. */
export function formatCheckSim(r: SimulationCheckJson): string {
  const head = `${r.model}: ${r.replicates} datasets simulated at the estimates (seed ${r.seed}), ${r.failed} refits failed`;
  if (r.error) return `${head}\ncheck not run: ${r.error}`;
  const profile = r.parameters.some((p) => p.profileCoverage);
  const cols = ['parameter', 'truth', 'bias', 'SD of estimates', 'mean Wald SE', `Wald coverage (${r.level})`];
  if (profile) cols.push('profile coverage');
  const rows = r.parameters.map((p) => {
    const row = [p.name, num(p.truth, 6), mc(p.bias), mc(p.sd), mc(p.meanSe), mc(p.waldCoverage)];
    if (profile) row.push(mc(p.profileCoverage));
    return row;
  });
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd();
  return [head, '', line(cols), ...rows.map(line), '', '± is the Monte-Carlo standard error.'].join('\n');
}

export async function runCheckSim(
  models: readonly string[],
  flags: ReadonlyMap<string, string | true>,
  json: boolean,
): Promise<number> {
  if (models.length !== 1) throw new CliError('usage', 'mle check-sim needs one model file');
  const replicates = whole(flags, '--replicates', DEFAULT_CHECK_REPLICATES, 2);
  const seed = whole(flags, '--seed', DEFAULT_CHECK_SEED, 0);
  const { an, shown } = await analyseFile(models[0], flags.has('--allow-data-outside'));
  const res = checkBySimulation(an, shown, replicates, seed);
  if (!res.ok) {
    for (const d of res.diagnostics) process.stderr.write(formatDiagnostic(shown, d) + '\n');
    process.stderr.write(`mle: ${res.message}\n`);
    if (json)
      process.stdout.write(
        JSON.stringify({ model: shown, error: res.message, kind: 'model', diagnostics: res.diagnostics }, null, 2) +
          '\n',
      );
    return 1;
  }
  process.stdout.write((json ? JSON.stringify(res.result, null, 2) : formatCheckSim(res.result)) + '\n');
  return res.result.error ? 1 : 0;
}
