// The syntax tree of a .mle file: plain readonly values with source ranges; no semantic information.

/** Half-open character offsets [start, end) into the document text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Ident {
  readonly name: string;
  readonly span: Span;
  /** True when written between backticks. */
  readonly quoted?: boolean;
}

export type Expr = NumberLit | NameRef | Unary | Binary | Call | Index;

export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly span: Span;
}

export interface NameRef {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
  readonly quoted?: boolean;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: '-';
  readonly operand: Expr;
  readonly span: Span;
}

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | CompareOp;

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** A call: a function (`exp(x)`) or, as the argument of Mixture, a distribution. */
export interface Call {
  readonly kind: 'call';
  readonly callee: Ident;
  readonly args: readonly Arg[];
  /** Span of the parenthesised argument list, "(" to ")" inclusive (end = start when ")" is missing). */
  readonly argsSpan: Span;
  readonly span: Span;
}

/** A quoted level inside an index: the `"B"` of `b["B"]`. Not an expression of its own. */
export interface LevelLit {
  readonly kind: 'level';
  readonly value: string;
  readonly span: Span;
}

/** `b[wool]` (each row's element), `b["B"]` or `mu[2]` (one element): an indexed vector parameter. */
export interface Index {
  readonly kind: 'index';
  readonly base: NameRef;
  readonly args: readonly (Expr | LevelLit)[];
  /** "[" to "]" inclusive. */
  readonly bracketSpan: Span;
  readonly span: Span;
}

export interface Arg {
  /** Set for named arguments: `mu = m`. */
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** A distribution term on the right of `~`. */
export interface DistCall {
  readonly name: Ident;
  readonly args: readonly Arg[];
  readonly argsSpan: Span;
  readonly span: Span;
}

export type Constraint =
  | { readonly kind: 'lower'; readonly lo: number; readonly span: Span }
  | { readonly kind: 'upper'; readonly hi: number; readonly span: Span }
  | { readonly kind: 'interval'; readonly lo: number; readonly hi: number; readonly span: Span };

/** One index of a vector parameter's declaration: a factor column (possibly `factor(col)`) or a range `1:K`. */
export type IndexSpec =
  | { readonly kind: 'factor'; readonly column: Ident; readonly wrapped: boolean; readonly span: Span }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly span: Span };

/** `ref` or `ref "LEVEL"` on a vector parameter: the reference element is fixed at 0. */
export interface RefClause {
  readonly level?: string;
  readonly levelSpan?: Span;
  readonly span: Span;
}

export type Statement = DataStmt | ParamStmt | LetStmt | LikelihoodStmt | PriorStmt | DeriveStmt | FitStmt;

export interface DataStmt {
  readonly kind: 'data';
  /** Undefined when the string is missing (syntax error recovered). */
  readonly path?: string;
  readonly pathSpan: Span;
  /** The `table "NAME"` clause: the table of a DuckDB database file to read. */
  readonly table?: { readonly value: string; readonly span: Span };
  /** The `na "…", "…"` clause: cell spellings read as missing instead of the defaults. */
  readonly na?: { readonly values: readonly string[]; readonly span: Span };
  readonly span: Span;
}

export interface ParamStmt {
  readonly kind: 'param';
  readonly names: readonly Ident[];
  /** Per name (same order), its indices; empty for a scalar parameter. */
  readonly dims: readonly (readonly IndexSpec[])[];
  readonly ref?: RefClause;
  /** Present when the `simplex` keyword is (its span). */
  readonly simplex?: { readonly span: Span };
  readonly constraint?: Constraint;
  readonly init?: { readonly value: number; readonly span: Span };
  readonly span: Span;
}

export interface LetStmt {
  readonly kind: 'let';
  readonly name: Ident;
  readonly value?: Expr;
  readonly span: Span;
}

/** `censored right when COND` / `censored left when COND` after a likelihood. */
export interface CensorClause {
  readonly side: 'right' | 'left';
  /** Undefined when recovery lost it (a syntax error was reported). */
  readonly when?: Expr;
  readonly span: Span;
}

/** `truncated (LO, HI)` after a likelihood; either bound may be lost to recovery. */
export interface TruncationClause {
  readonly lo?: Expr;
  readonly hi?: Expr;
  readonly span: Span;
}

export interface LikelihoodStmt {
  readonly kind: 'likelihood';
  readonly lhs: Expr;
  readonly dist?: DistCall;
  /** Censoring clauses in source order (empty when none). */
  readonly censored?: readonly CensorClause[];
  /** Truncation clauses in source order (more than one is a check error). */
  readonly truncated?: readonly TruncationClause[];
  readonly span: Span;
}

/** The expressions of a likelihood's censoring and truncation clauses (conditions, then bounds). */
export function clauseExprs(st: LikelihoodStmt): Expr[] {
  const out: Expr[] = [];
  for (const c of st.censored ?? []) if (c.when) out.push(c.when);
  for (const t of st.truncated ?? []) {
    if (t.lo) out.push(t.lo);
    if (t.hi) out.push(t.hi);
  }
  return out;
}

export interface PriorStmt {
  readonly kind: 'prior';
  /** The first name (`prior b1, b2 ~ …` gives each of `names` the prior). */
  readonly name: Ident;
  readonly names: readonly Ident[];
  readonly dist?: DistCall;
  readonly span: Span;
}

export interface DeriveStmt {
  readonly kind: 'derive';
  readonly name: Ident;
  readonly value?: Expr;
  readonly span: Span;
}

export interface FitOption {
  readonly name: Ident;
  /** A word (`profile`) or a number (`0.9`); undefined when missing. */
  readonly value?:
    | { readonly kind: 'word'; readonly word: string; readonly span: Span }
    | { readonly kind: 'number'; readonly value: number; readonly span: Span };
  readonly span: Span;
}

export interface FitStmt {
  readonly kind: 'fit';
  readonly options: readonly FitOption[];
  readonly span: Span;
}

export interface Comment {
  readonly text: string;
  readonly span: Span;
}

export interface ModelFile {
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

/** Walks an expression tree depth-first, parents before children. */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'unary':
      walkExpr(e.operand, visit);
      break;
    case 'binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      break;
    case 'call':
      for (const a of e.args) walkExpr(a.value, visit);
      break;
    case 'index':
      walkExpr(e.base, visit);
      for (const a of e.args) if (a.kind !== 'level') walkExpr(a, visit);
      break;
    default:
      break;
  }
}
