// Collects declarations and name occurrences into side tables; resolution only, no diagnostics.

import { walkExpr, type Expr, type Ident, type ModelFile, type NameRef, type ParamStmt, type DataStmt } from './ast.ts';
import type { DataLoad, NameOccurrence, SymbolInfo } from './analysis-types.ts';
import { CONSTANTS, distribution, func } from './builtins.ts';

export interface Scope {
  readonly symbols: Map<string, SymbolInfo>;
  readonly occurrences: NameOccurrence[];
  readonly params: { ident: Ident; stmt: ParamStmt }[];
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
          if (!before) params.push({ ident, stmt: st });
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
        break;
      case 'let':
      case 'derive':
        if (st.name.name) decl(st.name, i);
        refExpr(st.value, i);
        break;
      case 'likelihood':
        refExpr(st.lhs, i);
        st.dist?.args.forEach((a) => refExpr(a.value, i));
        break;
      case 'prior':
        if (st.name.name) decl(st.name, i);
        st.dist?.args.forEach((a) => refExpr(a.value, i));
        break;
      default:
        break;
    }
  });
  return { symbols, occurrences, params, duplicates, dataStmts };
}

/** True when the name is a function or distribution callee (callees are not name references). */
export const isCallable = (name: string): boolean => !!func(name) || !!distribution(name);
