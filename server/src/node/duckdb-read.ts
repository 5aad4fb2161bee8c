// Reads a Parquet file, a CSV or a table of a DuckDB database through DuckDB into the engine's Float64Array columns,
// each read in its own sandboxed instance (node/duckdb-engine.ts), only the columns asked for: numbers (and booleans) as doubles, text as cells that become numbers or a factor.

import type { DuckDBConnection } from '@duckdb/node-api';
import { cellReader, DEFAULT_NA } from '../data/cell.ts';
import { summarize } from '../data/column-summary.ts';
import { headerProblem } from '../data/header.ts';
import type { Delimiter } from '../data/sniff.ts';
import type { Column, DataFormat, DataParse } from '../data/table.ts';
import { columnFromCells } from '../data/text-column.ts';
import type { DuckEngine } from './duckdb-engine.ts';

export type DuckSource =
  | { readonly kind: 'parquet'; readonly abs: string }
  | { readonly kind: 'duckdb'; readonly abs: string; readonly table?: string }
  | {
      readonly kind: 'csv';
      readonly abs: string;
      readonly delimiter: Delimiter;
      readonly decimalComma: boolean;
      /** Every column as text (then read cell by cell): the retry when a sniffed type meets a cell it cannot hold. */
      readonly allVarchar?: boolean;
    };

export interface DuckRead {
  /** Columns to read (the names the model mentions); undefined: all. */
  readonly columns?: ReadonlySet<string>;
  readonly na?: readonly string[];
  /** Only the first rows (a sample for analysing the model when the whole file is over the memory budget). */
  readonly limit?: number;
}

type Engine = Extract<DuckEngine, { ok: true }>;
type Session = Awaited<ReturnType<Engine['open']>>;

/** SQL literals and identifiers: the path and table name come from the model, so they are quoted, never pasted. */
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Types read as doubles; everything else is read as text (VARCHAR, ENUM, and dates etc. cast to their text). */
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(.*\)|BOOLEAN)$/;

/** The first line of DuckDB's message (the rest is a long hint for SQL users). */
const duckMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** The FROM clause of the source; a database is attached read-only (the session is closed after the read). */
export async function fromClause(
  con: DuckDBConnection,
  src: DuckSource,
  na: readonly string[],
): Promise<{ from: string } | { error: string }> {
  if (src.kind === 'parquet') return { from: `read_parquet(${lit(src.abs)})` };
  if (src.kind === 'csv') {
    // The delimiter and decimal mark the JS reader would use, so both readers read a file the same way.
    const nulls = ['', ...na].map(lit).join(', ');
    const options = [
      'header = true',
      `delim = ${lit(src.delimiter)}`,
      `nullstr = [${nulls}]`,
      ...(src.decimalComma ? ["decimal_separator = ','"] : []),
      ...(src.allVarchar ? ['all_varchar = true'] : []),
    ];
    return { from: `read_csv(${lit(src.abs)}, ${options.join(', ')})` };
  }
  // Base tables only: a view is a stored query, and what it reads is not the file the user linked.
  const alias = 'mle_src';
  await con.run(`ATTACH ${lit(src.abs)} AS ${ident(alias)} (READ_ONLY)`);
  const tables = (
    await con.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = ${lit(alias)} ORDER BY 1`)
  )
    .getRows()
    .map((r) => String(r[0]));
  const list = tables.length ? `its tables: ${tables.join(', ')}` : 'it has no tables';
  let table = src.table;
  if (table === undefined) {
    if (tables.length !== 1) return { error: `name the table to read: \`data "…" table "NAME"\` (${list})` };
    table = tables[0];
  } else if (!tables.includes(table)) return { error: `it has no table \`${table}\` (${list})` };
  return { from: `${ident(alias)}.${ident(table)}` };
}

/** Reads the chosen columns, chunk by chunk: numeric vectors are copied straight out of DuckDB's memory. */
async function readColumns(
  eng: Session,
  from: string,
  cols: readonly { name: string; numeric: boolean }[],
  na: readonly string[],
  decimalComma: boolean,
  knownCount: boolean,
  limit?: number,
): Promise<{ columns: Column[]; rows: number }> {
  // NULL becomes NaN (missing) in SQL, so a numeric vector needs no validity mask.
  const select = cols.length
    ? cols
        .map((c) =>
          c.numeric ? `coalesce(CAST(${ident(c.name)} AS DOUBLE), 'NaN'::DOUBLE)` : `CAST(${ident(c.name)} AS VARCHAR)`,
        )
        .join(', ')
    : 'count(*)';
  // DuckDB's streaming result ends quietly, as if complete, when a row fails mid-stream (a CSV cell its sniffed type
  // cannot hold): a CSV is therefore read as a materialized result, whose errors are thrown; Parquet and database
  // tables are streamed and their row count (metadata) checked at the end. Either way the columns are allocated once.
  const sql = `SELECT ${select} FROM ${from}${limit !== undefined && cols.length ? ` LIMIT ${limit}` : ''}`;
  let expected: number;
  let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
  if (knownCount) {
    expected = Number((await eng.connection.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRows()[0][0]);
    if (limit !== undefined && cols.length) expected = Math.min(expected, limit);
    result = await eng.connection.stream(sql);
  } else {
    const materialized = await eng.connection.run(sql);
    expected = cols.length ? materialized.rowCount : 1;
    result = materialized;
  }
  const numeric: (Float64Array | undefined)[] = cols.map((c) => (c.numeric ? new Float64Array(expected) : undefined));
  const textParts: (string | null)[][] = cols.map(() => []);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (!cols.length) {
      rows = Number(chunk.getColumnValues(0)[0]);
      break;
    }
    if (rows + n > expected) throw new Error(`the file has more rows than its row count (${expected})`);
    for (let j = 0; j < cols.length; j++) {
      const into = numeric[j];
      if (into) {
        // Copied straight out of the chunk's memory (DuckDB's, reused for the next chunk).
        const bytes = eng.bindings.vector_get_data(eng.bindings.data_chunk_get_vector(chunk.chunk, j), n * 8);
        const doubles =
          bytes.byteOffset % 8 === 0
            ? new Float64Array(bytes.buffer, bytes.byteOffset, n)
            : new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 8));
        into.set(doubles, rows);
      } else for (const v of chunk.getColumnValues(j)) textParts[j].push(v === null ? null : String(v));
    }
    rows += n;
  }
  if (cols.length && rows !== expected) throw new Error(`the read stopped at row ${rows} of ${expected}`);
  const reader = cellReader(na, decimalComma);
  const columns = cols.map((c, j): Column => {
    const values = numeric[j];
    if (!values) return columnFromCells(c.name, textParts[j], reader);
    let missing = 0;
    for (let i = 0; i < rows; i++) if (values[i] !== values[i]) missing++;
    return summarize(c.name, values, missing, 0, undefined, new Set());
  });
  return { columns, rows };
}

/**
 * Reads `src` through DuckDB. Every failure (no such file or table, a malformed file) is a DataParse error naming
 * the cause, never an exception.
 */
export async function readWithDuckDB(engine: Engine, src: DuckSource, opts: DuckRead = {}): Promise<DataParse> {
  const na = opts.na ?? DEFAULT_NA;
  let eng: Session | undefined;
  try {
    eng = await engine.open(src.abs);
    const f = await fromClause(eng.connection, src, na);
    if ('error' in f) return { ok: false, error: f.error };
    const described = (await eng.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${f.from}`)).getRowObjects();
    const all = described.map((r) => ({ name: String(r.column_name), numeric: NUMERIC.test(String(r.column_type)) }));
    const names = all.map((c) => c.name);
    const bad = headerProblem(names);
    if (bad) return { ok: false, error: bad };
    const chosen = opts.columns ? all.filter((c) => opts.columns!.has(c.name)) : all;
    const { columns, rows } = await readColumns(
      eng,
      f.from,
      chosen,
      na,
      src.kind === 'csv' && src.decimalComma,
      src.kind !== 'csv',
      opts.limit,
    );
    const format: DataFormat | undefined =
      src.kind === 'csv'
        ? { delimiter: src.delimiter, decimalComma: src.decimalComma, lineEnding: 'LF', na }
        : undefined;
    const unread = names.filter((n) => !chosen.some((c) => c.name === n));
    const table = { columns, byName: new Map(columns.map((c) => [c.name, c])), rows, ...(format ? { format } : {}) };
    return { ok: true, table: unread.length ? { ...table, unread } : table };
  } catch (e) {
    // DuckDB types a CSV column from a sample of rows; a later text cell in a "numeric" column stops the read. The
    // JS reader would call that column non-numeric (or a factor): read every column as text, as it does.
    if (src.kind === 'csv' && !src.allVarchar && /conver/i.test(duckMessage(e))) {
      eng?.close();
      eng = undefined;
      return readWithDuckDB(engine, { ...src, allVarchar: true }, opts);
    }
    return { ok: false, error: `cannot read it: ${duckMessage(e)}` };
  } finally {
    eng?.close();
  }
}
