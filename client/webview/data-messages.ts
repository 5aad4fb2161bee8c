// Messages between the extension host (data-panel.ts) and the data viewer webview (data-viewer.ts); types only.
import type { DataRowsResponse } from '../../server/src/protocol.ts';

/** Extension → webview. */
export type ToDataViewer =
  /** Which model's data to show; `session` changes with every model (answers for an older one are ignored). */
  | { readonly type: 'model'; readonly file: string; readonly session: number }
  /** The answer to a `rows` request. */
  | { readonly type: 'rows'; readonly session: number; readonly start: number; readonly window: DataRowsResponse }
  /** The data file of `session` changed on disk (the host's file watcher): read the rows in view again. */
  | { readonly type: 'changed'; readonly session: number }
  /** The server refused or failed: the message says why (no rows are shown). */
  | { readonly type: 'error'; readonly session: number; readonly message: string };

/** Webview → extension. */
export type FromDataViewer =
  /** The script has loaded: send the model. */
  | { readonly type: 'ready' }
  /** Rows [start, start + count) of the model of `session`. */
  | { readonly type: 'rows'; readonly session: number; readonly start: number; readonly count: number };
