// Collects declarations and name occurrences into side tables; resolution only, no diagnostics.

import { clauseExprs, walkExpr, type Expr, type Ident, type ModelFile, type NameRef, type DataStmt } from './ast.ts';
import type { DataLoad, NameOccurrence, ParamEntry, SymbolInfo } from './analysis-types.ts';
import { buildVectors, simplexRatioName, validSimplex, type VectorParam } from './vectors.ts';
import { CONSTANTS, distribution, func } from './builtins.ts';

export interface Scope {
  readonly symbols: Map<string, SymbolInfo>;
  readonly occurrences: NameOccurrence[];
  readonly params: ParamEntry[];
  /** Vector parameters (`param b[wool]`) with their levels and elements. */
  readonly vectors: ReadonlyMap<string, VectorParam>;
  /** Later declarations whose name was already taken: [new, previous]. */
  readonly duplicates: { ident: Ident; previous: SymbolInfo }[];
  readonly dataStmts: DataStmt[];
}

/** Names that expressions may reference without a declaration. */
export const isBuiltinName = (name: string): boolean => name in CONSTANTS;

/**
 * The built-in constant a name reference means, if any. A declaration wins over a constant (a column or parameter
 * called `pi` is that column or parameter; shadowed-name warns), and a `quoted` name is always a data name, never π.
 */
export function constantOf(e: NameRef, symbols: ReadonlyMap<string, SymbolInfo>): number | undefined {
  if (e.quoted || symbols.has(e.name) || !(e.name in CONSTANTS)) return undefined;
  return CONSTANTS[e.name];
}

export function buildScope(file: ModelFile, data: DataLoad | undefined): Scope {
  const symbols = new Map<string, SymbolInfo>();
  const duplicates: Scope['duplicates'] = [];
  const params: Scope['params'] = [];
  const dataStmts: DataStmt[] = [];
  const declare = (s: SymbolInfo): void => {
    const prev = symbols.get(s.name);
    if (prev && s.decl) duplicates.push({ ident: s.decl, previous: prev });
    else if (!prev) symbols.set(s.name, s);
  };
  if (data?.ok) for (const c of data.table.columns) declare({ name: c.name, kind: 'column', column: c });
  const vectors = buildVectors(file, data?.ok ? data.table : undefined);

  file.statements.forEach((st) => {
    switch (st.kind) {
      case 'data':
        dataStmts.push(st);
        break;
      case 'param':
        for (const ident of st.names) {
          const paramIndex = params.length;
          const before = symbols.get(ident.name);
          declare({ name: ident.name, kind: 'param', decl: ident, stmt: st, paramIndex });
          if (before) continue;
          const vector = vectors.get(ident.name);
          if (vector) params.push(...vectorEntries(vector));
          else params.push({ ident, stmt: st });
        }
        break;
      case 'let':
        if (st.name.name) declare({ name: st.name.name, kind: 'let', decl: st.name, stmt: st });
        break;
      case 'derive':
        if (st.name.name) declare({ name: st.name.name, kind: 'derive', decl: st.name, stmt: st });
        break;
      default:
        break;
    }
  });

  const occurrences: NameOccurrence[] = [];
  const refExpr = (e: Expr | undefined, statement: number): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      if (x.kind === 'name')
        occurrences.push({ name: x.name, span: x.span, isDeclaration: false, symbol: symbols.get(x.name), statement });
    });
  };
  const decl = (ident: Ident, statement: number): void => {
    const s = symbols.get(ident.name);
    occurrences.push({ name: ident.name, span: ident.span, isDeclaration: s?.decl === ident, symbol: s, statement });
  };
  file.statements.forEach((st, i) => {
    switch (st.kind) {
      case 'param':
        st.names.forEach((n) => decl(n, i));
        st.dims.forEach((ds) =>
          ds.forEach((d) => {
            if (d.kind === 'factor')
              occurrences.push({
                name: d.column.name,
                span: d.column.span,
                isDeclaration: false,
                symbol: symbols.get(d.column.name),
                statement: i,
              });
          }),
        );
        break;
      case 'let':
      case 'derive':
        if (st.name.name) decl(st.name, i);
        refExpr(st.value, i);
        break;
      case 'likelihood':
        refExpr(st.lhs, i);
        st.dist?.args.forEach((a) => refExpr(a.value, i));
        clauseExprs(st).forEach((e) => refExpr(e, i));
        break;
      case 'prior':
        st.names.forEach((n) => n.name && decl(n, i));
        st.dist?.args.forEach((a) => refExpr(a.value, i));
        break;
      default:
        break;
    }
  });
  return { symbols, occurrences, params, vectors, duplicates, dataStmts };
}

/** The engine parameters of a vector: its free elements, or a simplex's K − 1 log-ratios against element 1. */
function vectorEntries(v: VectorParam): ParamEntry[] {
  const span = v.ident.span;
  if (validSimplex(v))
    return v.elements.slice(1).map((e, k) => ({
      ident: { name: simplexRatioName(v, k + 1), span },
      stmt: v.stmt,
      element: { base: v.name, levels: e.levels, simplex: true },
    }));
  return v.elements
    .filter((e) => !e.fixed)
    .map((e) => ({ ident: { name: e.name, span }, stmt: v.stmt, element: { base: v.name, levels: e.levels } }));
}

/** True when the name is a function or distribution callee (callees are not name references). */
export const isCallable = (name: string): boolean => !!func(name) || !!distribution(name);
