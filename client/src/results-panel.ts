// Owns the single results WebviewPanel: creates or reuses it beside the editor, writes its locked-down HTML, relays messages.
import * as vscode from 'vscode';
import { webviewPage } from './webview-page.ts';
import type { FitJson, JsonDiagnostic } from '../../server/src/protocol.ts';
import type { PositionRange } from '../../server/src/protocol.ts';
import type { BannerMessage, FromWebview, ToWebview } from '../webview/messages.ts';
import { exportFromPanel } from './save-results.ts';

/** One panel for all fits: a second fit replaces the first rather than stacking tabs. */
export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The last outcome, re-sent whenever the webview (re)loads: hidden webviews are discarded and rebuilt on show. */
  private last: ToWebview | undefined;
  private uri: vscode.Uri | undefined;
  /** The stale / cancelled banner over `last`, re-sent after it on reload; cleared by any new outcome. */
  private banner: BannerMessage | undefined;
  /** The model of `last` (a fit under way of another model changes `uri` only). */
  private lastUri: vscode.Uri | undefined;

  /** `onOutcome` hears every fit shown (result) and every fit started or failed (undefined), e.g. for the Problems panel. */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onOutcome: (uri: vscode.Uri, result: FitJson | undefined) => void = () => undefined,
  ) {}

  /** The last fit on show (for MLE: Save Results), with its model. */
  get lastFit(): { uri: vscode.Uri; result: FitJson } | undefined {
    // The model of the fit on show: `uri` already names a fit under way of another model.
    const uri = this.lastUri ?? this.uri;
    return uri && this.last?.type === 'fit' ? { uri, result: this.last.result } : undefined;
  }

  /** The model whose results are on show, if the panel is open. */
  get modelUri(): vscode.Uri | undefined {
    return this.uri;
  }

  /** Marks the shown results as stale while a fit runs; does not open the panel. */
  showRunning(uri: vscode.Uri, file: string): void {
    this.onOutcome(uri, undefined);
    if (!this.panel) return;
    this.uri = uri;
    this.banner = undefined;
    void this.panel.webview.postMessage({ type: 'running', file } satisfies ToWebview);
  }

  /** The fit was cancelled: the previous results come back, under a "cancelled" banner (not "Fitting…" forever). */
  showCancelled(file: string): void {
    // The results on show are the last outcome's, so "Fit again" and freshness refer to its model again.
    if (this.lastUri) this.uri = this.lastUri;
    this.restore();
    this.setBanner({ type: 'banner', file, state: 'cancelled' });
  }

  /** The server says whether the fit of `uri` still matches the model text and data (mle/fitFreshness). */
  setFreshness(uri: string, stale: boolean, reason: 'model' | 'data' | undefined, file: string): void {
    if (this.lastUri?.toString() !== uri || this.last?.type !== 'fit') return;
    this.setBanner(
      stale ? { type: 'banner', file, state: reason === 'data' ? 'stale-data' : 'stale-model' } : undefined,
      file,
    );
  }

  /** Shows the last outcome again (after a cancelled fit left the panel marked as running). */
  restore(): void {
    if (this.uri && this.last?.type === 'fit') this.onOutcome(this.uri, this.last.result);
    if (this.panel && this.last) void this.panel.webview.postMessage(this.last);
  }

  showFit(uri: vscode.Uri, file: string, result: FitJson): void {
    this.onOutcome(uri, result);
    const digits = vscode.workspace.getConfiguration('mle').get<number>('results.digits');
    this.show(uri, { type: 'fit', file, result, digits });
  }

  showErrors(uri: vscode.Uri, file: string, message: string, diagnostics: readonly JsonDiagnostic[]): void {
    this.onOutcome(uri, undefined);
    this.show(uri, { type: 'errors', file, message, diagnostics });
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private setBanner(banner: BannerMessage | undefined, file = banner?.file ?? ''): void {
    this.banner = banner;
    void this.panel?.webview.postMessage(banner ?? ({ type: 'banner', file, state: 'none' } satisfies BannerMessage));
  }

  private show(uri: vscode.Uri, message: ToWebview): void {
    this.uri = uri;
    this.last = message;
    this.lastUri = uri;
    this.banner = undefined;
    const panel = this.panel ?? this.create();
    panel.title = `Fit: ${uri.path.split('/').pop()}`;
    if (!panel.visible) panel.reveal(vscode.ViewColumn.Beside, true);
    // Posted now for an already-loaded webview; a loading one gets `last` when it says `ready`. Rendering is idempotent.
    void panel.webview.postMessage(message);
  }

  private create(): vscode.WebviewPanel {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      'mle.results',
      'Fit results',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [dist],
      },
    );
    panel.webview.html = this.html(panel.webview, dist);
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.last = undefined;
      this.uri = undefined;
      this.lastUri = undefined;
      this.banner = undefined;
    });
    this.panel = panel;
    return panel;
  }

  private onMessage(message: FromWebview): void {
    if (message.type === 'ready') {
      if (this.last) void this.panel?.webview.postMessage(this.last);
      if (this.banner) void this.panel?.webview.postMessage(this.banner);
    } else if (message.type === 'refit') {
      if (this.uri) void vscode.commands.executeCommand('mle.fitModel', this.uri);
    } else if (message.type === 'export') {
      void exportFromPanel(message, this.uri);
    } else if (message.type === 'reveal' && this.uri) {
      void this.reveal(this.uri, message.range);
    }
  }

  /** Shows a diagnostic's range in the model, in the editor column where the model already is if it is visible. */
  private async reveal(uri: vscode.Uri, r: PositionRange): Promise<void> {
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    await vscode.window.showTextDocument(uri, {
      selection: range,
      viewColumn: open?.viewColumn ?? vscode.ViewColumn.One,
    });
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    return webviewPage(webview, dist, {
      bundle: 'webview',
      title: 'MLE fit results',
      placeholder: '<p id="status" data-state="waiting">Waiting for a fit…</p>',
      // img-src blob: only so that a plot's own SVG (a blob URL made by the page) can be drawn into a canvas for PNG export.
      extraCsp: 'img-src blob:',
    });
  }
}
