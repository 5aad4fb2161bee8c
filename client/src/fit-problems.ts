// Publishes fit-time diagnostics (FitJson.diagnostics with source "fit") in the Problems panel under "mle fit".
import * as vscode from 'vscode';
import type { FitJson, JsonDiagnostic } from '../../server/src/protocol.ts';

const SEVERITY: Record<JsonDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * The model's own checks are already published by the language server; only what the fit found is added here, on the
 * lines it names. They describe one fit of one text, so an edit or a new fit of that document clears them.
 */
export class FitProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mle fit');
  private readonly onEdit = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.contentChanges.length > 0) this.collection.delete(e.document.uri);
  });

  /** A fit finished (result) or was started / failed (undefined): replace the document's fit problems. */
  update(uri: vscode.Uri, result: FitJson | undefined): void {
    const ds = (result?.diagnostics ?? []).filter((d) => d.source === 'fit').map(toVscode);
    if (ds.length) this.collection.set(uri, ds);
    else this.collection.delete(uri);
  }

  dispose(): void {
    this.onEdit.dispose();
    this.collection.dispose();
  }
}

function toVscode(d: JsonDiagnostic): vscode.Diagnostic {
  const r = d.range;
  const out = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    d.message,
    SEVERITY[d.severity],
  );
  out.source = 'mle fit';
  out.code = d.code;
  return out;
}
