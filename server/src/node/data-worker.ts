// The data worker thread: loads linked data files (cached by path, mtime and size; DuckDB sources by the columns named), runs the data-aware analysis off the server's main thread.

import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { dataWindow } from '../data/data-window.ts';
import { ParseCache } from '../language/parse-incremental.ts';
import { analyze, namesIn } from '../language/analyze.ts';
import type { Analysis } from '../language/analysis-types.ts';
import { invalidateData } from './data-source.ts';
import { covers, invalidateDataFile, loadDataFile } from './data-engine.ts';
import { overBudget } from './data-budget.ts';
import { budgetBytes } from '../engine/solvers/memory-budget.ts';
import { totalmem } from 'node:os';
import {
  dataLoadOf,
  sharedTable,
  type DataVersion,
  type FromWorker,
  type Job,
  type RowsJob,
  type RowsResult,
  type ToWorker,
  type WorkerInit,
} from './data-worker-protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const abort = new Int32Array(init.abort);
const cache = new Map<string, DataVersion>();
let generation = init.firstGen;
/** The last analysis, so a fit right after the diagnostics does not analyse the same text and data again. */
let last:
  { readonly text: string; readonly gen: number; readonly path: string; readonly analysis: Analysis } | undefined;

const post = (m: FromWorker): void => port.postMessage(m);

/** The file's identity on disk; a missing file is (-1, -1), so it is read again once it appears. */
function stamp(abs: string): { mtimeMs: number; size: number } {
  try {
    const st = statSync(abs);
    return { mtimeMs: st.mtimeMs, size: st.size };
  } catch {
    return { mtimeMs: -1, size: -1 };
  }
}

/**
 * The cached version of a data file, or a fresh load (posted to the server at once, so completion sees the columns
 * early). A columnar source (Parquet, DuckDB, a large CSV) is read for the names in `text` and again when it names
 * a column not read yet.
 */
async function load(
  abs: string,
  na: readonly string[] | undefined,
  table: string | undefined,
  text: string,
  whole: boolean,
): Promise<DataVersion> {
  const { mtimeMs, size } = stamp(abs);
  // The same file read with other missing-value spellings (or another table of a database) is another table.
  const key = [abs, table ?? '', ...(na ?? [])].join('\0');
  const hit = cache.get(key);
  const fresh = hit && hit.mtimeMs === mtimeMs && hit.size === size ? hit : undefined;
  // Every column read (any CSV the JS reader read), or an error: nothing to add, and no need to lex the text.
  if (fresh && !fresh.table?.unread?.length) return fresh;
  // DuckDB reads only the names the model mentions (the JS CSV reader reads every column whatever this says).
  const columns = namesIn(text);
  if (fresh?.table && covers(fresh.table, columns)) return fresh;
  // Diagnostics and the data viewer never load a file whose in-memory fit would exceed the default memory budget:
  // they get its first rows (a fit asks for the whole file, and sizes it against the user's own budget first).
  if (!whole && !fresh?.table) {
    const sampled = await sampleOverBudget(abs, key, { na, table, columns }, mtimeMs, size);
    if (sampled) return sampled;
  }
  const loaded = await loadDataFile(abs, abs, {
    ...(na ? { na } : {}),
    ...(table !== undefined ? { table } : {}),
    columns,
  });
  // Keep one copy only: ours, in shared memory.
  invalidateData(abs);
  invalidateDataFile(abs);
  const data: DataVersion = loaded.ok
    ? { dataAbs: abs, gen: ++generation, mtimeMs, size, table: sharedTable(loaded.table) }
    : { dataAbs: abs, gen: ++generation, mtimeMs, size, error: loaded.error };
  cache.set(key, data);
  post({ kind: 'data', data });
  return data;
}

/**
 * The budget (MB) of the editor's analysis: the default (a quarter of the RAM) unless MLE_MEMORY_BUDGET_MB says
 * otherwise (the setting mle.data.memoryBudget reaches the server with each fit request, not here).
 */
function editorBudgetMB(): number | undefined {
  const v = Number(process.env.MLE_MEMORY_BUDGET_MB);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The first rows of a file over the default memory budget (cached as its own version), or undefined within it. */
async function sampleOverBudget(
  abs: string,
  key: string,
  options: { na?: readonly string[]; table?: string; columns: ReadonlySet<string> },
  mtimeMs: number,
  size: number,
): Promise<DataVersion | undefined> {
  const sampleKey = `${key}\0sample`;
  const hit = cache.get(sampleKey);
  if (hit?.table && hit.mtimeMs === mtimeMs && hit.size === size && covers(hit.table, options.columns)) return hit;
  const opts = {
    ...(options.na ? { na: options.na } : {}),
    ...(options.table !== undefined ? { table: options.table } : {}),
    columns: options.columns,
  };
  const over = await overBudget(abs, abs, opts, budgetBytes(editorBudgetMB(), totalmem()));
  if (!over) return undefined;
  const data: DataVersion = over.sample.ok
    ? { dataAbs: abs, gen: ++generation, mtimeMs, size, table: sharedTable(over.sample.table), sampledFrom: over.rows }
    : { dataAbs: abs, gen: ++generation, mtimeMs, size, error: over.sample.error };
  cache.set(sampleKey, data);
  post({ kind: 'data', data });
  return data;
}

/** The chunks of the last text analysed here: the next edit re-parses only what changed (language/parse-incremental.ts). */
const parseCache = new ParseCache();

function analysisOf(text: string, d: DataVersion, path: string): Analysis {
  if (last && last.text === text && last.gen === d.gen && last.path === path) return last.analysis;
  const analysis = analyze(text, dataLoadOf(d, path), parseCache);
  last = { text, gen: d.gen, path, analysis };
  return analysis;
}

/** A window of the table the worker holds (read once), with the rows the model's analysis drops. */
function rows(job: RowsJob, d: DataVersion): RowsResult {
  if (!d.table) return { kind: 'rows', seq: job.seq, error: d.error ?? 'cannot read it' };
  const an = analysisOf(job.text, d, job.dataPath);
  const { table } = d;
  const window = dataWindow(table, job.dataPath, job.start, job.count, an.usedColumns, an.rowsUsed, an.rowsUsedCount);
  return { kind: 'rows', seq: job.seq, window: { ...window, stamp: { size: d.size, mtimeMs: d.mtimeMs } } };
}

/** True when the server has asked for a newer analysis of the same document since it sent `job`. */
const abandoned = (job: Job): boolean => Atomics.load(abort, 0) === job.seq;

async function run(job: Job): Promise<void> {
  const t0 = performance.now();
  if (abandoned(job)) return post({ kind: 'skipped', seq: job.seq });
  try {
    const d = await load(job.dataAbs, job.na, job.table, job.text, job.kind === 'load');
    // A fit runs in a thread of its own (node/fit-worker.ts): it only needs the data version, columns shared.
    if (job.kind === 'load') return post({ kind: 'loaded', seq: job.seq, data: d });
    if (job.kind === 'rows') return post(rows(job, d));
    if (abandoned(job)) return post({ kind: 'skipped', seq: job.seq });
    const an = analysisOf(job.text, d, job.dataPath);
    // Plain records only: a diagnostic's payload must survive the structured clone.
    const diagnostics = an.diagnostics.map((x) => ({ ...x, span: { start: x.span.start, end: x.span.end } }));
    post({
      kind: 'result',
      seq: job.seq,
      dataGen: d.gen,
      diagnostics,
      usedColumns: [...an.usedColumns],
      rowsUsedCount: an.rowsUsedCount,
      ms: performance.now() - t0,
    });
  } catch (e) {
    post({ kind: 'failed', seq: job.seq, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

/** One message at a time, in order: a DuckDB read is asynchronous, and a later job must see its result. */
let queue = Promise.resolve();

port.on('message', (m: ToWorker) => {
  queue = queue.then(() => {
    if (m.kind !== 'invalidate') return run(m);
    for (const key of cache.keys()) if (key.startsWith(`${m.dataAbs}\0`)) cache.delete(key);
  });
});
