// The formatter's canonical layout: re-emits the tokens and comments of a parsed model with normalised spacing and lines.

import type { IToken } from 'chevrotain';
import type { Analysis } from '../language/analysis-types.ts';
import type { Statement } from '../language/ast.ts';

/** A token or comment of the source, with where it ended up in the output (for range formatting). */
export interface LaidItem {
  readonly start: number;
  readonly end: number;
  /** Index of the statement holding it; -1 for comments and `;`. */
  readonly stmt: number;
  outStart: number;
  outEnd: number;
}

export interface Layout {
  readonly text: string;
  readonly items: readonly LaidItem[];
}

interface Item extends LaidItem {
  readonly kind: string;
  readonly image: string;
}

const OPERAND_END = new Set(['Identifier', 'BacktickIdent', 'NumberLit', 'RParen', 'StringLit', 'RBracket']);
const NO_SPACE_BEFORE = new Set(['Comma', 'RParen', 'Semicolon', 'LBracket', 'RBracket', 'Colon']);
/** Statement starts that a preceding statement could swallow without a `;` (`b (y) ~ …` would read as a call `b(y)`). */
const NEEDS_SEMICOLON_BEFORE = new Set(['Minus', 'Plus', 'LParen', 'NumberLit']);
/** Continuation lines of a statement broken outside parentheses. */
const HANG = 4;

/**
 * One statement per line; single spaces around binary operators, `~`, `=`, `>`/`<` and after commas and keywords;
 * none around `^`, after a sign or `(`, before `,` or `)`. Line breaks the user made inside a statement are kept, the
 * next line aligned after the innermost open parenthesis (or after `let NAME = `). Comments stay where they were,
 * on their own line or after code; blank lines collapse to one. `;` is dropped unless the next statement needs it.
 */
export function layout(analysis: Analysis, eol: string): Layout {
  const { text } = analysis;
  const items = mergeItems(analysis);
  let out = '';
  let col = 0;
  let lineIndent = 0;
  const emit = (s: string): void => {
    out += s;
    col += s.length;
  };
  const newline = (blank: boolean, indent: number): void => {
    out = out.replace(/[ \t]+$/, '');
    out += (blank ? eol : '') + eol + ' '.repeat(indent);
    col = lineIndent = indent;
  };
  // Per statement: each open `(` (the column after it, the indent of its line), and where a let's value began.
  let parens: { col: number; indent: number }[] = [];
  let hang = HANG;
  let prev: Item | undefined;
  let prevToken: Item | undefined;
  let beforePrevToken: Item | undefined;

  items.forEach((it, i) => {
    const breaks = prev ? countNewlines(text, prev.end, it.start) : 0;
    if (it.kind === 'Comment') {
      if (prev && breaks === 0) emit(` ${it.image}`);
      else if (prev) {
        const inside = prevToken !== undefined && prevToken.stmt >= 0 && nextTokenStmt(items, i) === prevToken.stmt;
        newline(breaks > 1 && !inside, inside ? continuation(parens, hang) : 0);
        emit(it.image);
      } else emit(it.image);
    } else if (it.kind === 'Semicolon') {
      const next = items.slice(i + 1).find((x) => x.kind !== 'Comment' && x.kind !== 'Semicolon');
      if (next && NEEDS_SEMICOLON_BEFORE.has(next.kind)) {
        it.outStart = out.length;
        emit(';');
        it.outEnd = out.length;
        prev = it;
        return;
      }
      it.outStart = it.outEnd = out.length;
      return; // dropped: `prev` stays, so the gap to the next item is measured from the last kept one
    } else if (!prevToken || it.stmt !== prevToken.stmt) {
      // A new statement: always on a new line.
      if (prev) newline(breaks > 1, 0);
      lineIndent = 0;
      parens = [];
      hang = HANG;
      emit(it.image);
    } else {
      // A line that starts with `)` lines up with the line of its `(`.
      if (prev?.kind === 'Comment' || breaks > 0)
        newline(
          false,
          it.kind === 'RParen' && parens.length ? parens[parens.length - 1].indent : continuation(parens, hang),
        );
      else emit(spaceBetween(prevToken, it, beforePrevToken) ? ' ' : '');
      emit(it.image);
    }
    if (it.kind === 'LParen') parens.push({ col, indent: lineIndent });
    else if (it.kind === 'RParen') parens.pop();
    else if (it.kind === 'Equals' && parens.length === 0 && isValueStatement(analysis.file.statements[it.stmt]))
      hang = col + 1;
    it.outEnd = out.length;
    it.outStart = out.length - it.image.length;
    prev = it;
    if (it.kind !== 'Comment') {
      beforePrevToken = prevToken;
      prevToken = it;
    }
  });
  out = out.replace(/[ \t]+$/, '');
  return { text: out.length ? out + eol : out, items };
}

const isValueStatement = (st: Statement | undefined): boolean => st?.kind === 'let' || st?.kind === 'derive';

/** Where a continuation line starts: after the innermost open `(`, else at the statement's hang. */
const continuation = (open: readonly { col: number }[], hang: number): number =>
  open.length ? open[open.length - 1].col : hang;

/** Is a sign (`-x`, `init -1`) rather than a binary operator: nothing that ends an operand comes before it. */
const isSign = (t: Item, before: Item | undefined): boolean =>
  (t.kind === 'Minus' || t.kind === 'Plus') && !(before && before.stmt === t.stmt && OPERAND_END.has(before.kind));

function spaceBetween(prev: Item, cur: Item, beforePrev: Item | undefined): boolean {
  if (NO_SPACE_BEFORE.has(cur.kind) || prev.kind === 'LParen' || prev.kind === 'LBracket' || prev.kind === 'Colon')
    return false;
  if (isSign(prev, beforePrev)) return false;
  if (prev.kind === 'Caret' || cur.kind === 'Caret') return false;
  // `f(x)` is a call; `a * (b)` and `in (0, 1)` are not.
  if (cur.kind === 'LParen') return prev.kind !== 'Identifier';
  return true;
}

const nextTokenStmt = (items: readonly Item[], i: number): number =>
  items.slice(i + 1).find((x) => x.kind !== 'Comment')?.stmt ?? -2;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Tokens and comments in source order, each tagged with its statement. */
function mergeItems(analysis: Analysis): Item[] {
  const stmts = analysis.file.statements;
  // Tokens come in source order, and so do statements: one forward walk tags them all.
  let k = 0;
  const stmtOf = (offset: number): number => {
    while (k < stmts.length && stmts[k].span.end <= offset) k++;
    return k < stmts.length && stmts[k].span.start <= offset ? k : -1;
  };
  const fromToken = (t: IToken): Item => {
    const start = t.startOffset;
    const end = (t.endOffset ?? start) + 1;
    const kind = t.tokenType.name;
    return {
      kind,
      image: t.image,
      start,
      end,
      stmt: kind === 'Semicolon' ? -1 : stmtOf(start),
      outStart: 0,
      outEnd: 0,
    };
  };
  const comments: Item[] = analysis.file.comments.map((c) => ({
    // Trailing blanks and a CRLF's `\r` are not part of what the comment says.
    kind: 'Comment',
    image: c.text.replace(/\s+$/, ''),
    start: c.span.start,
    end: c.span.end,
    stmt: -1,
    outStart: 0,
    outEnd: 0,
  }));
  return [...analysis.tokens.map(fromToken), ...comments].sort((a, b) => a.start - b.start);
}
