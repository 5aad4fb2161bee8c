// Per-document analyses by version: text-only checks plus the data worker's column summaries for editing; data checks and fits go to the worker.

import { readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { runFit } from '../fit/run-fit.ts';
import { ParseCache } from '../language/parse-incremental.ts';
import { analyze } from '../language/analyze.ts';
import type { Analysis } from '../language/analysis-types.ts';
import { computeFacts } from '../language/facts.ts';
import { LineIndex } from '../language/positions.ts';
import { buildScope } from '../language/scope.ts';
import { invalidateData, loadData } from '../node/data-source.ts';
import { dataKind } from '../node/data-engine.ts';
import { editorOverBudgetFit } from '../node/over-budget-fit.ts';
import { isDataExtension, resolveDataAccess } from '../node/data-access.ts';
import { dataLoadOf, type DataVersion } from '../node/data-worker-protocol.ts';
import type { DataRowsResponse, FitDefaults, FitResponse } from '../protocol.ts';
import { DataWorker, type Outcome } from './data-worker-client.ts';
import { FitRunner, type StopSignal } from './fit-runner.ts';
import type { FitAnswer, FitTask } from '../node/fit-worker-protocol.ts';
import type { FitProgress } from '../engine/optimize/progress.ts';

/** What a fit request passes down: its cancellation, and where progress reports go. */
export interface FitControl {
  readonly signal?: StopSignal;
  readonly onProgress?: (p: FitProgress) => void;
  /** The editor's fit option defaults (the model's own options win). */
  readonly defaults?: FitDefaults;
}

/** Data files up to this size are parsed on the main thread when first met (some 20 ms at most). */
export const SMALL_DATA_BYTES = 256 * 1024;

/** What the server may read, from the initialize request: the workspace folders, the user's setting, Workspace Trust. */
export interface DataAccessSettings {
  /** Workspace folders (file-system paths); none: each model's own folder. */
  readonly roots: readonly string[];
  /** `mle.data.allowOutsideWorkspace`. */
  readonly allowOutside: boolean;
  /** False in VS Code's Restricted Mode: no data file is read and no model fitted. */
  readonly trusted: boolean;
}

export const RESTRICTED_MESSAGE =
  'it was not read: MLE Studio reads no data and fits no model in Restricted Mode; trust this workspace to enable them';

interface Link {
  readonly dataPath?: string;
  /** The resolved path, when the file may be read. */
  readonly dataAbs?: string;
  /** The `na "…"` spellings of the data statement. */
  readonly na?: readonly string[];
  /** The `table "…"` of the data statement (a DuckDB database). */
  readonly table?: string;
  /** Why the file is not read (outside the workspace, Restricted Mode, not .csv/.tsv). */
  readonly refused?: string;
}

interface Entry {
  readonly version: number;
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** The `data "…"` link as written, and resolved. */
  link?: Link;
  /** The text-only analysis; `quick` adds the refusal of the data file, if any. */
  base?: Analysis;
  quick?: Analysis;
  editor?: { readonly key: string; readonly analysis: Analysis };
}

/** The file-system path of a `file:` URI (a model or a data file); untitled documents have none. */
export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * One analysis per document version. Nothing here reads a data file: the data worker loads it (cached by path, mtime
 * and size), analyses the model with it, fits it, and sends each data version's column summaries back once.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The latest data version per file from the worker (summaries; values in shared memory). */
  private readonly data = new Map<string, DataVersion>();
  private workerInstance?: DataWorker;
  /** Fits in flight, one thread each. */
  readonly fits = new FitRunner();
  /** Data files `loadSmall` has looked at (once each: afterwards only the worker loads them). */
  private readonly triedSmall = new Set<string>();
  /** Per document, the rows its last data analysis used: valid for that data generation and those used columns. */
  private readonly rows = new Map<string, { readonly gen: number; readonly used: string; readonly count?: number }>();
  /** Until the initialize request says otherwise: each model's folder, trusted (as `mle lsp` in another editor). */
  access: DataAccessSettings = { roots: [], allowOutside: false, trusted: true };

  /** New access settings (workspace folders added or removed): every cached data link is resolved again. */
  setAccess(access: DataAccessSettings): void {
    this.access = access;
    this.entries.clear();
  }

  private entry(doc: TextDocument): Entry {
    const old = this.entries.get(doc.uri);
    if (old && old.version === doc.version) return old;
    const text = doc.getText();
    const e: Entry = { version: doc.version, uri: doc.uri, text, lines: new LineIndex(text) };
    this.entries.set(doc.uri, e);
    return e;
  }

  /**
   * The `data "…"` path as written and resolved, read off the text-only analysis (so the text is parsed once per
   * version). A path the settings do not allow is refused here, before anything could open it.
   */
  private link(doc: TextDocument): { readonly e: Entry } & Link {
    const e = this.entry(doc);
    if (!e.link) {
      const stmt = this.base(e).dataStmt;
      const dataPath = stmt?.path;
      const na = stmt?.na?.values;
      const table = stmt?.table?.value;
      if (dataPath === undefined) e.link = { dataPath };
      else if (!this.access.trusted) e.link = { dataPath, na, refused: RESTRICTED_MESSAGE };
      else {
        const modelPath = fsPathOf(e.uri);
        // The workspace folders, and the model's own folder (a model opened from elsewhere reads the data beside it).
        const a = resolveDataAccess(modelPath, dataPath, {
          roots: [...this.access.roots, ...(modelPath ? [dirname(modelPath)] : [])],
          allowOutside: this.access.allowOutside,
          howToAllow: 'set `mle.data.allowOutsideWorkspace`',
          rootsName: this.access.roots.length ? "the workspace folders and the model's folder" : "the model's folder",
        });
        e.link = a.ok ? { dataPath, na, table, dataAbs: a.abs } : { dataPath, na, refused: a.error };
      }
    }
    return { e, ...e.link };
  }

  private base(e: Entry): Analysis {
    return (e.base ??= analyze(e.text, undefined, this.parseCacheOf(e.uri)));
  }

  lines(doc: TextDocument): LineIndex {
    return this.entry(doc).lines;
  }

  /** Syntax and semantic checks only, and why the data file is refused if it is: no file is read. */
  quick(doc: TextDocument): Analysis {
    const { e, refused, dataPath } = this.link(doc);
    if (refused === undefined || dataPath === undefined) return this.base(e);
    return (e.quick ??= analyze(e.text, { ok: false, path: dataPath, error: refused }, this.parseCacheOf(e.uri)));
  }

  /**
   * What completion and hover read: the text-only analysis, with the columns (summaries; values in shared memory) of the
   * data version the worker last loaded, and the used-row count when its last analysis agrees. Costs no data pass.
   */
  editor(doc: TextDocument): Analysis {
    const { e, dataAbs, dataPath, na } = this.link(doc);
    const quick = this.quick(doc);
    const d =
      dataAbs === undefined || dataPath === undefined
        ? undefined
        : (this.data.get(dataAbs) ?? this.loadSmall(dataAbs, na));
    if (!d) return quick;
    const rows = this.rows.get(doc.uri);
    const key = `${d.gen}|${rows?.gen}|${rows?.used}|${rows?.count}`;
    if (e.editor?.key === key) return e.editor.analysis;
    const data = dataLoadOf(d, dataPath!);
    // Resolution with the column names (a few microseconds on the parsed tree); the data checks stay in the worker.
    const scope = buildScope(quick.file, data);
    const usedColumns = computeFacts(quick.file, scope).usedColumns;
    const rowsUsedCount = rows && rows.gen === d.gen && rows.used === usedColumns.join('\0') ? rows.count : undefined;
    const analysis: Analysis = {
      ...quick,
      symbols: scope.symbols,
      occurrences: scope.occurrences,
      params: scope.params,
      vectors: scope.vectors,
      data,
      usedColumns,
      rowsUsedCount,
    };
    e.editor = { key, analysis };
    return analysis;
  }

  /**
   * The data-aware analysis of the document's current version, in the data worker; undefined when it links no data
   * file. Resolves "superseded" when a newer analysis of the document was asked for meanwhile.
   */
  analyzeData(doc: TextDocument): Promise<Outcome> | undefined {
    const { e, dataAbs, dataPath, na, table } = this.link(doc);
    if (dataAbs === undefined || dataPath === undefined) return undefined;
    return this.worker.analyze(doc.uri, e.version, e.text, dataAbs, dataPath, na, table).then((o) => {
      if (o.ok)
        this.rows.set(doc.uri, {
          gen: o.result.dataGen,
          used: o.result.usedColumns.join('\0'),
          count: o.result.rowsUsedCount,
        });
      return o;
    });
  }

  /**
   * Fits the document in a thread of its own, with the data file as it is on disk now (the data worker reads it again
   * if it changed). Rejects with FitStopped when `signal` cancels it or a newer fit of the document replaces it.
   */
  async fit(doc: TextDocument, modelPath: string, control: FitControl = {}): Promise<FitResponse> {
    const a = await this.runTask(doc, modelPath, { kind: 'fit' }, control);
    return a.response as FitResponse;
  }

  /**
   * Runs a task (a fit, a fit that reports its used rows, a check by simulation) in a thread of its own, under the same
   * data access rules as a fit. A check is keyed apart from the document's fits, so neither replaces the other.
   */
  async runTask(doc: TextDocument, modelPath: string, task: FitTask, control: FitControl = {}): Promise<FitAnswer> {
    const { e, dataAbs, dataPath, na, table } = this.link(doc);
    const answer = (response: Extract<FitResponse, { ok: false }>): FitAnswer =>
      task.kind === 'check' ? { kind: 'check', response } : { kind: 'fit', response };
    if (!this.access.trusted)
      return answer({ ok: false, diagnostics: [], message: `The model was not fitted: ${RESTRICTED_MESSAGE}.` });
    // Without a loadable data file the fit stops at its first check: no need for a thread.
    if (dataAbs === undefined || dataPath === undefined) {
      const r = runFit(this.quick(doc), modelPath, {}, { defaults: control.defaults });
      return r.ok ? { kind: 'fit', response: r } : answer(r);
    }
    // Data over the memory budget (setting mle.data.memoryBudget): not loaded for the fit; a logistic regression runs
    // inside DuckDB, another model is refused (node/over-budget-fit.ts). Not for a comparison's fits (`identity`: they
    // report their rows), which load the data as `mle compare` does.
    const ticket = this.fits.begin(task.kind === 'check' ? `check:${doc.uri}` : doc.uri, control.signal);
    if (task.kind === 'fit' && !task.identity) {
      // Its progress is one report per pass; a cancel or a newer fit answers at once and interrupts DuckDB's query.
      const sized = editorOverBudgetFit(e.text, dataAbs, dataPath, modelPath, { na, table }, control.defaults, {
        onProgress: control.onProgress,
        stop: ticket.whenStopped,
      });
      const over = await Promise.race([sized, ticket.whenStopped]);
      if (over) {
        this.fits.end(ticket);
        return over.ok ? { kind: 'fit', response: over } : answer(over);
      }
    }
    // A cancel (or a newer fit) while the data loads answers at once; the load itself finishes for the cache.
    const data = await Promise.race([this.worker.load({ dataAbs, na, table, text: e.text }), ticket.whenStopped]);
    if (!data) {
      this.fits.end(ticket);
      return answer({
        ok: false,
        diagnostics: [],
        message: 'The data worker failed to load the data file; the language server log has the details.',
      });
    }
    const init = { text: e.text, data, dataPath, modelPath, task, defaults: control.defaults };
    return this.fits.run(ticket, init, control.onProgress ?? (() => undefined));
  }

  /** A window of the document's data file, read by the data worker under the access rules; a string says why not. */
  async dataRows(doc: TextDocument, start: number, count: number): Promise<DataRowsResponse | string> {
    const { e, dataAbs, dataPath, na, table, refused } = this.link(doc);
    if (dataPath === undefined) return 'the model links no data file (no `data "…"` statement)';
    if (dataAbs === undefined) return `the data file "${dataPath}" was not read: ${refused ?? 'it is not allowed'}`;
    const r = await this.worker.rows({ text: e.text, dataAbs, dataPath, na, table, start, count });
    if (!r) return 'the data worker failed; the language server log has the details';
    return r.window ?? `the data file "${dataPath}" cannot be read: ${r.error}`;
  }

  /** The absolute data path a document links, if any. */
  dataPathOf(doc: TextDocument): string | undefined {
    return this.link(doc).dataAbs;
  }

  /** The data files (.csv/.tsv/.parquet/.duckdb) in the model's folder, for completion inside `data "…"`. */
  dataFiles(doc: TextDocument): string[] {
    const modelPath = fsPathOf(doc.uri);
    if (!modelPath) return [];
    try {
      return readdirSync(dirname(modelPath), { withFileTypes: true })
        .filter((f) => f.isFile() && isDataExtension(f.name))
        .map((f) => f.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** A data file changed on disk: the worker reads it again; its old summaries serve completion until then. */
  invalidate(absPath: string): void {
    this.workerInstance?.invalidate(absPath);
  }

  /** Each open document's parsed chunks: an edit re-parses only the statements it touched (1 MB models). */
  private readonly parseCaches = new Map<string, ParseCache>();
  private parseCacheOf(uri: string): ParseCache {
    let c = this.parseCaches.get(uri);
    if (!c) this.parseCaches.set(uri, (c = new ParseCache()));
    return c;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.parseCaches.delete(uri);
    this.rows.delete(uri);
    this.workerInstance?.drop(uri);
  }

  /**
   * Before the worker has loaded a file, a small one (≤ SMALL_DATA_BYTES, a few milliseconds to parse) is read here once,
   * so completion and hover know its columns from the first request; a large one waits for the worker.
   */
  private loadSmall(abs: string, na: readonly string[] | undefined): DataVersion | undefined {
    if (this.triedSmall.has(abs)) return undefined;
    this.triedSmall.add(abs);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return undefined;
    }
    // Parquet and databases are read by DuckDB, asynchronously: only the worker reads them.
    if (!st.isFile() || st.size > SMALL_DATA_BYTES || dataKind(abs) !== 'csv') return undefined;
    const load = loadData(abs, abs, na ? { na } : {});
    invalidateData(abs);
    // Generation 0: no worker analysis matches it (so no used-row count) until the worker's own version replaces it.
    const v: DataVersion = {
      dataAbs: abs,
      gen: 0,
      mtimeMs: st.mtimeMs,
      size: st.size,
      ...(load.ok ? { table: load.table } : { error: load.error }),
    };
    this.data.set(abs, v);
    return v;
  }

  /** Stops the fits and the data worker (server shutdown, tests). */
  dispose(): void {
    this.fits.dispose();
    this.workerInstance?.dispose();
    this.workerInstance = undefined;
  }

  private get worker(): DataWorker {
    // Started on first use: a cache that never meets a data file never starts a thread.
    return (this.workerInstance ??= new DataWorker(
      (m) => console.error(m),
      (v) => this.data.set(v.dataAbs, v),
    ));
  }
}
