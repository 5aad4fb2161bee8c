// Entry point of the syntax layer: text in, AST plus syntax diagnostics out; never throws.

import type { IToken } from 'chevrotain';
import type { ModelFile, Comment } from './ast.ts';
import { AstBuilder } from './build-ast.ts';
import { diag, Codes, type Diagnostic } from './diagnostics.ts';
import { parserInstance } from './grammar.ts';
import { mleLexer } from './tokens.ts';

export interface ParseResult {
  readonly file: ModelFile;
  readonly diagnostics: readonly Diagnostic[];
  /** All non-comment tokens, for completion and semantic tokens. */
  readonly tokens: readonly IToken[];
}

export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = mleLexer.tokenize(text);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    const message = ch.startsWith('"')
      ? 'Unterminated string: add the closing ".'
      : ch.startsWith('`')
        ? 'Unterminated backtick name: add the closing `.'
        : `Unexpected character '${ch}'.`;
    diagnostics.push(diag('error', Codes.syntax, { start: e.offset, end: e.offset + Math.max(1, e.length) }, message));
  }
  parserInstance.input = lexed.tokens;
  const cst = parserInstance.file();
  for (const e of parserInstance.errors) {
    const t = e.token;
    let start = t.startOffset;
    let end = Number.isFinite(t.endOffset) ? (t.endOffset as number) + 1 : start;
    if (!Number.isFinite(start) || t.tokenType.name === 'EOF') {
      // At end of input: point at the last real token so the squiggle is visible.
      const prev = (e as { previousToken?: IToken }).previousToken ?? lexed.tokens[lexed.tokens.length - 1];
      start = prev && Number.isFinite(prev.endOffset) ? (prev.endOffset as number) + 1 : text.length;
      end = start;
    }
    diagnostics.push(diag('error', Codes.syntax, { start, end }, e.message));
  }
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t: IToken) => ({ text: t.image, span: { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 } }));
  const built = new AstBuilder(text.length).file(cst);
  return { file: { ...built, comments }, diagnostics, tokens: lexed.tokens };
}
