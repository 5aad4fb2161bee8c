// Loads the DuckDB native binding lazily (first Parquet/DuckDB/large-CSV read), once per process; a platform without the
// binding gets the reason, never an exception.

import type { DuckDBConnection } from '@duckdb/node-api';

/** The two modules the reader uses: the API (instances, connections, results) and the raw binding (vector memory). */
export interface DuckModules {
  readonly api: typeof import('@duckdb/node-api');
  readonly bindings: typeof import('@duckdb/node-bindings');
}

export type DuckLoader = () => Promise<DuckModules>;

/** A connection to a fresh in-memory DuckDB that may open one file only; `close` frees it. */
export interface DuckSession {
  readonly connection: DuckDBConnection;
  readonly bindings: DuckModules['bindings'];
  close(): void;
}

export type DuckEngine =
  | { readonly ok: true; readonly open: (file: string) => Promise<DuckSession> }
  | { readonly ok: false; readonly reason: string };

/** Both are external to the esbuild bundles: resolved from node_modules beside the repository or the .vsix. */
const defaultLoader: DuckLoader = async () => {
  const api = await import('@duckdb/node-api');
  const bindings = await import('@duckdb/node-bindings');
  // A CommonJS module imported from ESM (tsx) or CJS (the bundles) puts its exports under `default` or not.
  const unwrap = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T;
  return { api: unwrap(api), bindings: unwrap(bindings) };
};

let loader: DuckLoader = defaultLoader;
let engine: Promise<DuckEngine> | undefined;

/** Tests simulate a platform without the binding (or restore the real one with no argument). */
export function setDuckLoader(l: DuckLoader = defaultLoader): void {
  loader = l;
  engine = undefined;
}

/** Why the binding failed, in one line (the first line of a native loader's message is the informative one). */
const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * A sandbox per read: file access is switched off except for the linked file (and a database's write-ahead log), and
 * the configuration is locked, so neither a view stored in a .duckdb file nor a crafted path can read anything else.
 * Nothing is written: the instance lives in memory and extensions are never downloaded (Parquet and CSV are built in).
 */
async function session(m: DuckModules, file: string): Promise<DuckSession> {
  const instance = await m.api.DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await connection.run(`SET allowed_paths = [${lit(file)}, ${lit(`${file}.wal`)}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
  } catch (e) {
    close();
    throw e;
  }
  return { connection, bindings: m.bindings, close };
}

async function start(): Promise<DuckEngine> {
  try {
    // Fails here, once, when the native binding is missing for this platform (importing the binding loads it).
    const m = await loader();
    return { ok: true, open: (file) => session(m, file) };
  } catch (e) {
    return { ok: false, reason: reasonOf(e) };
  }
}

/** The DuckDB engine, its binding loaded on first use. */
export function duckEngine(): Promise<DuckEngine> {
  return (engine ??= start());
}
