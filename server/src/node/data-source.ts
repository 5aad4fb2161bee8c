// Reads and caches the linked data files by path and modification time: the only place that reads CSVs from disk.

import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sharedValues, startScanThread } from './scan-threads.ts';
import { parseDataFile, type ReadOptions } from '../data/table.ts';
import type { DataLoad } from '../language/analysis-types.ts';

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly load: DataLoad;
}

const cache = new Map<string, Entry>();

/** Resolves a `data "…"` path against the model file's folder. */
export function resolveDataPath(modelPath: string, dataPath: string): string {
  return resolve(dirname(modelPath), dataPath);
}

/** The cache key of a file read with given options (the same file read with other `na` spellings is another table). */
const keyOf = (absPath: string, options: ReadOptions): string =>
  options.na ? `${absPath}\0${options.na.join('\0')}` : absPath;

/**
 * Loads (or returns the cached) table for an absolute path; errors become a DataLoad with ok = false. The caller has
 * decided the path may be read (node/data-access.ts): nothing here opens a file it was not given.
 */
export function loadData(absPath: string, shownPath = absPath, options: ReadOptions = {}): DataLoad {
  const key = keyOf(absPath, options);
  let st;
  try {
    st = statSync(absPath);
  } catch {
    cache.delete(key);
    return { ok: false, path: shownPath, error: `file not found (looked for ${absPath})` };
  }
  if (!st.isFile()) return { ok: false, path: shownPath, error: `${absPath} is not a file` };
  const hit = cache.get(key);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.load;
  let load: DataLoad;
  // Large files: the second half of the lines is scanned on another thread, started before the read so that its
  // start-up overlaps it (ended in any case once the parse is done).
  const thread = st.size >= SHARED_BYTES ? startScanThread() : undefined;
  try {
    const parsed = parseDataFile(absPath, readBytes(absPath, st.size), options, {
      helper: thread?.helper,
      counter: thread?.counter,
      newValues: sharedValues,
    });
    load = parsed.ok
      ? { ok: true, path: shownPath, table: parsed.table, stamp: { path: absPath, size: st.size, mtimeMs: st.mtimeMs } }
      : { ok: false, path: shownPath, error: parsed.error };
  } catch (e) {
    load = { ok: false, path: shownPath, error: `cannot read it (${(e as Error).message})` };
  } finally {
    thread?.close();
  }
  cache.set(key, { mtimeMs: st.mtimeMs, size: st.size, load });
  return load;
}

/** Drops a cached file, read with any options (the server calls this when a watched CSV changes). */
export function invalidateData(absPath: string): void {
  for (const key of cache.keys()) if (key === absPath || key.startsWith(`${absPath}\0`)) cache.delete(key);
}

/** From this size files are read into shared memory, so a second thread can scan half of the lines in place. */
const SHARED_BYTES = 16 << 20;

/** Large files are read into shared memory, so a second thread can scan half of the lines in place. */
function readBytes(absPath: string, size: number): Uint8Array {
  if (size < SHARED_BYTES) return readFileSync(absPath);
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  const fd = openSync(absPath, 'r');
  try {
    let got = 0;
    while (got < size) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === size ? bytes : bytes.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
