// Bounds on what the recursive stages (parser, checks, lowering, derivatives) meet: a statement nested or chained
// beyond them is a `too-complex` error with its line, and is kept away from those stages, so no input overflows the
// stack. Both measures are computed iteratively.

import type { IToken } from 'chevrotain';
import type { Expr, Statement } from './ast.ts';
import { diag, Codes, type Diagnostic } from './diagnostics.ts';
import { statementChunks } from './chunks.ts';

/** Brackets, prefix signs and `^` chained in one statement (the parser recurses once per level; 2× margin). */
export const MAX_NESTING = 100;
/** Expression depth, counting the `let`s an expression uses (what lowering and the derivatives recurse over). */
export const MAX_DEPTH = 1500;
/** Tokens in one statement: beyond it the statement cannot be shallow enough, and parsing it would take seconds. */
export const MAX_TOKENS = 8 * MAX_DEPTH;
/** Beyond this many, too-complex statements are summarised in one diagnostic. */
const MAX_REPORTED = 10;

const OPEN = new Set(['LParen', 'LBracket']);
const CLOSE = new Set(['RParen', 'RBracket']);
const SIGN = new Set(['Minus', 'Plus']);

/** The nesting a parser would recurse through in one statement: bracket depth + the longest run of signs + `^`s. */
function nesting(chunk: readonly IToken[]): { depth: number; at: IToken } {
  let depth = 0;
  let worst = 0;
  let at = chunk[0];
  let brackets = 0;
  let carets = 0;
  let signs = 0;
  for (const t of chunk) {
    const name = t.tokenType.name;
    if (OPEN.has(name)) brackets++;
    else if (CLOSE.has(name)) brackets = Math.max(0, brackets - 1);
    if (name === 'Caret') carets++;
    signs = SIGN.has(name) ? signs + 1 : 0;
    depth = brackets + carets + signs;
    if (depth > worst) [worst, at] = [depth, t];
  }
  return { depth: worst, at };
}

/** Drops the statements nested too deeply to parse; their names go to `broken` (not reported unknown or unused). */
export function guardNesting(tokens: IToken[], out: Diagnostic[], broken: Set<string>): IToken[] {
  const chunks = statementChunks(tokens);
  const bad = chunks
    .map((c, i) => ({ ...nesting(c), i, long: c.length > MAX_TOKENS }))
    .filter((n) => n.depth > MAX_NESTING || n.long);
  if (!bad.length) return tokens;
  const drop = new Set(bad.map((b) => b.i));
  bad.slice(0, MAX_REPORTED).forEach(({ at, i, depth }) => {
    const long = depth <= MAX_NESTING;
    const t = long ? chunks[i][0] : at;
    const start = t.startOffset;
    out.push(
      diag(
        'error',
        Codes.tooComplex,
        { start, end: (t.endOffset ?? start) + 1 },
        long
          ? `This statement has ${chunks[i].length} tokens, more than ${MAX_TOKENS}: too long to analyse (an expression that long is deeper than ${MAX_DEPTH} operations). Sum long series in a data column instead, or use a vector parameter with an index.`
          : `This statement is nested more than ${MAX_NESTING} levels deep (brackets, signs and \`^\` in a row): too deep to analyse. Break it into several \`let\`s.`,
      ),
    );
  });
  summarise(bad.length, chunks[bad[MAX_REPORTED]?.i]?.[0], out);
  for (const i of drop) for (const t of chunks[i]) if (t.tokenType.name === 'Identifier') broken.add(t.image);
  return chunks.flatMap((c, i) => (drop.has(i) ? [] : c));
}

function summarise(count: number, first: IToken | undefined, out: Diagnostic[]): void {
  if (count <= MAX_REPORTED || !first) return;
  out.push(
    diag(
      'error',
      Codes.tooComplex,
      { start: first.startOffset, end: (first.endOffset ?? first.startOffset) + 1 },
      `…and ${count - MAX_REPORTED} more statements too complex to analyse from here on.`,
    ),
  );
}

/** The expressions of a statement. */
function roots(s: Statement): Expr[] {
  switch (s.kind) {
    case 'let':
    case 'derive':
      return s.value ? [s.value] : [];
    case 'likelihood':
      return [s.lhs, ...(s.dist?.args.map((a) => a.value) ?? [])];
    case 'prior':
      return s.dist?.args.map((a) => a.value) ?? [];
    default:
      return [];
  }
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args.map((a) => a.value);
    case 'index':
      return e.args.filter((a): a is Expr => a.kind !== 'level');
    default:
      return [];
  }
}

/** Depth of an expression where a name of a `let` counts that let's depth (explicit stack, no recursion). */
function depthOf(root: Expr, lets: ReadonlyMap<string, number>): number {
  let worst = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    const here = e.kind === 'name' ? d + (lets.get(e.name) ?? 0) : d;
    if (here > worst) worst = here;
    if (worst > MAX_DEPTH) return Infinity;
    for (const c of children(e)) stack.push([c, d + 1]);
  }
  return worst;
}

/** Adds every name an expression mentions (explicit stack). */
function namesIn(root: Expr, into: Set<string>): void {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === 'name') into.add(e.name);
    else if (e.kind === 'index') into.add(e.base.name);
    stack.push(...children(e));
  }
}

/** Drops the statements deeper than MAX_DEPTH (counting lets), and every statement that uses a dropped let. */
export function guardDepth(statements: Statement[], out: Diagnostic[], broken: Set<string>): Statement[] {
  const lets = new Map<string, number>();
  const bad: Statement[] = [];
  const kept = statements.filter((s) => {
    const d = Math.max(0, ...roots(s).map((r) => depthOf(r, lets)));
    if (s.kind === 'let' && s.name.name) lets.set(s.name.name, d);
    if (d <= MAX_DEPTH) return true;
    bad.push(s);
    if ((s.kind === 'let' || s.kind === 'derive') && s.name.name) broken.add(s.name.name);
    for (const r of roots(s)) namesIn(r, broken);
    return false;
  });
  bad
    .slice(0, MAX_REPORTED)
    .forEach((s) =>
      out.push(
        diag(
          'error',
          Codes.tooComplex,
          { start: s.span.start, end: Math.min(s.span.end, s.span.start + 200) },
          `This statement's expression is more than ${MAX_DEPTH} operations deep (counting the \`let\`s it uses, e.g. a sum of that many terms or a chain of that many lets): too deep to analyse and fit. Sum long series in a data column instead, or use a vector parameter with an index.`,
        ),
      ),
    );
  if (bad.length > MAX_REPORTED) {
    const s = bad[MAX_REPORTED];
    out.push(
      diag(
        'error',
        Codes.tooComplex,
        { start: s.span.start, end: s.span.start + 1 },
        `…and ${bad.length - MAX_REPORTED} more statements too complex to analyse from here on.`,
      ),
    );
  }
  return kept;
}
