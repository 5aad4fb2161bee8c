// Lowers an error-free Analysis to the engine's model form: names resolved, lets shared, rows with missing values dropped.

import type { Arg, DistCall, Expr, LetStmt, LikelihoodStmt, ParamStmt } from './ast.ts';
import type { Analysis } from './analysis-types.ts';
import { distribution, fitOption } from './builtins.ts';
import { constantOf } from './scope.ts';
import { asDistCall } from './checks/distribution-calls.ts';
import { lowerCall } from './lower-calls.ts';
import { vectorLowering } from './lower-vectors.ts';
import { factorOf } from '../data/factors.ts';
import type { VectorParam } from './vectors.ts';
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

  const expr = (e: Expr): Node => {
    switch (e.kind) {
      case 'number':
        return { op: 'const', value: e.value };
      case 'unary':
        return { op: 'neg', a: expr(e.operand) };
      case 'binary':
        return { op: 'bin', fn: e.op, a: expr(e.left), b: expr(e.right) };
      case 'call':
        return lowerCall(e, expr, n);
      case 'index':
        return vl.index(e);
      case 'name': {
        const c = constantOf(e, an.symbols);
        if (c !== undefined) return { op: 'const', value: c };
        const pi = paramIndex.get(e.name);
        if (pi !== undefined) return { op: 'param', index: pi };
        const s = an.symbols.get(e.name);
        if (s?.kind === 'let') {
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

  const dist = (call: DistCall): { spec: DistSpec; args: Node[] } => {
    const args = orderedArgs(call);
    if (call.name.name !== 'Mixture') return { spec: { name: call.name.name }, args: args.map((a) => expr(a.value)) };
    // v1 writes Mixture(w, D1, D2): one weight, then the components (the engine takes K − 1 weights, then K of them).
    const comps = args.slice(1).map((a) => dist(asDistCall(a.value)!));
    return {
      spec: { name: 'Mixture', components: comps.map((c) => c.spec) },
      args: [expr(args[0].value), ...comps.flatMap((c) => c.args)],
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
      const d = dist(st.dist);
      const y = expr(st.lhs);
      if (!st.censored?.length && !st.truncated?.length) terms.push({ dist: d.spec, y, args: d.args, source });
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
