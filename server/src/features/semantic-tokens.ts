// Semantic tokens: what each name is (parameter, let, column, function, distribution, …) so the editor colours them apart.

import type { Analysis } from '../language/analysis-types.ts';
import { clauseExprs, walkExpr, type DistCall, type Expr, type Span } from '../language/ast.ts';
import { CONSTANTS, distribution, func } from '../language/builtins.ts';

/** Our token types; the LSP layer's legend lists exactly these, in this order. */
export const TOKEN_TYPES = [
  'parameter',
  'variable',
  'property',
  'function',
  'class',
  'keyword',
  'number',
  'string',
  'comment',
  'enum',
  'enumMember',
] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  readonly span: Span;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

/**
 * Parameters are `parameter`, lets `variable`, derived quantities `variable.readonly`, data columns `property`,
 * functions `function`, distributions `class`; fit options are an `enum` and their word values its members.
 * Sorted by offset and never overlapping, as the protocol requires.
 */
export function semanticTokens(analysis: Analysis): SemanticToken[] {
  const bySpan = new Map<number, SemanticToken>();
  const add = (span: Span, type: TokenType, ...modifiers: TokenModifier[]): void => {
    // The first classification of a place wins: names resolved by the scope are added before the generic token kinds.
    if (span.end > span.start && !bySpan.has(span.start)) bySpan.set(span.start, { span, type, modifiers });
  };

  for (const o of analysis.occurrences) {
    const decl: TokenModifier[] = o.isDeclaration ? ['declaration'] : [];
    switch (o.symbol?.kind) {
      case 'param':
        add(o.span, 'parameter', ...decl);
        break;
      case 'let':
        add(o.span, 'variable', ...decl);
        break;
      case 'derive':
        add(o.span, 'variable', ...decl, 'readonly');
        break;
      case 'column':
        add(o.span, 'property');
        break;
      default:
        if (o.name in CONSTANTS) add(o.span, 'variable', 'readonly', 'defaultLibrary');
        break;
    }
  }

  const callee = (name: string, span: Span): void => {
    if (distribution(name)) add(span, 'class', 'defaultLibrary');
    else if (func(name)) add(span, 'function', 'defaultLibrary');
  };
  const calls = (e: Expr | undefined): void => {
    if (e)
      walkExpr(e, (x) => {
        if (x.kind === 'call') callee(x.callee.name, x.callee.span);
      });
  };
  const dist = (d: DistCall | undefined): void => {
    if (!d) return;
    callee(d.name.name, d.name.span);
    // A distribution name that is misspelt is still in the distribution's place: colour it as one.
    add(d.name.span, 'class');
    for (const a of d.args) calls(a.value);
  };
  for (const st of analysis.file.statements) {
    switch (st.kind) {
      case 'let':
      case 'derive':
        calls(st.value);
        break;
      case 'likelihood':
        calls(st.lhs);
        dist(st.dist);
        clauseExprs(st).forEach(calls);
        break;
      case 'prior':
        dist(st.dist);
        break;
      case 'param':
        // `factor` in `param b[factor(cyl)]` is the function; the column is an occurrence like any other.
        for (const ds of st.dims)
          for (const d of ds)
            if (d.kind === 'factor' && d.wrapped)
              add({ start: d.span.start, end: d.span.start + 'factor'.length }, 'function', 'defaultLibrary');
        break;
      case 'fit':
        for (const o of st.options) {
          add(o.name.span, 'enum');
          if (o.value?.kind === 'word') add(o.value.span, 'enumMember');
        }
        break;
      default:
        break;
    }
  }

  for (const t of analysis.tokens) {
    const span = { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
    const k = t.tokenType.name;
    if (k.startsWith('Kw_')) add(span, 'keyword');
    else if (k === 'NumberLit') add(span, 'number');
    else if (k === 'StringLit') add(span, 'string');
  }
  for (const c of analysis.file.comments) add(c.span, 'comment');

  return [...bySpan.values()].sort((a, b) => a.span.start - b.span.start);
}
