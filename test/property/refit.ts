// Writes a case's `.mle` text and data table in memory and fits it through the language, as `mle fit --json` does.

import { analyze } from '../../server/src/language/analyze.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitResponse } from '../../server/src/protocol.ts';
import { constraintText, type Columns, type SimCase } from './sim-case.ts';
import type { Start } from './starts.ts';

export const DATA_PATH = 'sim.csv';

/** The columns as CSV text; String(x) is the shortest round-trip form, so the fit sees exactly the simulated values. */
export function dataLoad(cols: Columns): DataLoad {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(cols[c][i])).join(','));
  const t = parseDataFile(DATA_PATH, lines.join('\n'));
  if (!t.ok) throw new Error(`simulated data did not parse: ${t.error}`);
  return { ok: true, path: DATA_PATH, table: t.table };
}

export function modelText(c: SimCase, method: string, start: Start): string {
  const params = c.params.map(
    (p, j) => `param ${p.name}${constraintText(p.domain)}${start.init ? ` init ${start.init[j]}` : ''}`,
  );
  const options = [`method = ${method}`, ...(start.restarts ? [`restarts = ${start.restarts}`] : [])];
  return [
    `# simulate-and-refit: ${c.name}, seed ${c.seed}, n ${c.n}, start ${start.label}`,
    `data "${DATA_PATH}"`,
    ...params,
    c.likelihood,
    `fit ${options.join(', ')}`,
    '',
  ].join('\n');
}

export const refit = (text: string, data: DataLoad): FitResponse => runFit(analyze(text, data), 'sim.mle');
