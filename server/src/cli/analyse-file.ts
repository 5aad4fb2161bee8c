// Reads a model file and its linked data (within the model's folder unless allowed) and analyses them, for every command.

import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { analyze, linkedData, namesIn } from '../language/analyze.ts';
import { loadDataFile } from '../node/data-engine.ts';
import { resolveDataAccess } from '../node/data-access.ts';
import { overBudget, type OverBudget } from '../node/data-budget.ts';
import { CliError } from './args.ts';
import type { Analysis, DataLoad } from '../language/analysis-types.ts';

/**
 * The linked data, if the model may read it: a path outside the model's folder is refused unless allowed, unopened.
 * With a memory budget (bytes), data whose in-memory fit would exceed it are sized and only sampled (`over`).
 */
async function dataOf(
  abs: string,
  text: string,
  allowOutside: boolean,
  budget?: number,
): Promise<{ load?: DataLoad; over?: OverBudget }> {
  const link = linkedData(text);
  if (!link) return {};
  const access = resolveDataAccess(abs, link.path, {
    roots: [dirname(abs)],
    allowOutside,
    howToAllow: 'pass --allow-data-outside',
    rootsName: "the model's folder",
  });
  if (!access.ok) return { load: { ok: false, path: link.path, error: access.error } };
  // Columnar sources read only the columns the model names.
  const options = {
    ...(link.na ? { na: link.na } : {}),
    ...(link.table !== undefined ? { table: link.table } : {}),
    columns: namesIn(text),
  };
  const shown = relative(process.cwd(), access.abs);
  const over = budget === undefined ? undefined : await overBudget(access.abs, shown, options, budget);
  if (over) return { load: over.sample, over };
  return { load: await loadDataFile(access.abs, shown, options) };
}

/**
 * Reads and analyses a model with its data, as the server does. With a memory budget (`mle fit`), data over it are
 * analysed on a sample and `over` says so (the caller fits them by overBudgetFit).
 */
export async function analyseFile(
  modelArg: string,
  allowOutside: boolean,
  budget?: number,
): Promise<{ an: Analysis; shown: string; over?: OverBudget }> {
  const abs = resolve(modelArg);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      'input',
      `cannot read model file ${modelArg}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`,
    );
  }
  const shown = relative(process.cwd(), abs) || abs;
  const { load, over } = await dataOf(abs, text, allowOutside, budget);
  return { an: analyze(text, load), shown, ...(over ? { over } : {}) };
}
