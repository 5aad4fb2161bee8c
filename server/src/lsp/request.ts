// The one request wrapper every feature goes through: document lookup, cancellation, analysis, and errors logged instead of crashing.

import type {
  CancellationToken,
  Connection,
  TextDocumentPositionParams,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../language/analysis-types.ts';
import type { LineIndex } from '../language/positions.ts';
import type { AnalysisCache } from './analyses.ts';

/** What the server's parts share; `client` is filled from the initialize request. */
export interface Services {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: AnalysisCache;
  readonly client: {
    snippetSupport: boolean;
    dynamicWatchers: boolean;
    semanticRefresh?: boolean;
    workspaceFolders?: boolean;
  };
}

/** Everything a feature may need at a cursor: the analysis (text checks + column summaries), the offset, and the I/O it must not do itself. */
export interface RequestContext {
  readonly doc: TextDocument;
  readonly analysis: Analysis;
  readonly offset: number;
  readonly lines: LineIndex;
  readonly listDataFiles: () => readonly string[];
}

/** Runs `fn`; on an exception logs it with the request's name and returns `fallback(message)`: one bad request never stops the server. */
export function guard<R>(svc: Services, name: string, fn: () => R, fallback: (message: string) => R): R {
  try {
    return fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    svc.connection.console.error(`mle: ${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    return fallback(message);
  }
}

/** Wraps a position feature (completion, hover, …) as an LSP handler; null when the document is unknown or the request cancelled. */
export function handler<R>(svc: Services, name: string, run: (ctx: RequestContext) => R | undefined) {
  return (params: TextDocumentPositionParams, token?: CancellationToken): R | null =>
    guard(
      svc,
      name,
      () => {
        const doc = svc.documents.get(params.textDocument.uri);
        if (!doc || token?.isCancellationRequested) return null;
        const lines = svc.analyses.lines(doc);
        const ctx: RequestContext = {
          doc,
          lines,
          analysis: svc.analyses.editor(doc),
          offset: lines.offset(params.position),
          listDataFiles: () => svc.analyses.dataFiles(doc),
        };
        return run(ctx) ?? null;
      },
      () => null,
    );
}
