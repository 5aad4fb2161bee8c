// Messages exchanged between the extension host (results-panel.ts) and the results webview (main.ts); types only.
import type { FitJson, JsonDiagnostic } from '../../server/src/protocol.ts';
import type { PositionRange } from '../../server/src/protocol.ts';

/** Extension → webview. The panel re-sends the last one whenever the webview (re)loads and says `ready`. */
export type ToWebview =
  /** A fit is under way: the old results stay visible but are marked stale. */
  | { readonly type: 'running'; readonly file: string }
  /** A finished fit, possibly with warnings. */
  | {
      readonly type: 'fit';
      readonly file: string;
      readonly result: FitJson;
      /** Significant digits for the numbers shown (setting `mle.results.digits`). */
      readonly digits?: number;
    }
  /** The model has errors, so no fit was produced. */
  | {
      readonly type: 'errors';
      readonly file: string;
      readonly message: string;
      readonly diagnostics: readonly JsonDiagnostic[];
    };

/** Extension → webview, above the results: they are out of date (the model or its data changed), or a fit was cancelled. */
export interface BannerMessage {
  readonly type: 'banner';
  readonly file: string;
  readonly state: 'stale-model' | 'stale-data' | 'cancelled' | 'none';
}

/** Webview → extension. */
export type FromWebview =
  /** The script has loaded and its listener is installed. */
  | { readonly type: 'ready' }
  /** The user clicked a diagnostic: reveal its range in the model file. */
  | { readonly type: 'reveal'; readonly range: PositionRange }
  /** The user pressed "Fit again". */
  | { readonly type: 'refit' }
  /** Export a plot (SVG text, PNG data: URL) or a table (text): copy to the clipboard or save next to the model. */
  | {
      readonly type: 'export';
      readonly format: 'svg' | 'png' | 'csv' | 'markdown' | 'latex';
      readonly action: 'copy' | 'save';
      /** A file-name stem, e.g. "parameters" or "qq-y-Poisson-exp-a-b-x". */
      readonly name: string;
      readonly data: string;
    };
