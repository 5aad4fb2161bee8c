// Splits a token stream into statement-sized chunks at line starts, used only to localise syntax errors.

import type { IToken } from 'chevrotain';

/** Operators, separators and clause keywords: a statement goes on across a line break after or before them. */
const JOINERS = [
  'Plus',
  'Minus',
  'Star',
  'Slash',
  'Caret',
  'Tilde',
  'Equals',
  'Comma',
  'LParen',
  'Greater',
  'Less',
  'Kw_in',
  'Kw_init',
  'LBracket',
  'Colon',
  'Kw_ref',
  'LessEq',
  'GreaterEq',
  'EqEq',
  'NotEq',
  'Kw_censored',
  'Kw_truncated',
  'Kw_right',
  'Kw_left',
  'Kw_when',
];
/** Tokens after which a line break cannot end a statement. */
const OPEN_AFTER = new Set([...JOINERS, 'Kw_data', 'Kw_param', 'Kw_let', 'Kw_prior', 'Kw_derive', 'Kw_fit']);
/** Tokens that continue the previous line's statement when they start a line. */
const CONTINUES = new Set([...JOINERS, 'RParen', 'RBracket', 'Kw_simplex']);
const STARTS = new Set(['Kw_data', 'Kw_param', 'Kw_let', 'Kw_prior', 'Kw_derive', 'Kw_fit']);
/** The data statement's clauses (`table "t"`, `na "-"`): words, not keywords, that continue it before a string. */
const CLAUSES = new Set(['table', 'na']);

/**
 * Newlines carry no meaning in the language, so this is a recovery heuristic only: a file that parses cleanly is
 * never chunked. A chunk starts at a statement keyword, or at the first token of a line when the previous token
 * leaves nothing open (no operator, no unclosed parenthesis) and the token itself is not an operator.
 */
export function statementChunks(tokens: readonly IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let cur: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    const name = t.tokenType.name;
    const newLine = prev !== undefined && (t.startLine ?? 0) > (prev.endLine ?? prev.startLine ?? 0);
    // A new line that plainly starts a statement (a keyword, or `name ~`) ends an unclosed parenthesis too.
    const next = tokens[i + 1];
    const startsStatement =
      newLine &&
      (STARTS.has(name) || ((name === 'Identifier' || name === 'BacktickIdent') && next?.tokenType.name === 'Tilde'));
    const boundary =
      cur.length > 0 &&
      (STARTS.has(name) ||
        prev?.tokenType.name === 'Semicolon' ||
        startsStatement ||
        (newLine &&
          depth <= 0 &&
          !OPEN_AFTER.has(prev.tokenType.name) &&
          !CONTINUES.has(name) &&
          !(name === 'Identifier' && CLAUSES.has(t.image) && next?.tokenType.name === 'StringLit')));
    if (boundary) {
      chunks.push(cur);
      cur = [];
      depth = 0;
    }
    cur.push(t);
    if (name === 'LParen' || name === 'LBracket') depth++;
    else if (name === 'RParen' || name === 'RBracket') depth--;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}
