// Converts the language's plain results (offset spans) to LSP types (line/character ranges): positions change once, here at the edge.

import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type Hover,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../language/diagnostics.ts';
import type { LineIndex } from '../language/positions.ts';
import type { CompletionEntry, CompletionKind } from '../features/completion.ts';
import type { HoverResult } from '../features/hover.ts';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** Our diagnostic as LSP's: source "mle", code = our stable code, `data` kept for quick fixes. */
export function toLspDiagnostic(d: Diagnostic, lines: LineIndex): LspDiagnostic {
  const out: LspDiagnostic = {
    range: lines.range(d.span),
    severity: SEVERITY[d.severity],
    source: 'mle',
    code: d.code,
    message: d.message,
  };
  // Editors fade unused code; an unused parameter is exactly that.
  if (d.code === 'unused-parameter') out.tags = [DiagnosticTag.Unnecessary];
  if (d.data) out.data = d.data;
  return out;
}

const KIND: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  keyword: CompletionItemKind.Keyword,
  distribution: CompletionItemKind.Class,
  function: CompletionItemKind.Function,
  parameter: CompletionItemKind.Variable,
  let: CompletionItemKind.Variable,
  column: CompletionItemKind.Field,
  constant: CompletionItemKind.Constant,
  option: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  file: CompletionItemKind.File,
  argument: CompletionItemKind.Field,
  snippet: CompletionItemKind.Snippet,
};

/** `Normal(${1:mu}, ${2:sigma})` -> `Normal(mu, sigma)` for clients without snippet support; a choice gives its first option. */
const plainSnippet = (s: string): string =>
  s
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|((?:\\.|[^,|])*)[^}]*\}/g, (_m, first: string) => first.replace(/\\(.)/g, '$1'))
    .replace(/\$\d+/g, '');

/** Completion entries as LSP items; each carries a text edit for the partly typed word it replaces. */
export function toCompletionItems(
  entries: readonly CompletionEntry[],
  lines: LineIndex,
  snippetSupport: boolean,
): CompletionItem[] {
  return entries.map((e) => {
    const snippet = !!e.snippet && snippetSupport;
    const text = e.insertText ?? e.label;
    const item: CompletionItem = {
      label: e.label,
      kind: KIND[e.kind],
      sortText: `${String(e.sortGroup).padStart(2, '0')}_${e.label}`,
      textEdit: { range: lines.range(e.replace), newText: e.snippet && !snippet ? plainSnippet(text) : text },
    };
    if (snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
    if (e.filterText) item.filterText = e.filterText;
    return item;
  });
}

export function toHover(h: HoverResult | undefined, lines: LineIndex): Hover | undefined {
  return h && { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lines.range(h.span) };
}
