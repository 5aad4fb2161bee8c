// Lowers an error-free Analysis to the engine's model form: names resolved, lets shared, rows with missing values dropped.

import type { Arg, DistCall, Expr, LetStmt, LikelihoodStmt, ParamStmt } from './ast.ts';
import type { Analysis } from './analysis-types.ts';
import { distribution, fitOption } from './builtins.ts';
import { constantOf } from './scope.ts';
import { asDistCall } from './checks/distribution-calls.ts';
import { lowerCall } from './lower-calls.ts';
import { vectorLowering } from './lower-vectors.ts';
import { outcomeCodes, outcomeFactor, variesWith } from './lower-categorical.ts';
import { factorOf } from '../data/factors.ts';
import { simplexRatioName, type VectorParam } from './vectors.ts';
import {
  DEFAULT_OPTIONS,
  type DistSpec,
  type EngineModel,
  type FitOptions,
  type Node,
  type ParamSpec,
  type Term,
} from '../engine/model.ts';

/** Arguments in declaration order, whether written by position or by name. */
export function orderedArgs(call: DistCall): Arg[] {
  const info = distribution(call.name.name);
  if (!info) return [...call.args];
  const out: Arg[] = [];
  call.args.forEach((a, i) => {
    const at = a.name ? info.args.findIndex((x) => x.name === a.name!.name) : i;
    out[at >= 0 ? at : i] = a;
  });
  return out;
}

export function lower(an: Analysis): EngineModel {
  const mask = an.rowsUsed;
  const table = an.data?.ok ? an.data.table : undefined;
  const n = an.rowsUsedCount ?? 0;
  const paramIndex = new Map(an.params.map((p, i) => [p.ident.name, i]));
  const colMemo = new Map<string, Node>();
  const letMemo = new Map<string, Node>();
  const vectors: ReadonlyMap<string, VectorParam> = an.vectors ?? new Map();
  const vl = vectorLowering(vectors, paramIndex, mask, n);

  const column = (name: string): Node => {
    const hit = colMemo.get(name);
    if (hit) return hit;
    const col = table!.byName.get(name)!;
    // A factor column is allowed only as a two-level Bernoulli outcome (the checks say so): first level 0, second 1.
    const factor = factorOf(col, false);
    const src = factor ? Float64Array.from(factor.codes, (c) => (c < 0 ? NaN : c)) : col.values;
    // No rows dropped: share the column instead of copying it (the engine never writes to data).
    const values = n === src.length ? src : new Float64Array(n);
    if (values !== src) for (let i = 0, j = 0; i < src.length; i++) if (mask![i]) values[j++] = src[i];
    const node: Node = { op: 'data', values, name };
    colMemo.set(name, node);
    return node;
  };

  /** A Categorical outcome's level: every `x[key]` is taken at level `code` (one copy of η per level). */
  type Level = { readonly key: string; readonly code: number };
  const varies = new Map<string, boolean>();
  const levelLets = new Map<string, Node>();

  const expr = (e: Expr, at?: Level): Node => {
    switch (e.kind) {
      case 'number':
        return { op: 'const', value: e.value };
      case 'unary':
        return { op: 'neg', a: expr(e.operand, at) };
      case 'binary':
        return { op: 'bin', fn: e.op, a: expr(e.left, at), b: expr(e.right, at) };
      case 'call':
        return lowerCall(e, (x) => expr(x, at), n);
      case 'index':
        return at ? vl.indexAt(e, at.key, at.code) : vl.index(e);
      case 'name': {
        const c = constantOf(e, an.symbols);
        if (c !== undefined) return { op: 'const', value: c };
        const pi = paramIndex.get(e.name);
        if (pi !== undefined) return { op: 'param', index: pi };
        const s = an.symbols.get(e.name);
        if (s?.kind === 'let') {
          const value = (s.stmt as LetStmt).value!;
          // A let that varies by the outcome's level is lowered once per level; any other is shared by all.
          if (at && variesWith(value, at.key, an.symbols, varies)) {
            const memoKey = `${e.name}@${at.code}`;
            let node = levelLets.get(memoKey);
            if (!node) {
              node = expr(value, at);
              levelLets.set(memoKey, node);
            }
            return node;
          }
          let node = letMemo.get(e.name);
          if (!node) {
            node = expr((s.stmt as LetStmt).value!);
            letMemo.set(e.name, node);
          }
          return node;
        }
        return column(e.name);
      }
    }
  };

  const dist = (call: DistCall, lhs?: Expr): { spec: DistSpec; args: Node[]; y?: Node; weightLogRatios?: number[] } => {
    const args = orderedArgs(call);
    if (call.name.name === 'Categorical') {
      // η once per level k of the outcome (y is the level code 0…K−1); elements fixed by `ref` are the constant 0.
      const f = outcomeFactor(lhs!, table)!;
      const y: Node = { op: 'data', values: outcomeCodes(f, mask, n), name: f.key };
      const eta = args[0].value;
      const etas = f.levels.map((_, code) => expr(eta, { key: f.key, code }));
      return { spec: { name: 'Categorical', classes: f.levels.length }, args: etas, y };
    }
    if (call.name.name !== 'Mixture') return { spec: { name: call.name.name }, args: args.map((a) => expr(a.value)) };
    // Mixture(w, D1, D2) has one weight; Mixture(w, D1, …, DK) with a simplex w of length K has K − 1 weights, its
    // first K − 1 elements (the engine takes K − 1 weights, the last being 1 − their sum, then the K components).
    const comps = args.slice(1).map((a) => dist(asDistCall(a.value)!));
    const first = args[0].value;
    const simplex = first.kind === 'name' ? vectors.get(first.name) : undefined;
    const weights = simplex ? simplex.elements.slice(0, -1).map((e) => vl.element(simplex, e.codes)) : [expr(first)];
    return {
      spec: { name: 'Mixture', components: comps.map((c) => c.spec) },
      args: [...weights, ...comps.flatMap((c) => c.args)],
      weightLogRatios: simplex
        ? simplex.elements.slice(1).map((_, k) => paramIndex.get(simplexRatioName(simplex, k + 1))!)
        : undefined,
    };
  };

  /** The censored term's extra arguments: right mask, left mask, LO, HI (0, 0, −∞, ∞ when a clause is absent). */
  const clauseArgs = (st: LikelihoodStmt): Node[] => {
    const when = (side: 'right' | 'left'): Node => {
      const c = st.censored?.find((x) => x.side === side);
      return c?.when ? expr(c.when) : { op: 'const', value: 0 };
    };
    const t = st.truncated?.[0];
    return [
      when('right'),
      when('left'),
      t?.lo ? expr(t.lo) : { op: 'const', value: -Infinity },
      t?.hi ? expr(t.hi) : { op: 'const', value: Infinity },
    ];
  };

  const params: ParamSpec[] = an.params.map(({ ident, stmt }: { ident: { name: string }; stmt: ParamStmt }) => {
    const c = stmt.constraint;
    return {
      name: ident.name,
      lower: c?.kind === 'lower' ? c.lo : c?.kind === 'interval' ? c.lo : undefined,
      upper: c?.kind === 'upper' ? c.hi : c?.kind === 'interval' ? c.hi : undefined,
      init: stmt.init?.value,
    };
  });

  const terms: Term[] = [];
  const priors: Term[] = [];
  const derived: EngineModel['derived'][number][] = [];
  let options: FitOptions = DEFAULT_OPTIONS;
  an.file.statements.forEach((st, source) => {
    if (st.kind === 'likelihood' && st.dist) {
      const d = dist(st.dist, st.lhs);
      const y = d.y ?? expr(st.lhs);
      if (!st.censored?.length && !st.truncated?.length)
        terms.push({ dist: d.spec, y, args: d.args, source, weightLogRatios: d.weightLogRatios });
      else terms.push({ dist: { name: 'Censored', base: d.spec }, y, args: [...d.args, ...clauseArgs(st)], source });
    } else if (st.kind === 'prior' && st.dist) {
      const d = dist(st.dist);
      // `prior b1, b2 ~ D` gives each its prior; on a vector, each free element gets it.
      for (const name of st.names) {
        const v = vectors.get(name.name);
        const targets = v ? v.elements.filter((x) => !x.fixed).map((x) => x.name) : [name.name];
        for (const t of targets)
          priors.push({ dist: d.spec, y: { op: 'param', index: paramIndex.get(t)! }, args: d.args, source });
      }
    } else if (st.kind === 'derive' && st.value) {
      derived.push({ name: st.name.name, expr: expr(st.value), source });
    } else if (st.kind === 'fit') {
      const o: Record<string, unknown> = { ...options };
      for (const opt of st.options) {
        // `jacobian` is applied to the reported likelihood (outcome-jacobian.ts), not by the optimizer.
        if (!fitOption(opt.name.name) || !opt.value || opt.name.name === 'jacobian') continue;
        o[opt.name.name] = opt.value.kind === 'word' ? opt.value.word : opt.value.value;
      }
      options = o as unknown as FitOptions;
    }
  });
  return { params, n, terms, priors, derived, options };
}
