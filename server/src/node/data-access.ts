// Which data files a model may read: only .csv/.tsv/.parquet/.duckdb, and only inside the allowed folders unless the user allows more.

import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export interface DataPolicy {
  /** Folders data may come from (the workspace folders; for the CLI, the model's folder). Empty: the model's folder. */
  readonly roots: readonly string[];
  /** The user allowed data outside them (`--allow-data-outside`, `mle.data.allowOutsideWorkspace`). */
  readonly allowOutside: boolean;
  /** What the user can do to allow a path outside, for the message ("pass --allow-data-outside"). */
  readonly howToAllow: string;
  /** Where `roots` come from, for the message ("the model's folder", "the workspace"). */
  readonly rootsName: string;
}

export type DataAccess = { readonly ok: true; readonly abs: string } | { readonly ok: false; readonly error: string };

export const isDataExtension = (path: string): boolean => /\.(csv|tsv|parquet|duckdb|ddb)$/i.test(path);

/** The real path (symlinks followed) when the file exists, so a link cannot lead outside unnoticed. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Resolves `data "PATH"` for the model at `modelPath` (undefined for an unsaved model). A refused path is never opened:
 * the caller reports the error as the data file's load error.
 */
export function resolveDataAccess(modelPath: string | undefined, dataPath: string, policy: DataPolicy): DataAccess {
  if (!isDataExtension(dataPath))
    return { ok: false, error: 'it was not read: only .csv, .tsv, .parquet and .duckdb files are read' };
  if (!modelPath && !isAbsolute(dataPath))
    return { ok: false, error: 'a relative path needs a saved model file: save the model next to its data' };
  const abs = modelPath ? resolve(dirname(modelPath), dataPath) : resolve(dataPath);
  if (policy.allowOutside) return { ok: true, abs };
  const roots = policy.roots.length ? policy.roots : modelPath ? [dirname(modelPath)] : [];
  const target = real(abs);
  if (roots.some((r) => inside(real(r), target))) return { ok: true, abs };
  return {
    ok: false,
    error: `it was not read: it is outside ${policy.rootsName} (${abs}); ${policy.howToAllow} to allow data from anywhere`,
  };
}
