// The result of analysing one document version: tree, symbols, references, data and diagnostics (side tables, not in the tree).

import type { DataStmt, Ident, ModelFile, ParamStmt, Span, Statement } from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { Column, DataTable } from '../data/table.ts';
import type { IToken } from 'chevrotain';
import type { VectorParam } from './vectors.ts';

export type SymbolKind = 'param' | 'let' | 'derive' | 'column';

export interface SymbolInfo {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The declaring identifier (absent for columns, which are declared by the CSV header). */
  readonly decl?: Ident;
  readonly stmt?: Statement;
  /** Declaration order among parameters. */
  readonly paramIndex?: number;
  readonly column?: Column;
}

/**
 * One engine parameter: a scalar `param`, or one free element of a vector parameter (`b[B]`; for a simplex, the
 * log-ratio `log(w[k]/w[1])` of element k). `ident.name` is the parameter's name in results; its span is the
 * declaration's.
 */
export interface ParamEntry {
  readonly ident: Ident;
  readonly stmt: ParamStmt;
  readonly element?: { readonly base: string; readonly levels: readonly string[]; readonly simplex?: boolean };
}

/** One occurrence of a name in an expression or a declaration. */
export interface NameOccurrence {
  readonly name: string;
  readonly span: Span;
  readonly isDeclaration: boolean;
  readonly symbol?: SymbolInfo;
  /** Index in file.statements of the statement containing it. */
  readonly statement: number;
}

/** The data linked by `data "..."`, as loaded by the edge (CLI or server): the language never reads files. */
/** Which version of a data file a table came from. */
export interface DataStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export type DataLoad =
  | {
      readonly ok: true;
      readonly path: string;
      readonly table: DataTable;
      /** The file as read (absolute path, size, mtime), set by the edge that read it; a fit reports it (FitJson.source). */
      readonly stamp?: DataStamp;
      /**
       * Set when `table` holds only the first rows of a file of this many rows: the in-memory fit of the whole file
       * would exceed the memory budget, so the model is checked on a sample (checks/sampled-data.ts).
       */
      readonly sampledFrom?: number;
    }
  | { readonly ok: false; readonly path: string; readonly error: string };

export interface Analysis {
  readonly text: string;
  readonly file: ModelFile;
  readonly tokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  readonly occurrences: readonly NameOccurrence[];
  readonly params: readonly ParamEntry[];
  /** Vector parameters by name (absent in analyses built before v2 features). */
  readonly vectors?: ReadonlyMap<string, VectorParam>;
  readonly dataStmt?: DataStmt;
  readonly data?: DataLoad;
  /** Columns the likelihood uses, and rows kept after dropping missing values (when data loaded). */
  readonly usedColumns: readonly string[];
  readonly rowsUsed?: Uint8Array;
  readonly rowsUsedCount?: number;
}
