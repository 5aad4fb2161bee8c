// Works out what may be typed at a cursor from the tokens before it, so completion also works on broken or unfinished text.

import type { IToken } from 'chevrotain';
import type { Span } from '../language/ast.ts';

/** What may be typed at the cursor. */
export type ContextKind =
  | { readonly kind: 'none' }
  /** Start of a statement: keywords, likelihood left sides, and words that may still continue the previous statement. */
  | { readonly kind: 'statement'; readonly continuations: readonly string[] }
  /** `call` is set at the start of an argument of a distribution: its argument names may be typed (`mu = …`). */
  | { readonly kind: 'expression'; readonly allowColumns: boolean; readonly call?: ArgumentSlot }
  /** After `~`, or a component of Mixture. */
  | { readonly kind: 'distribution' }
  /** After `prior`: the parameter the prior is on. */
  | { readonly kind: 'prior-name' }
  | { readonly kind: 'fit-option'; readonly used: readonly string[] }
  | { readonly kind: 'fit-value'; readonly option: string }
  /** A data file name: inside the quotes (`quoted`: the quote is already typed) or right after `data`. */
  | { readonly kind: 'data-path'; readonly quoted: boolean }
  /** Inside an unfinished `` `column name` ``. */
  | { readonly kind: 'backtick-column' }
  /** Inside the quotes of `b["…"]` (index `position` of vector `vector`) or of `ref "…"` (position 0). */
  | { readonly kind: 'level'; readonly vector: string; readonly position: number };

/** An argument position in a call: the callee, and the argument names already given (by name or by position). */
export interface ArgumentSlot {
  readonly callee: string;
  readonly named: readonly string[];
  readonly positional: number;
}

/** A context plus `replace`: the partly typed word that a chosen item replaces. */
export type CompletionContext = ContextKind & { readonly replace: Span };

const STATEMENT_KEYWORDS = new Set(['Kw_data', 'Kw_param', 'Kw_let', 'Kw_prior', 'Kw_derive', 'Kw_fit']);
const OPERAND_END = new Set(['Identifier', 'BacktickIdent', 'NumberLit', 'RParen', 'StringLit', 'RBracket']);
/** Tokens after which a name starts a new statement: an operand's end, or `ref` / `simplex` ending a `param`. */
const STATEMENT_END = new Set([...OPERAND_END, 'Kw_ref', 'Kw_simplex']);
const NAME = new Set(['Identifier', 'BacktickIdent']);

const kindOf = (t: IToken | undefined): string => t?.tokenType.name ?? '';

/** Where the cursor stands on its line: in a comment, a string or a backtick name (tokens alone miss unterminated ones). */
function lineState(
  text: string,
  offset: number,
): { readonly in: 'code' | 'comment' | 'string' | 'backtick'; readonly openedAt: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let state: 'code' | 'string' | 'backtick' = 'code';
  let openedAt = -1;
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (state === 'string') {
      if (c === '\\') i++;
      else if (c === '"') state = 'code';
    } else if (state === 'backtick') {
      if (c === '`') state = 'code';
    } else if (c === '#') return { in: 'comment', openedAt: i };
    else if (c === '"' || c === '`') {
      state = c === '"' ? 'string' : 'backtick';
      openedAt = i;
    }
  }
  return { in: state, openedAt };
}

/** The tokens of the statement the cursor is in, up to the cursor; statements are found from keywords and juxtaposed operands. */
function currentStatement(before: readonly IToken[]): {
  readonly tokens: readonly IToken[];
  readonly previous: readonly IToken[];
} {
  let start = 0;
  let prevStart = 0;
  let depth = 0;
  before.forEach((t, i) => {
    const k = kindOf(t);
    // Newlines carry no meaning, so a new statement shows as a keyword, a `;`, or a name right after a finished operand.
    const begins =
      STATEMENT_KEYWORDS.has(k) || (NAME.has(k) && depth === 0 && i > 0 && STATEMENT_END.has(kindOf(before[i - 1])));
    if (begins && i > start) {
      prevStart = start;
      start = i;
    }
    if (begins) depth = 0;
    if (k === 'Semicolon') {
      prevStart = start;
      start = i + 1;
      depth = 0;
    } else if (k === 'LParen') depth++;
    else if (k === 'RParen') depth = Math.max(0, depth - 1);
  });
  return { tokens: before.slice(start), previous: before.slice(prevStart, start) };
}

interface OpenCall {
  readonly callee: string;
  argIndex: number;
  /** Arguments written `name = …`, and how many before the cursor were written without a name. */
  readonly named: string[];
  positional: number;
  /** Whether the argument being typed has a name (`mu = `) so far. */
  currentNamed: boolean;
}

/** The unclosed calls at the end of a statement's tokens, innermost last. */
function openCalls(tokens: readonly IToken[]): OpenCall[] {
  const stack: OpenCall[] = [];
  tokens.forEach((t, i) => {
    const k = kindOf(t);
    const top = stack[stack.length - 1];
    if (k === 'LParen')
      stack.push({
        callee: kindOf(tokens[i - 1]) === 'Identifier' ? tokens[i - 1].image : '',
        argIndex: 0,
        named: [],
        positional: 0,
        currentNamed: false,
      });
    else if (k === 'RParen') stack.pop();
    else if (k === 'Comma' && top) {
      if (!top.currentNamed) top.positional++;
      top.argIndex++;
      top.currentNamed = false;
    } else if (
      k === 'Equals' &&
      top &&
      kindOf(tokens[i - 1]) === 'Identifier' &&
      ['LParen', 'Comma'].includes(kindOf(tokens[i - 2]))
    ) {
      top.named.push(tokens[i - 1].image);
      top.currentNamed = true;
    }
  });
  return stack;
}

/** `b["` or `b["A", "` (a level of b's index) or `param b[wool] ref "` (a level of its first index). */
function levelSlot(before: readonly IToken[]): ContextKind | undefined {
  const last = before.length - 1;
  if (kindOf(before[last]) === 'Kw_ref') {
    for (let i = last; i >= 0; i--)
      if (kindOf(before[i]) === 'Kw_param')
        return kindOf(before[i + 1]) === 'Identifier'
          ? { kind: 'level', vector: before[i + 1].image, position: 0 }
          : undefined;
    return undefined;
  }
  let position = 0;
  let depth = 0;
  for (let i = last; i >= 0; i--) {
    const k = kindOf(before[i]);
    if (k === 'RBracket' || k === 'RParen') depth++;
    else if (k === 'LParen') depth--;
    else if (k === 'Comma' && depth === 0) position++;
    else if (k === 'LBracket') {
      if (depth > 0) {
        depth--;
        continue;
      }
      return kindOf(before[i - 1]) === 'Identifier'
        ? { kind: 'level', vector: before[i - 1].image, position }
        : undefined;
    } else if (!['StringLit', 'NumberLit', 'Identifier'].includes(k) && depth === 0) return undefined;
  }
  return undefined;
}

/** Words that may still continue a `param` statement after a name or a bound. */
function paramContinuations(stmt: readonly IToken[]): string[] {
  if (kindOf(stmt[0]) !== 'Kw_param') return [];
  const kinds = stmt.map(kindOf);
  if (kinds.includes('Kw_init')) return [];
  const constrained =
    kinds.includes('Kw_in') || kinds.includes('Greater') || kinds.includes('Less') || kinds.includes('Kw_simplex');
  if (constrained) return ['init'];
  // `ref` and `simplex` follow a vector's `[…]`.
  const vector = kinds.includes('RBracket');
  if (!vector) return ['in', 'init'];
  return kinds.includes('Kw_ref') ? ['in', 'init'] : ['ref', 'simplex', 'in', 'init'];
}

/** After a likelihood's distribution (or a clause's last operand): `censored`, and `truncated` unless given. */
function likelihoodContinuations(stmt: readonly IToken[]): string[] {
  const kinds = stmt.map(kindOf);
  const tilde = kinds.indexOf('Tilde');
  if (tilde < 0 || kinds[0] === 'Kw_prior' || !kinds.slice(tilde).includes('RParen')) return [];
  return kinds.includes('Kw_truncated') ? ['censored'] : ['censored', 'truncated'];
}

/** The completion context at `offset` in `text`, whose (error-tolerant) token stream is `tokens`. */
export function completionContext(text: string, tokens: readonly IToken[], offset: number): CompletionContext {
  const line = lineState(text, offset);
  if (line.in === 'comment') return { kind: 'none', replace: { start: offset, end: offset } };
  if (line.in === 'backtick') return { kind: 'backtick-column', replace: { start: line.openedAt, end: offset } };
  if (line.in === 'string') {
    const beforeQuote = tokens.filter((t) => (t.endOffset ?? t.startOffset) < line.openedAt);
    const replace = { start: line.openedAt + 1, end: offset };
    if (kindOf(beforeQuote[beforeQuote.length - 1]) === 'Kw_data') return { kind: 'data-path', quoted: true, replace };
    const level = levelSlot(beforeQuote);
    return level ? { ...level, replace } : { kind: 'none', replace };
  }
  const word = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
  const replace = { start: offset - word.length, end: offset };
  // Right after a digit or a dot the word is part of a number (`1e`, `0.5`): nothing to offer.
  if (/[0-9.]/.test(text[replace.start - 1] ?? '')) return { kind: 'none', replace };
  const before = tokens.filter((t) => (t.endOffset ?? t.startOffset) < replace.start);
  const { tokens: stmt, previous } = currentStatement(before);
  return { replace, ...classify(stmt, previous) };
}

function classify(stmt: readonly IToken[], previous: readonly IToken[]): ContextKind {
  const last = stmt[stmt.length - 1];
  if (!last) return { kind: 'statement', continuations: paramContinuations(previous) };
  const first = kindOf(stmt[0]);
  const lastKind = kindOf(last);
  const calls = openCalls(stmt);
  if (first === 'Kw_let' || first === 'Kw_derive') {
    // `let NAME` awaits `=`; only after it is there an expression.
    if (stmt.length < 3) return { kind: 'none' };
  }
  if (first === 'Kw_param') {
    if (OPERAND_END.has(lastKind) && calls.length === 0)
      return { kind: 'statement', continuations: paramContinuations(stmt) };
    return { kind: 'none' }; // a new name or a number is expected
  }
  if (first === 'Kw_data')
    return lastKind === 'Kw_data' ? { kind: 'data-path', quoted: false } : { kind: 'statement', continuations: [] };
  if (first === 'Kw_fit') {
    if (lastKind === 'Kw_fit' || lastKind === 'Comma') {
      const used = stmt.filter((t, i) => kindOf(stmt[i + 1]) === 'Equals').map((t) => t.image);
      return { kind: 'fit-option', used };
    }
    if (lastKind === 'Equals') return { kind: 'fit-value', option: stmt[stmt.length - 2]?.image ?? '' };
    return OPERAND_END.has(lastKind) ? { kind: 'statement', continuations: [] } : { kind: 'none' };
  }
  if (first === 'Kw_prior' && lastKind === 'Kw_prior') return { kind: 'prior-name' };
  if (lastKind === 'Kw_censored') return { kind: 'statement', continuations: ['right', 'left'] };
  if (lastKind === 'Kw_right' || lastKind === 'Kw_left') return { kind: 'statement', continuations: ['when'] };
  if (OPERAND_END.has(lastKind) && calls.length === 0)
    return { kind: 'statement', continuations: likelihoodContinuations(stmt) };
  if (lastKind === 'Tilde') return { kind: 'distribution' };
  const inner = calls[calls.length - 1];
  // Mixture(w, D1, D2): its second and third arguments are distributions.
  if (inner?.callee === 'Mixture' && inner.argIndex >= 1 && (lastKind === 'Comma' || lastKind === 'LParen'))
    return { kind: 'distribution' };
  if (OPERAND_END.has(lastKind)) return { kind: 'none' }; // inside parentheses after an operand: an operator or `,` comes next
  // Derived quantities and priors are functions of parameters only, so columns are not offered there.
  const allowColumns = first !== 'Kw_derive' && first !== 'Kw_prior';
  // At the start of an argument (right after `(` or `,`), the argument may be named.
  if (inner && (lastKind === 'LParen' || lastKind === 'Comma')) {
    return {
      kind: 'expression',
      allowColumns,
      call: { callee: inner.callee, named: inner.named, positional: inner.positional },
    };
  }
  return { kind: 'expression', allowColumns };
}
