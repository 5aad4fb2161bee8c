// Per-document analysis cache keyed by version and loaded data, plus the model's place on disk (its folder holds the data).

import { readdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, linkedDataPath } from '../language/analyze.ts';
import type { Analysis, DataLoad } from '../language/analysis-types.ts';
import { LineIndex } from '../language/positions.ts';
import { loadData, resolveDataPath } from '../node/data-source.ts';

interface Entry {
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  /** The `data "…"` path as written, and resolved (undefined when there is none or it cannot be resolved). */
  readonly dataPath?: string;
  readonly dataAbs?: string;
  quick?: Analysis;
  full?: { readonly key: unknown; readonly analysis: Analysis };
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

/** A data load's identity: the cached table object, or the error text (a failed load is a new object every time). */
const dataKey = (d: DataLoad | undefined): unknown => (d === undefined ? undefined : d.ok ? d.table : `error:${d.error}`);

/** One analysis per document version; the with-data analysis is redone only when the loaded table changes. */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** Data files read since their last change notice: loading them again is only a stat. */
  private readonly warm = new Set<string>();

  private entry(doc: TextDocument): Entry {
    const old = this.entries.get(doc.uri);
    if (old && old.version === doc.version) return old;
    const text = doc.getText();
    const dataPath = linkedDataPath(text);
    const modelPath = fsPathOf(doc.uri);
    let dataAbs: string | undefined;
    if (dataPath !== undefined && /\.(csv|tsv)$/i.test(dataPath)) {
      if (modelPath) dataAbs = resolveDataPath(modelPath, dataPath);
      else if (isAbsolute(dataPath)) dataAbs = dataPath;
    }
    const e: Entry = { version: doc.version, text, lines: new LineIndex(text), dataPath, dataAbs };
    this.entries.set(doc.uri, e);
    return e;
  }

  lines(doc: TextDocument): LineIndex {
    return this.entry(doc).lines;
  }

  /** Syntax and semantic checks only: no file is read. */
  quick(doc: TextDocument): Analysis {
    const e = this.entry(doc);
    return (e.quick ??= analyze(e.text));
  }

  /** The full analysis with the linked data loaded (from the mtime-keyed cache when unchanged). */
  full(doc: TextDocument): Analysis {
    const e = this.entry(doc);
    let data: DataLoad | undefined;
    if (e.dataAbs !== undefined && e.dataPath !== undefined) {
      data = loadData(e.dataAbs, e.dataPath);
      this.warm.add(e.dataAbs);
    }
    const key = dataKey(data);
    if (e.full && e.full.key === key) return e.full.analysis;
    const analysis = data === undefined && e.quick ? e.quick : analyze(e.text, data);
    e.full = { key, analysis };
    return analysis;
  }

  /** True when the full analysis would first read a data file (so the quick one should be shown meanwhile). */
  needsLoad(doc: TextDocument): boolean {
    const e = this.entry(doc);
    return e.dataAbs !== undefined && !this.warm.has(e.dataAbs);
  }

  /** The absolute data path a document links, if any. */
  dataPathOf(doc: TextDocument): string | undefined {
    return this.entry(doc).dataAbs;
  }

  /** The .csv/.tsv files in the model's folder, for completion inside `data "…"`. */
  dataFiles(doc: TextDocument): string[] {
    const modelPath = fsPathOf(doc.uri);
    if (!modelPath) return [];
    try {
      return readdirSync(dirname(modelPath), { withFileTypes: true })
        .filter((f) => f.isFile() && /\.(csv|tsv)$/i.test(f.name))
        .map((f) => f.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** A data file changed on disk: the next load must read it again. */
  invalidate(absPath: string): void {
    this.warm.delete(absPath);
  }

  drop(uri: string): void {
    this.entries.delete(uri);
  }
}
