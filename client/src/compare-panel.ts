// Owns the single Compare Models panel: comparison, fit history and check by simulation, each a section; strict CSP.
import * as vscode from 'vscode';
import { webviewPage } from './webview-page.ts';
import {
  sectionOf,
  type CompareSection,
  type FromCompareView,
  type ToCompareView,
} from '../webview/compare-messages.ts';

export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The latest message per section, re-sent when the webview (re)loads: hidden webviews are rebuilt on show. */
  private readonly sections = new Map<CompareSection, ToCompareView>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Shows `message` in its section, opening the panel beside the editor if needed. */
  show(message: ToCompareView): void {
    this.sections.set(sectionOf(message), message);
    const panel = this.panel ?? this.create();
    if (!panel.visible) panel.reveal(vscode.ViewColumn.Beside, true);
    void panel.webview.postMessage(message);
  }

  /** What each section shows now (extension-host tests read it instead of scraping the webview). */
  get shown(): ReadonlyMap<CompareSection, ToCompareView> {
    return this.sections;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private create(): vscode.WebviewPanel {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      'mle.compare',
      'MLE: Compare Models',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist] },
    );
    panel.webview.html = this.html(panel.webview, dist);
    panel.webview.onDidReceiveMessage((m: FromCompareView) => {
      if (m.type === 'ready') for (const s of this.sections.values()) void panel.webview.postMessage(s);
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.sections.clear();
    });
    this.panel = panel;
    return panel;
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    return webviewPage(webview, dist, {
      bundle: 'compare',
      title: 'MLE: Compare Models',
      placeholder: '<p id="waiting">Waiting…</p>',
    });
  }
}
