// Converts quick fixes, code lenses and inlay hints to LSP types, and the editor's diagnostics back to ours for the fixes.

import {
  CodeActionKind,
  DiagnosticSeverity,
  InlayHintKind,
  MarkupKind,
  type CodeAction,
  type CodeLens,
  type Diagnostic as LspDiagnostic,
  type InlayHint,
} from 'vscode-languageserver/node';
import type { Code, Diagnostic, Severity } from '../language/diagnostics.ts';
import type { LineIndex } from '../language/positions.ts';
import type { QuickFix } from '../features/code-actions.ts';
import type { FitLens } from '../features/code-lens.ts';
import type { EstimateHint } from '../features/inlay-hints.ts';
import { toTextEdits } from './convert-navigation.ts';
import type { RequestContext } from './request.ts';

/** Our diagnostics made from the editor's, remembered so that a fix can name the very object the editor sent. */
const original = new WeakMap<Diagnostic, LspDiagnostic>();

const SEVERITY: Readonly<Record<number, Severity>> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'info',
};

/** The editor's diagnostics from this server (source "mle"), as the language's records with offset spans. */
export function fromLspDiagnostics(ds: readonly LspDiagnostic[], lines: LineIndex): Diagnostic[] {
  return ds
    .filter((d) => d.source === 'mle' && typeof d.code === 'string')
    .map((d) => {
      const ours: Diagnostic = {
        severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
        code: d.code as Code,
        message: d.message,
        span: { start: lines.offset(d.range.start), end: lines.offset(d.range.end) },
        ...(d.data && typeof d.data === 'object' ? { data: d.data as Record<string, unknown> } : {}),
      };
      original.set(ours, d);
      return ours;
    });
}

export function toCodeActions(fixes: readonly QuickFix[], c: RequestContext): CodeAction[] {
  return fixes.map((f) => {
    const action: CodeAction = {
      title: f.title,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [c.doc.uri]: toTextEdits(f.edits, c) } },
    };
    const d = original.get(f.diagnostic);
    if (d) action.diagnostics = [d];
    if (f.preferred) action.isPreferred = true;
    return action;
  });
}

/** The lens runs the client's `mle.fitModel` command with the document's URI (a string; the client turns it into a Uri). */
export function toCodeLenses(lenses: readonly FitLens[], c: RequestContext): CodeLens[] {
  return lenses.map((l) => ({
    range: c.lines.range(l.span),
    command: { title: l.title, command: 'mle.fitModel', arguments: [c.doc.uri] },
  }));
}

export function toInlayHints(hints: readonly EstimateHint[], lines: LineIndex): InlayHint[] {
  return hints.map((h) => ({
    position: lines.position(h.offset),
    label: h.label,
    kind: InlayHintKind.Type,
    paddingLeft: true,
    tooltip: { kind: MarkupKind.Markdown, value: h.tooltip },
  }));
}
