// The inputs every check receives, and the shape of a check: a pure function returning diagnostics.

import type { ModelFile } from '../ast.ts';
import type { DataLoad } from '../analysis-types.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { Facts } from '../facts.ts';
import type { Scope } from '../scope.ts';

export interface CheckContext {
  readonly text: string;
  readonly file: ModelFile;
  readonly scope: Scope;
  readonly facts: Facts;
  /** Present once the linked data have been loaded (or failed to load). */
  readonly data?: DataLoad;
  /** Names inside statements that failed to parse (a syntax error is already reported there). */
  readonly brokenNames: ReadonlySet<string>;
  /** The file has syntax errors: "missing X" checks stay quiet, X may be in the broken part. */
  readonly syntaxErrors: boolean;
  /** Rows kept after dropping missing values in used columns (when data loaded). */
  readonly rows?: { readonly mask: Uint8Array; readonly count: number };
}

export type Check = (ctx: CheckContext) => Diagnostic[];

/** Formats a 1-based data row with its line in the file (the header is line 1). */
export const rowRef = (row: number): string => `row ${row} (line ${row + 1} of the file)`;
