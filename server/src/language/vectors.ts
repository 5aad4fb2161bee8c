// Vector parameters (`param b[wool, tension] ref`, `param w[1:3] simplex`): their indices, levels and elements.

import type { Ident, IndexSpec, ModelFile, ParamStmt } from './ast.ts';
import type { DataTable } from '../data/table.ts';
import { factorOf, type Factor } from '../data/factors.ts';

/** One index of a vector parameter, resolved against the data. */
export interface Dim {
  readonly spec: IndexSpec;
  /** `wool`, `factor(cyl)` or `1:3`. */
  readonly key: string;
  readonly levels: readonly string[];
  /** Present for a factor index. */
  readonly factor?: Factor;
}

export interface VectorElement {
  /** `b[B]`, `b[B,H]`, `mu[2]`. */
  readonly name: string;
  readonly levels: readonly string[];
  /** Level index per dimension. */
  readonly codes: readonly number[];
  /** Fixed at 0 by `ref` (not a parameter). */
  readonly fixed: boolean;
}

export interface VectorParam {
  readonly name: string;
  readonly ident: Ident;
  readonly stmt: ParamStmt;
  /** Undefined when an index cannot be resolved yet (no data, or not a factor); checks say why. */
  readonly dims?: readonly Dim[];
  /** All elements, first index slowest; empty when dims are unresolved. */
  readonly elements: readonly VectorElement[];
  readonly simplex: boolean;
}

export const elementName = (base: string, levels: readonly string[]): string => `${base}[${levels.join(',')}]`;

export const dimKey = (s: IndexSpec): string =>
  s.kind === 'range' ? `${s.from}:${s.to}` : s.wrapped ? `factor(${s.column.name})` : s.column.name;

/** Resolves one index: a range needs no data; a factor needs the loaded table. */
export function resolveDim(spec: IndexSpec, table: DataTable | undefined): Dim | undefined {
  if (spec.kind === 'range') {
    if (!(spec.from === 1 && Number.isInteger(spec.to) && spec.to >= 1)) return undefined;
    return { spec, key: dimKey(spec), levels: Array.from({ length: spec.to }, (_, i) => String(i + 1)) };
  }
  const col = table?.byName.get(spec.column.name);
  const factor = col ? factorOf(col, spec.wrapped) : undefined;
  if (!factor || factor.levels.length === 0) return undefined;
  return { spec, key: factor.key, levels: factor.levels, factor };
}

/** The level each dimension's reference is (its first level, or the level `ref "L"` names), or undefined. */
export function refCodes(stmt: ParamStmt, dims: readonly Dim[]): number[] | undefined {
  if (!stmt.ref) return undefined;
  if (stmt.ref.level === undefined) return dims.map(() => 0);
  if (dims.length !== 1) return undefined;
  const at = dims[0].levels.indexOf(stmt.ref.level);
  return at >= 0 ? [at] : undefined;
}

function elementsOf(name: string, stmt: ParamStmt, dims: readonly Dim[]): VectorElement[] {
  const ref = refCodes(stmt, dims);
  const out: VectorElement[] = [];
  const codes: number[] = [];
  const rec = (d: number): void => {
    if (d === dims.length) {
      const levels = codes.map((c, j) => dims[j].levels[c]);
      // Treatment coding: an element on the reference level of any of its indices is fixed at 0.
      const fixed = !!ref && codes.some((c, j) => c === ref[j]);
      out.push({ name: elementName(name, levels), levels, codes: [...codes], fixed });
      return;
    }
    for (let c = 0; c < dims[d].levels.length; c++) {
      codes.push(c);
      rec(d + 1);
      codes.pop();
    }
  };
  rec(0);
  return out;
}

/** Every vector parameter declared in the file, by name (the first declaration of a name wins). */
export function buildVectors(file: ModelFile, table: DataTable | undefined): Map<string, VectorParam> {
  const out = new Map<string, VectorParam>();
  for (const st of file.statements) {
    if (st.kind !== 'param') continue;
    st.names.forEach((ident, i) => {
      const specs = st.dims[i] ?? [];
      if (specs.length === 0 || out.has(ident.name)) return;
      const resolved = specs.map((s) => resolveDim(s, table));
      const dims = resolved.every((d) => !!d) ? (resolved as Dim[]) : undefined;
      const simplex = !!st.simplex;
      out.set(ident.name, {
        name: ident.name,
        ident,
        stmt: st,
        dims,
        elements: dims ? elementsOf(ident.name, st, dims) : [],
        simplex,
      });
    });
  }
  return out;
}

/** A simplex is valid on exactly one range index with K ≥ 2, without `ref`. */
export const validSimplex = (v: VectorParam): boolean =>
  v.simplex &&
  !!v.dims &&
  v.dims.length === 1 &&
  v.dims[0].spec.kind === 'range' &&
  v.elements.length >= 2 &&
  !v.stmt.ref;

/** The engine parameter behind simplex element k ≥ 2: its log-ratio against element 1, u_k = log(w_k / w_1). */
export const simplexRatioName = (v: VectorParam, k: number): string =>
  `log(${v.elements[k].name}/${v.elements[0].name})`;
