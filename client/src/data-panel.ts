// MLE: Open Data: a webview with the active model's linked data as a virtualised table; rows come from mle/dataRows.
import * as vscode from 'vscode';
import { webviewPage } from './webview-page.ts';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DataRowsParams, DataRowsRequest, DataRowsResponse } from '../../server/src/protocol.ts';
import type { FromDataViewer, ToDataViewer } from '../webview/data-messages.ts';
import { logError } from './output-channel.ts';
import { dataFileOf, debounced } from './data-file.ts';

// Typed against the protocol's constant, so a rename there fails the type check here.
const DATA_ROWS_METHOD: typeof DataRowsRequest = 'mle/dataRows';

/** One data panel: opening the data of another model replaces what it shows. */
export class DataPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  /** Grows with every model shown: the webview tags its requests with it, so late answers for the old model are dropped. */
  private session = 0;
  /** The data file on show, watched so the table is read again when it changes on disk. */
  private watched: { readonly path: string; readonly watcher: vscode.FileSystemWatcher } | undefined;
  /** Several events per save (truncate, write): the webview is told once, 300 ms after the last. */
  private readonly changed = debounced(() => this.post({ type: 'changed', session: this.session }), 300);

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
  ) {}

  /** Shows the data of the model `uri` (the panel asks for rows as the user scrolls). */
  show(uri: vscode.Uri): void {
    this.uri = uri;
    this.session++;
    const panel = this.panel ?? this.create();
    panel.title = `Data: ${uri.path.split('/').pop()}`;
    // Revealed where it is: revealing a just-created panel "Beside" again moves it to a new group, which reloads
    // its frame while the page is still loading (in code-server its script then never loads).
    if (!panel.visible) panel.reveal(undefined, false);
    this.post(this.modelMessage());
  }

  dispose(): void {
    this.unwatch();
    this.panel?.dispose();
  }

  /**
   * Watches the data file a window came from (the model's `data` path, resolved beside the model as the server
   * resolves it), replacing the watch of another file. The server reads the file again when asked for rows after
   * it changed (it compares size and modification time), so the webview only has to ask again.
   */
  private watch(uri: vscode.Uri, dataPath: string): void {
    if (uri.scheme !== 'file') return;
    const path = dataFileOf(uri.fsPath, dataPath);
    if (this.watched?.path === path) return;
    this.unwatch();
    const file = vscode.Uri.file(path);
    const dir = vscode.Uri.joinPath(file, '..');
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(dir, file.path.split('/').pop()!),
    );
    const poke = (): void => this.changed.poke();
    watcher.onDidChange(poke);
    watcher.onDidCreate(poke);
    watcher.onDidDelete(poke);
    this.watched = { path, watcher };
  }

  private unwatch(): void {
    this.changed.cancel();
    this.watched?.watcher.dispose();
    this.watched = undefined;
  }

  private modelMessage(): ToDataViewer {
    return { type: 'model', file: vscode.workspace.asRelativePath(this.uri!), session: this.session };
  }

  private post(m: ToDataViewer): void {
    void this.panel?.webview.postMessage(m);
  }

  private create(): vscode.WebviewPanel {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      'mle.data',
      'Data',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [dist] },
    );
    panel.webview.html = html(panel.webview, dist);
    panel.webview.onDidReceiveMessage((m: FromDataViewer) => this.onMessage(m));
    panel.onDidDispose(() => {
      this.unwatch();
      this.panel = undefined;
      this.uri = undefined;
    });
    this.panel = panel;
    return panel;
  }

  private onMessage(m: FromDataViewer): void {
    if (m.type === 'ready' && this.uri) this.post(this.modelMessage());
    else if (m.type === 'rows' && this.uri && m.session === this.session) void this.rows(this.uri, m);
  }

  private async rows(uri: vscode.Uri, m: Extract<FromDataViewer, { type: 'rows' }>): Promise<void> {
    const params: DataRowsParams = { uri: uri.toString(), start: m.start, count: m.count };
    try {
      const window = await this.client.sendRequest<DataRowsResponse>(DATA_ROWS_METHOD, params);
      this.post({ type: 'rows', session: m.session, start: m.start, window });
      if (m.session === this.session) this.watch(uri, window.path);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logError(`data of ${vscode.workspace.asRelativePath(uri)}: ${message}`);
      this.post({ type: 'error', session: m.session, message });
    }
  }
}

/** The page: only our own script and stylesheet (a fresh nonce per load); no other source of anything. */
function html(webview: vscode.Webview, dist: vscode.Uri): string {
  return webviewPage(webview, dist, {
    bundle: 'data-viewer',
    title: 'MLE data',
    placeholder: '<p id="status">Loading the data…</p>',
  });
}

/** `mle.openData`: the data of the model passed (explorer, editor title) or of the active .mle editor. */
export function registerOpenData(panel: DataPanel): vscode.Disposable {
  return vscode.commands.registerCommand('mle.openData', (resource?: vscode.Uri | string) => {
    const uri =
      typeof resource === 'string'
        ? vscode.Uri.parse(resource)
        : (resource ?? vscode.window.activeTextEditor?.document.uri);
    const isModel = uri && (uri.path.endsWith('.mle') || vscode.window.activeTextEditor?.document.languageId === 'mle');
    if (!uri || !isModel) {
      void vscode.window.showWarningMessage('Open a .mle model file to see its data.');
      return;
    }
    panel.show(uri);
  });
}
