// Chooses the reader of a linked data file: DuckDB for Parquet, DuckDB databases and CSVs above a size threshold, the
// JS reader (node/data-source.ts) for the other CSVs and wherever DuckDB does not load. Caches by path and mtime.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { hasDecimalComma, type Column, type DataTable, type ReadOptions } from '../data/table.ts';
import { binaryKind, detectDelimiter, firstLine } from '../data/sniff.ts';
import { headerProblem } from '../data/header.ts';
import type { DataLoad } from '../language/analysis-types.ts';
import { duckEngine } from './duckdb-engine.ts';
import { readWithDuckDB, type DuckSource } from './duckdb-read.ts';
import { loadData } from './data-source.ts';

export type DataKind = 'csv' | 'parquet' | 'duckdb';

export const dataKind = (path: string): DataKind =>
  /\.parquet$/i.test(path) ? 'parquet' : /\.(duckdb|ddb)$/i.test(path) ? 'duckdb' : 'csv';

/**
 * CSVs up to this size are read by the JS reader, larger ones by DuckDB. Measured on the 97 MB bench CSV
 * (bench/load-engines.ts, docs/performance.md): reading every column, DuckDB's read_csv is no faster than the JS reader
 * and peaks higher (its engine costs ~150 MB of RSS before any data); the JS reader holds the whole file in memory
 * while it parses, so beyond a few hundred MB streaming through DuckDB needs less memory (and it reads only the named
 * columns, 1.4× faster at 3 of 11).
 */
export const DUCKDB_CSV_BYTES = 256 * 1024 * 1024;

export interface LoadOptions extends ReadOptions {
  /** `data "x.duckdb" table "t"`. */
  readonly table?: string;
  /** The names the model mentions: a DuckDB source reads only these columns (undefined: all). */
  readonly columns?: ReadonlySet<string>;
  /** Overrides DUCKDB_CSV_BYTES and the few-columns rule: DuckDB reads every CSV above it (tests, the benchmark). */
  readonly csvThreshold?: number;
}

const KIND_NAME: Record<DataKind, string> = { parquet: 'Parquet', duckdb: 'a DuckDB database', csv: 'the CSV' };

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly load: DataLoad;
}
const cache = new Map<string, Entry>();

const keyOf = (abs: string, o: LoadOptions): string => [abs, o.table ?? '', ...(o.na ?? [])].join('\0');

/**
 * Whether the model names fewer than half of a CSV's columns: only then does DuckDB pay off on a large CSV. Reading
 * every column the JS reader (two threads) is faster and needs less memory — measured on 10M rows × 5 columns (381 MB),
 * all used: 9.2 s and 1.0 GB peak against DuckDB's 9.9 s and 1.6 GB.
 */
export function readsFewColumns(abs: string, columns: ReadonlySet<string> | undefined): boolean {
  if (!columns) return false;
  const src = csvSource(abs);
  if ('error' in src || src.kind !== 'csv') return false;
  const head = new Uint8Array(1 << 16);
  let got = 0;
  try {
    const fd = openSync(abs, 'r');
    got = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
  } catch {
    return false;
  }
  const names = firstLine(head.subarray(0, got))
    .split(src.delimiter)
    .map((h) => h.trim());
  return names.filter((h) => columns.has(h)).length < names.length / 2;
}

/** The head of a CSV, for the delimiter, the decimal mark and the header (the JS reader looks at the same things). */
export function csvSource(abs: string): DuckSource | { error: string } {
  const head = new Uint8Array(1 << 16);
  let got: number;
  try {
    const fd = openSync(abs, 'r');
    got = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
  } catch (e) {
    return { error: `cannot read it (${(e as Error).message})` };
  }
  const bytes = head.subarray(0, got);
  const kind = binaryKind(bytes);
  if (kind) return { error: `it is ${kind}` };
  const delimiter = detectDelimiter(firstLine(bytes), abs);
  const line = firstLine(bytes);
  if (!line.includes('"')) {
    const bad = headerProblem(line.split(delimiter).map((h) => h.trim()));
    if (bad) return { error: bad };
  }
  return { kind: 'csv', abs, delimiter, decimalComma: delimiter === ';' && hasDecimalComma(bytes) };
}

/** The cached table already holds every wanted column. */
export function covers(t: DataTable, want: ReadonlySet<string> | undefined): boolean {
  if (!want) return !t.unread?.length;
  return !t.unread?.some((n) => want.has(n));
}

/** The columns read before and those read now, as one table (the same file version: same rows). */
function merged(old: DataTable | undefined, now: DataTable): DataTable {
  if (!old || old.rows !== now.rows) return now;
  const columns: Column[] = [...old.columns.filter((c) => !now.byName.has(c.name)), ...now.columns];
  const unread = (now.unread ?? []).filter((n) => !old.byName.has(n));
  return { ...now, columns, byName: new Map(columns.map((c) => [c.name, c])), ...(unread.length ? { unread } : {}) };
}

/**
 * Loads a data file for a model: every failure (no file, no table, a malformed file, DuckDB missing on this platform)
 * is a DataLoad with ok = false, whose error the `data-file` check shows on the `data` line.
 */
export async function loadDataFile(abs: string, shown = abs, options: LoadOptions = {}): Promise<DataLoad> {
  const kind = dataKind(abs);
  const fail = (error: string): DataLoad => ({ ok: false, path: shown, error });
  if (options.table !== undefined && kind !== 'duckdb')
    return fail(`\`table "${options.table}"\` names a table of a DuckDB database (.duckdb); this file is not one`);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return fail(`file not found (looked for ${abs})`);
  }
  if (!st.isFile()) return fail(`${abs} is not a file`);
  const threshold = options.csvThreshold ?? DUCKDB_CSV_BYTES;
  const few = options.csvThreshold !== undefined || readsFewColumns(abs, options.columns);
  if (kind === 'csv' && (st.size <= threshold || !few)) return loadData(abs, shown, options);
  const key = keyOf(abs, options);
  const hit = cache.get(key);
  const fresh = hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size ? hit.load : undefined;
  if (fresh?.ok && covers(fresh.table, options.columns)) return { ...fresh, path: shown };
  const eng = await duckEngine();
  if (!eng.ok) {
    // A large CSV can still be read, by the JS reader; Parquet and databases cannot.
    if (kind === 'csv') return loadData(abs, shown, options);
    return fail(`cannot read ${KIND_NAME[kind]}: the DuckDB engine did not load on this platform (${eng.reason})`);
  }
  const src: DuckSource | { error: string } =
    kind === 'parquet'
      ? { kind, abs }
      : kind === 'duckdb'
        ? { kind, abs, ...(options.table !== undefined ? { table: options.table } : {}) }
        : csvSource(abs);
  if ('error' in src) return fail(src.error);
  // Read only what the cached version lacks.
  const want =
    options.columns && fresh?.ok
      ? new Set([...options.columns].filter((n) => !fresh.table.byName.has(n)))
      : options.columns;
  const parsed = await readWithDuckDB(eng, src, {
    ...(want ? { columns: want } : {}),
    ...(options.na ? { na: options.na } : {}),
  });
  const load: DataLoad = parsed.ok
    ? {
        ok: true,
        path: shown,
        table: merged(fresh?.ok ? fresh.table : undefined, parsed.table),
        stamp: { path: abs, size: st.size, mtimeMs: st.mtimeMs },
      }
    : fail(parsed.error);
  cache.set(key, { mtimeMs: st.mtimeMs, size: st.size, load });
  return load;
}

/** Drops a cached file, read with any options. */
export function invalidateDataFile(abs: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${abs}\0`)) cache.delete(key);
}
