// Writes results out: a plot or table exported from the panel (clipboard or file), and "MLE: Save Results" (JSON,
// HTML report, CSV of the estimates next to the model).
import * as vscode from 'vscode';
import type { FromWebview } from '../webview/messages.ts';
import { estimateRows, toCsv } from '../webview/table-export.ts';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ReportRequest, ReportRequestParams, ReportResponse } from '../../server/src/protocol.ts';
import type { ResultsPanel } from './results-panel.ts';

type Export = Extract<FromWebview, { type: 'export' }>;

const EXTENSION: Record<Export['format'], string> = {
  svg: 'svg',
  png: 'png',
  csv: 'csv',
  markdown: 'md',
  latex: 'tex',
};
const PNG_PREFIX = 'data:image/png;base64,';

/** `model.mle` → `model`, in the model's folder. */
function stem(model: vscode.Uri): { dir: vscode.Uri; name: string } {
  const base = model.path.split('/').pop() ?? 'model';
  return { dir: vscode.Uri.joinPath(model, '..'), name: base.replace(/\.mle$/i, '') };
}

/** Copies a table's text or an SVG, or asks where to save the file (next to the model by default). */
export async function exportFromPanel(m: Export, model: vscode.Uri | undefined): Promise<void> {
  if (m.action === 'copy') {
    if (m.format === 'png') return void vscode.window.showInformationMessage('A PNG can be saved, not copied as text.');
    await vscode.env.clipboard.writeText(m.data);
    vscode.window.setStatusBarMessage(`MLE: copied ${m.name} as ${m.format.toUpperCase()}`, 3000);
    return;
  }
  let bytes: Uint8Array;
  if (m.format === 'png') {
    // Only what the panel's canvas produces is accepted: a base64 PNG data URL.
    if (!m.data.startsWith(PNG_PREFIX)) return;
    bytes = Buffer.from(m.data.slice(PNG_PREFIX.length), 'base64');
  } else bytes = Buffer.from(m.data, 'utf8');
  const safe = m.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80) || 'export';
  const where = model && model.scheme === 'file' ? stem(model) : undefined;
  const defaultUri = where ? vscode.Uri.joinPath(where.dir, `${where.name}-${safe}.${EXTENSION[m.format]}`) : undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: { [m.format.toUpperCase()]: [EXTENSION[m.format]] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  vscode.window.setStatusBarMessage(`MLE: saved ${vscode.workspace.asRelativePath(target)}`, 3000);
}

/** Registers `mle.saveResults`: `<model>.fit.json`, `<model>.fit.html` and `<model>.estimates.csv` beside the model. */
// Typed against the protocol's constant, so a rename there fails the type check here.
const REPORT_METHOD: typeof ReportRequest = 'mle/report';

export function registerSaveResults(client: LanguageClient, panel: ResultsPanel): vscode.Disposable {
  return vscode.commands.registerCommand('mle.saveResults', async (): Promise<vscode.Uri[] | undefined> => {
    const last = panel.lastFit;
    if (!last) {
      void vscode.window.showWarningMessage('No fit to save: run MLE: Fit Model first.');
      return undefined;
    }
    if (last.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Save the model to a file first: results are written next to it.');
      return undefined;
    }
    const { dir, name } = stem(last.uri);
    // The server renders the report as `mle fit --html` does (the client sees the server only through the protocol).
    const params: ReportRequestParams = { result: last.result };
    const { html } = await client.sendRequest<ReportResponse>(REPORT_METHOD, params);
    const files: [string, string][] = [
      [`${name}.fit.json`, `${JSON.stringify(last.result, null, 2)}\n`],
      [`${name}.estimates.csv`, toCsv(estimateRows(last.result))],
    ];
    if (html) files.push([`${name}.fit.html`, html]);
    const written: vscode.Uri[] = [];
    for (const [file, text] of files) {
      const uri = vscode.Uri.joinPath(dir, file);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      written.push(uri);
    }
    void vscode.window.showInformationMessage(
      `MLE: saved ${written.map((u) => u.path.split('/').pop()).join(', ')} next to the model.`,
    );
    // Returned so that extension-host tests can check the files.
    return written;
  });
}
