// Reads a model file and its linked data (within the model's folder unless allowed) and analyses them, for every command.

import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { analyze, linkedData, namesIn } from '../language/analyze.ts';
import { loadDataFile } from '../node/data-engine.ts';
import { resolveDataAccess } from '../node/data-access.ts';
import { CliError } from './args.ts';
import type { Analysis, DataLoad } from '../language/analysis-types.ts';

/** The linked data, if the model may read it: a path outside the model's folder is refused unless allowed, unopened. */
async function dataOf(abs: string, text: string, allowOutside: boolean): Promise<DataLoad | undefined> {
  const link = linkedData(text);
  if (!link) return undefined;
  const access = resolveDataAccess(abs, link.path, {
    roots: [dirname(abs)],
    allowOutside,
    howToAllow: 'pass --allow-data-outside',
    rootsName: "the model's folder",
  });
  if (!access.ok) return { ok: false, path: link.path, error: access.error };
  // Columnar sources read only the columns the model names.
  return loadDataFile(access.abs, relative(process.cwd(), access.abs), {
    ...(link.na ? { na: link.na } : {}),
    ...(link.table !== undefined ? { table: link.table } : {}),
    columns: namesIn(text),
  });
}

/** Reads and analyses a model with its data, as the server does. */
export async function analyseFile(modelArg: string, allowOutside: boolean): Promise<{ an: Analysis; shown: string }> {
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
  return { an: analyze(text, await dataOf(abs, text, allowOutside)), shown };
}
