// Parsing after an edit: unchanged chunks come from a cache (shifted if they moved); only new chunks are parsed.

import type { ParseResult } from './parse.ts';
import { chunkStatements, parse } from './parse.ts';
import type { Comment, Statement } from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import { AstBuilder } from './build-ast.ts';
import { parserInstance } from './grammar.ts';
import { mleLexer } from './tokens.ts';
import { statementChunks } from './chunks.ts';
import { guardDepth, guardNesting } from './complexity.ts';
import type { IToken } from 'chevrotain';

/**
 * Statements of clean chunks keyed by the chunk's text, with the offset their spans were made at. One per document:
 * each parse keeps only the chunks of the latest text, so the cache never outgrows the document.
 */
export class ParseCache {
  chunks = new Map<string, Parsed>();
}

interface Parsed {
  readonly start: number;
  readonly statements: readonly Statement[];
}

/**
 * The same result as `parse(text)`, spans included (test/unit/parse-incremental.test.ts checks it over random edits).
 * A lexer error or a statement past the complexity bounds takes the full parse; a chunk that does not parse alone takes
 * the full parse's chunk recovery (whose result is the reference); the cache serves every chunk that parses.
 */
export function parseIncremental(text: string, cache: ParseCache): ParseResult {
  const lexed = mleLexer.tokenize(text);
  if (lexed.errors.length) return parse(text);
  const guarded: Diagnostic[] = [];
  const brokenNames = new Set<string>();
  const tokens = guardNesting(lexed.tokens, guarded, brokenNames);
  if (guarded.length) return parse(text);
  const next = new Map<string, Parsed>();
  let statements: Statement[] = [];
  const diagnostics: Diagnostic[] = [];
  const chunks = statementChunks(tokens);
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const start = c[0].startOffset;
    const key = text.slice(start, (c[c.length - 1].endOffset ?? text.length - 1) + 1);
    const hit = next.get(key) ?? cache.chunks.get(key) ?? parseChunk(key);
    if (!hit) {
      // A chunk that does not parse alone gets the full parse's own recovery for that chunk (parse.ts), on its
      // tokens only: typing in a 1 MB model re-parses one statement, not the file. Broken chunks are not cached.
      statements.push(...chunkStatements(c, text, diagnostics, brokenNames, i < chunks.length - 1));
      continue;
    }
    // Chunks before the edit keep their offsets and are reused as they are (trees are values); later ones shift.
    const at =
      hit.start === start ? hit : { start, statements: hit.statements.map((s) => shifted(s, start - hit.start)) };
    next.set(key, at);
    statements.push(...at.statements);
  }
  cache.chunks = next;
  statements = guardDepth(statements, guarded, brokenNames);
  const comments: Comment[] = (lexed.groups.comments ?? []).map((t: IToken) => ({
    text: t.image,
    span: { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 },
  }));
  return {
    file: { statements, comments, span: { start: 0, end: text.length } },
    diagnostics: [...diagnostics, ...guarded],
    tokens: lexed.tokens,
    brokenNames,
  };
}

/** A chunk parsed on its own (spans relative to it: start 0); undefined when it has any lexer or parser error. */
function parseChunk(chunk: string): Parsed | undefined {
  const lexed = mleLexer.tokenize(chunk);
  if (lexed.errors.length) return undefined;
  parserInstance.input = lexed.tokens;
  const cst = parserInstance.file();
  if (parserInstance.errors.length) return undefined;
  return { start: 0, statements: new AstBuilder(chunk.length).file(cst).statements };
}

/** A copy of an AST value with every span (`span`, `argsSpan`, `pathSpan`, …) moved by `by` characters. */
function shifted<T>(v: T, by: number): T {
  if (by === 0 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => shifted(x, by)) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    // Every Span-typed field of the AST is named `span` or `…Span` (ast.ts).
    out[k] =
      (k === 'span' || k.endsWith('Span')) && typeof x === 'object' && x !== null
        ? { start: (x as { start: number }).start + by, end: (x as { end: number }).end + by }
        : typeof x === 'object'
          ? shifted(x, by)
          : x;
  }
  return out as T;
}
