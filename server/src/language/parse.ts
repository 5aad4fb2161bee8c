// Entry point of the syntax layer: text in, AST plus syntax diagnostics out; never throws.

import type { IToken } from 'chevrotain';
import type { ModelFile, Comment } from './ast.ts';
import { AstBuilder } from './build-ast.ts';
import { diag, Codes, type Diagnostic } from './diagnostics.ts';
import { parserInstance } from './grammar.ts';
import { mleLexer } from './tokens.ts';
import { statementChunks } from './chunks.ts';
import { guardDepth, guardNesting } from './complexity.ts';
import type { Statement } from './ast.ts';

export interface ParseResult {
  readonly file: ModelFile;
  readonly diagnostics: readonly Diagnostic[];
  /** All non-comment tokens, for completion and semantic tokens. */
  readonly tokens: readonly IToken[];
  /** Names written inside statements that failed to parse: checks should not call them unknown or unused. */
  readonly brokenNames: ReadonlySet<string>;
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
  const brokenNames = new Set<string>();
  // Statements nested past what the parser can recurse through never reach it (a `too-complex` error each).
  const guarded: Diagnostic[] = [];
  const tokens = guardNesting(lexed.tokens, guarded, brokenNames);
  let statements = parseTokens(tokens, text, diagnostics, { firstOnly: false, notLast: false });
  if (diagnostics.length > lexed.errors.length) {
    // Chevrotain's in-rule recovery tends to cascade (one typo, several errors). Re-parse statement by statement,
    // keeping the first error of each, so every mistake is reported once and the statements around it survive.
    diagnostics.length = lexed.errors.length;
    const chunks = statementChunks(tokens);
    const lexErrorAt = lexed.errors.map((e) => e.offset);
    let from = 0;
    statements = chunks.flatMap((c, i) => {
      const to = (c[c.length - 1].endOffset ?? text.length) + 1;
      // A chunk with a lexer error (e.g. an unterminated string) already has its diagnostic; its parse errors echo it.
      const lexError = lexErrorAt.some((o) => o >= from && o < to);
      from = to;
      return chunkStatements(c, text, diagnostics, brokenNames, i < chunks.length - 1, lexError);
    });
  }
  statements = guardDepth(statements, guarded, brokenNames);
  diagnostics.push(...guarded);
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t: IToken) => ({
    text: t.image,
    span: { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 },
  }));
  return {
    file: { statements, comments, span: { start: 0, end: text.length } },
    diagnostics,
    tokens: lexed.tokens,
    brokenNames,
  };
}

/**
 * One statement chunk in error-recovery mode: its statements, or for a broken chunk its first error (the rest are
 * cascades) and the statements that end on a line before it; the chunk's names go to `brokenNames`. Shared with the
 * incremental parse, which runs it on the one chunk that does not parse alone.
 */
export function chunkStatements(
  c: IToken[],
  text: string,
  diagnostics: Diagnostic[],
  brokenNames: Set<string>,
  notLast: boolean,
  lexError = false,
): Statement[] {
  const before = diagnostics.length;
  const stmts = parseTokens(c, text, diagnostics, { firstOnly: true, notLast, silent: lexError });
  if (diagnostics.length === before && !lexError) return stmts;
  // A broken statement: keep what precedes the error, and let checks know its names exist in some form.
  for (const t of c)
    if (t.tokenType.name === 'Identifier') brokenNames.add(t.image);
    else if (t.tokenType.name === 'BacktickIdent') brokenNames.add(t.image.slice(1, -1));
  const at = diagnostics.length > before ? diagnostics[before].span.start : -1;
  // Keep only statements that end on an earlier line: one ending just before the error on the same line was
  // cut short by recovery (Normal(a + b * x sigma) → Normal(a + b * x)) and would echo it as an arity error.
  const lineStart = at >= 0 ? text.lastIndexOf('\n', at - 1) + 1 : -1;
  return stmts.filter((s) => at >= 0 && s.span.end <= lineStart && complete(s));
}

/** Parses one token run, pushing its syntax errors (only the first in chunk mode: the rest are cascades). */
function parseTokens(
  tokens: IToken[],
  text: string,
  out: Diagnostic[],
  chunk: { firstOnly: boolean; notLast: boolean; silent?: boolean },
): Statement[] {
  parserInstance.input = tokens;
  const cst = parserInstance.file();
  const errors = chunk.silent ? [] : chunk.firstOnly ? parserInstance.errors.slice(0, 1) : parserInstance.errors;
  for (const e of errors) {
    const t = e.token;
    let start = t.startOffset;
    let end = Number.isFinite(t.endOffset) ? (t.endOffset as number) + 1 : start;
    let message = e.message;
    if (!Number.isFinite(start) || t.tokenType.name === 'EOF') {
      // At the end of the input (or of the statement): point just after the last real token.
      const prev = (e as { previousToken?: IToken }).previousToken ?? tokens[tokens.length - 1];
      start = prev && Number.isFinite(prev.endOffset) ? (prev.endOffset as number) + 1 : text.length;
      end = start;
      if (chunk.notLast) message = message.replace('the end of the file', 'the end of the statement');
    }
    out.push(diag('error', Codes.syntax, { start, end }, message));
  }
  // A silenced chunk's tree is recovery guesswork built around the lexer error; keep none of it.
  return chunk.silent ? [] : [...new AstBuilder(text.length).file(cst).statements];
}

/** A statement recovery left without its essential part (`b` alone, `y ~` with no distribution) is not kept. */
function complete(s: Statement): boolean {
  switch (s.kind) {
    case 'likelihood':
    case 'prior':
      return !!s.dist;
    case 'let':
    case 'derive':
      return !!s.value;
    case 'data':
      return s.path !== undefined;
    default:
      return true;
  }
}
