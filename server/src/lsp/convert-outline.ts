// Converts signature help, the outline, folding ranges and semantic tokens to LSP types, and declares the tokens' legend.

import {
  FoldingRangeKind,
  MarkupKind,
  SymbolKind,
  type DocumentSymbol,
  type FoldingRange,
  type SemanticTokens,
  type SemanticTokensLegend,
  type SignatureHelp,
} from 'vscode-languageserver/node';
import type { LineIndex } from '../language/positions.ts';
import type { OutlineKind, OutlineSymbol } from '../features/document-symbols.ts';
import type { FoldRange } from '../features/folding.ts';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken } from '../features/semantic-tokens.ts';
import type { SignatureHelpResult } from '../features/signature-help.ts';

export function toSignatureHelp(s: SignatureHelpResult | undefined): SignatureHelp | undefined {
  if (!s) return undefined;
  return {
    signatures: [
      {
        label: s.label,
        documentation: { kind: MarkupKind.Markdown, value: s.documentation },
        parameters: s.parameters.map((p) => ({ label: [p.label[0], p.label[1]], documentation: p.documentation })),
        activeParameter: s.activeParameter,
      },
    ],
    activeSignature: 0,
    activeParameter: s.activeParameter,
  };
}

const SYMBOL_KIND: Readonly<Record<OutlineKind, SymbolKind>> = {
  data: SymbolKind.File,
  parameter: SymbolKind.TypeParameter,
  let: SymbolKind.Variable,
  likelihood: SymbolKind.Event,
  prior: SymbolKind.Event,
  derive: SymbolKind.Constant,
  fit: SymbolKind.Namespace,
  option: SymbolKind.Property,
  argument: SymbolKind.Field,
  distribution: SymbolKind.Class,
};

export function toDocumentSymbols(symbols: readonly OutlineSymbol[], lines: LineIndex): DocumentSymbol[] {
  return symbols.map((s) => {
    const out: DocumentSymbol = {
      name: s.name,
      kind: SYMBOL_KIND[s.kind],
      range: lines.range(s.span),
      selectionRange: lines.range(s.selection),
      children: toDocumentSymbols(s.children, lines),
    };
    if (s.detail) out.detail = s.detail;
    return out;
  });
}

export function toFoldingRanges(ranges: readonly FoldRange[]): FoldingRange[] {
  return ranges.map((r) => ({
    startLine: r.startLine,
    endLine: r.endLine,
    kind: r.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region,
  }));
}

/** The legend announced in the server's capabilities; the indices in the encoded tokens refer to it. */
export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

/** LSP's relative encoding: five integers per token (line delta, start delta, length, type, modifier bits). */
export function toSemanticTokens(tokens: readonly SemanticToken[], lines: LineIndex, text: string): SemanticTokens {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const start = lines.position(t.span.start);
    // A token never crosses a line; a comment's `\r` (CRLF files) is not part of it.
    let end = t.span.end;
    while (end > t.span.start && (text[end - 1] === '\r' || text[end - 1] === '\n')) end--;
    const endPos = lines.position(end);
    const length = endPos.line === start.line ? endPos.character - start.character : 0;
    if (length <= 0) continue;
    const bits = t.modifiers.reduce((b, m) => b | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
    data.push(
      start.line - line,
      start.line === line ? start.character - char : start.character,
      length,
      TOKEN_TYPES.indexOf(t.type),
      bits,
    );
    line = start.line;
    char = start.character;
  }
  return { data };
}
