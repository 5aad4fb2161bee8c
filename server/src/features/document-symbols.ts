// The outline: data, parameters, lets, likelihood terms (with their arguments), priors, derived quantities and fit options.

import type { Analysis } from '../language/analysis-types.ts';
import type { Arg, DistCall, Expr, Span, Statement } from '../language/ast.ts';
import { distribution } from '../language/builtins.ts';
import { constraintText, exprText } from './describe.ts';

export type OutlineKind =
  'data' | 'parameter' | 'let' | 'likelihood' | 'prior' | 'derive' | 'fit' | 'option' | 'argument' | 'distribution';

/** One outline entry: `span` is all of it, `selection` the part the editor highlights and reveals. */
export interface OutlineSymbol {
  readonly name: string;
  readonly kind: OutlineKind;
  readonly detail?: string;
  readonly span: Span;
  readonly selection: Span;
  readonly children: readonly OutlineSymbol[];
}

/** The document's outline, in source order; statements that lost their name to a syntax error are left out. */
export function documentSymbols(analysis: Analysis): OutlineSymbol[] {
  return analysis.file.statements.flatMap((st) => statementSymbols(analysis.text, st));
}

function statementSymbols(text: string, st: Statement): OutlineSymbol[] {
  switch (st.kind) {
    case 'data':
      return [{ name: `data "${st.path ?? ''}"`, kind: 'data', span: st.span, selection: st.pathSpan, children: [] }];
    case 'param': {
      const detail = `param${constraintText(st)}${st.init ? ` init ${st.init.value}` : ''}`;
      // One name: the entry covers the statement; several: each its own name, so the outline does not nest them oddly.
      return st.names.map((n) => ({
        name: n.name,
        kind: 'parameter',
        detail,
        span: st.names.length === 1 ? st.span : n.span,
        selection: n.span,
        children: [],
      }));
    }
    case 'let':
    case 'derive':
      if (!st.name.name) return [];
      return [
        {
          name: st.name.name,
          kind: st.kind,
          detail: `= ${exprText(text, st.value, 60)}`,
          span: st.span,
          selection: st.name.span,
          children: [],
        },
      ];
    case 'likelihood': {
      const lhs = exprText(text, st.lhs, 40);
      return [
        {
          name: `${lhs} ~ ${st.dist?.name.name ?? '…'}`,
          kind: 'likelihood',
          detail: 'likelihood',
          span: st.span,
          selection: st.lhs.span,
          children: st.dist ? argSymbols(text, st.dist.name.name, st.dist.args) : [],
        },
      ];
    }
    case 'prior':
      if (!st.name.name) return [];
      return [
        {
          name: `prior ${st.name.name} ~ ${st.dist?.name.name ?? '…'}`,
          kind: 'prior',
          span: st.span,
          selection: st.name.span,
          children: st.dist ? argSymbols(text, st.dist.name.name, st.dist.args) : [],
        },
      ];
    case 'fit':
      return [
        {
          name: 'fit',
          kind: 'fit',
          span: st.span,
          selection: { start: st.span.start, end: st.span.start + 3 },
          children: st.options.map((o) => ({
            name: o.name.name,
            kind: 'option',
            detail: o.value ? text.slice(o.value.span.start, o.value.span.end) : undefined,
            span: o.span,
            selection: o.name.span,
            children: [],
          })),
        },
      ];
  }
}

/** A distribution's arguments under their parameter names (`mu`, `sigma`); a Mixture's components nest their own. */
function argSymbols(text: string, distName: string, args: readonly Arg[]): OutlineSymbol[] {
  const info = distribution(distName);
  return args.map((a, i) => {
    const name = a.name?.name ?? info?.args[i]?.name ?? `argument ${i + 1}`;
    const component = componentCall(a.value);
    if (component && distribution(component.name.name)) {
      return {
        name: `${name}: ${component.name.name}`,
        kind: 'distribution',
        span: a.span,
        selection: component.name.span,
        children: argSymbols(text, component.name.name, component.args),
      };
    }
    return {
      name,
      kind: 'argument',
      detail: exprText(text, a.value, 60),
      span: a.span,
      selection: a.value.span,
      children: [],
    };
  });
}

/** A call argument seen as a distribution term (how Mixture components are written). */
function componentCall(e: Expr): DistCall | undefined {
  return e.kind === 'call' ? { name: e.callee, args: e.args, argsSpan: e.argsSpan, span: e.span } : undefined;
}
