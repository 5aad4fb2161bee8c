// Compiles a program's slot graph into two fused row loops per chunk: one for the arguments' values, one for the
// gradient and Hessian of Σ log p (forward-mode derivatives in locals, contracted with the density's partials).

import type { Slot } from '../eval/slots.ts';
import { tri } from '../distributions/types.ts';
import { Emitter, Unsupported, generatedFunction, powPartials, type Emitted } from './emit.ts';

/** One term as the kernel sees it: its argument slots (index 0 is y) and the density's partial buffers. */
export interface KernelTerm {
  readonly xs: readonly Slot[];
  readonly d1: readonly Float64Array[];
  readonly d2: readonly Float64Array[];
}

/** Fills the value buffer (slot.val) of every parameter-dependent slot over rows [start, start + len). */
export type ValuesFn = (theta: Float64Array, start: number, len: number) => void;
/** Adds Σ_rows of the gradient (and Hessian, P×P row-major) of Σ log p over the chunk into G (and H). */
export type DerivsFn = (theta: Float64Array, start: number, len: number, G: Float64Array, H: Float64Array) => void;

/** Parameters beyond which the unrolled Hessian accumulators would make the generated source too large. */
const MAX_PARAMS = 48;
/** Longest generated source accepted (characters); larger graphs stay interpreted. */
const MAX_SOURCE = 1_500_000;

export class Kernel {
  private readonly emitter: Emitter;
  private readonly derivs = new Map<string, DerivsFn>();
  /** Slots whose values the value pass stores: the densities' arguments and what the derivative pass reads. */
  private readonly stored: Set<Slot>;
  readonly values: ValuesFn;
  /** Every source generated so far (for the tests of the safety invariant). */
  readonly sources: string[] = [];

  /** Throws Unsupported when the graph has a node kind or a size the compiler does not handle. */
  constructor(
    private readonly slots: readonly Slot[],
    private readonly terms: readonly KernelTerm[],
    private readonly P: number,
  ) {
    if (P > MAX_PARAMS) throw new Unsupported('too many parameters');
    this.emitter = new Emitter(slots);
    this.stored = this.neededValues();
    this.values = this.buildValues();
  }

  /**
   * The derivative pass for order 1 or 2 (observed, or `expected`: without the arguments' own curvature); undefined
   * where its source would be too large (the caller interprets).
   */
  derivatives(order: 1 | 2, expected: boolean): DerivsFn | undefined {
    const key = `${order}${expected ? 'e' : ''}`;
    let f = this.derivs.get(key);
    if (!f) {
      try {
        f = this.buildDerivs(order, expected);
      } catch (e) {
        if (e instanceof Unsupported) return undefined;
        throw e;
      }
      this.derivs.set(key, f);
    }
    return f;
  }

  private compile<T>(body: string, extra: Record<string, unknown>): T {
    const src = `${this.emitter.prelude()}\n${body}`;
    if (src.length > MAX_SOURCE) throw new Unsupported('the generated source is too large');
    this.sources.push(src);
    const names = ['IN', 'V', ...Object.keys(extra)];
    // The source holds only this module's and emit.ts's fragments and synthetic names (see emit.ts).
    const factory = generatedFunction(names, `'use strict';\n${src}`);
    return factory(
      this.emitter.inputs,
      this.slots.map((s) => s.val),
      ...Object.values(extra),
    ) as T;
  }

  /**
   * The arguments, and every non-parameter slot the observed second-order pass reads (a superset of what the first-
   * order and expected passes read): an intermediate such as b·x is recomputed from b and x, not stored and reloaded.
   */
  private neededValues(): Set<Slot> {
    const e = this.emitter;
    const sym = new Map<Slot, Emitted>();
    const code: string[] = [];
    for (const s of this.slots) {
      const kids = s.kids.map((k) => sym.get(k) ?? { v: e.value(k), d: [], h: [] });
      const r = e.derivCode(s, kids, 2);
      code.push(...r.code);
      sym.set(s, r.sym);
    }
    const used = new Set(code.join('\n').match(/\bv\d+\b/g));
    const out = new Set<Slot>();
    for (const s of this.slots) if (s.node.op !== 'param' && used.has(`v${e.num(s)}`)) out.add(s);
    for (const t of this.terms) for (const s of t.xs) if (s.m > 0) out.add(s);
    return out;
  }

  private buildValues(): ValuesFn {
    const e = this.emitter;
    const params = new Set<number>();
    const rows: string[] = [];
    for (const s of this.slots) {
      if (s.node.op === 'param') params.add(s.node.index);
      rows.push(e.valueCode(s, (j) => `th${j}`));
      if (this.stored.has(s)) rows.push(`V${e.num(s)}[ii] = v${e.num(s)};`);
    }
    const body = [
      ...this.slots.filter((s) => this.stored.has(s)).map((s) => `const V${e.num(s)} = V[${e.num(s)}];`),
      'return function values(th, start, len) {',
      ...[...params].map((j) => `const th${j} = th[${j}];`),
      'for (let ii = 0; ii < len; ii++) {',
      'const i = start + ii;',
      ...rows,
      '}',
      '};',
    ].join('\n');
    return this.compile<ValuesFn>(body, {});
  }

  private buildDerivs(order: 1 | 2, expected: boolean): DerivsFn {
    const e = this.emitter;
    const P = this.P;
    const sym = new Map<Slot, Emitted>();
    const code: string[] = [];
    const curvature = order === 2 && !expected;
    for (const s of this.slots) {
      const kids = s.kids.map((k) => sym.get(k) ?? { v: e.value(k), d: [], h: [] });
      // The arguments' own second derivatives are needed only for the observed Hessian.
      const r = e.derivCode(s, kids, curvature ? 2 : 1);
      code.push(...r.code);
      sym.set(s, r.sym);
    }
    // Per row: g_j += Σ w1·∂a/∂θj; H_jk += Σ_ab w2_ab ∂a/∂θj ∂b/∂θk + Σ_a w1_a ∂²a/∂θj∂θk.
    const grad: string[][] = Array.from({ length: P }, () => []);
    const hess = new Map<number, string[]>();
    const addH = (j: number, k: number, x: string): void => {
      const key = Math.min(j, k) * P + Math.max(j, k);
      const list = hess.get(key) ?? [];
      list.push(x);
      hess.set(key, list);
    };
    const weights = new Set<string>();
    const hoisted: string[] = [];
    this.terms.forEach((t, ti) => {
      const K = t.xs.length;
      const live = t.xs.map((A, a) => ({ A, a })).filter(({ A }) => A.m > 0);
      for (const { A, a } of live) {
        const w = `w${ti}_${a}`;
        const dA = sym.get(A)!;
        for (let p = 0; p < A.m; p++) {
          const dp = dA.d[p];
          if (dp === null) continue;
          weights.add(`const ${w} = D1_${ti}_${a}[ii];`);
          grad[A.deps[p]].push(dp === '1' ? w : `${w} * ${dp}`);
        }
        if (curvature && !A.linear)
          for (let p = 0; p < A.m; p++)
            for (let q = p; q < A.m; q++) {
              const hp = dA.h[A.pair[p * A.m + q]];
              if (hp === null) continue;
              weights.add(`const ${w} = D1_${ti}_${a}[ii];`);
              addH(A.deps[p], A.deps[q], `${w} * ${hp}`);
            }
      }
      if (order === 2)
        for (const { A, a } of live)
          for (const { A: B, a: b } of live) {
            if (b < a) continue;
            const w = `u${ti}_${tri(a, b, K)}`;
            const dA = sym.get(A)!.d;
            const dB = sym.get(B)!.d;
            for (let p = 0; p < A.m; p++)
              for (let q = 0; q < B.m; q++) {
                const x = dA[p];
                const y = dB[q];
                if (x === null || y === null) continue;
                const j = A.deps[p];
                const k = B.deps[q];
                if (a === b && k < j) continue;
                weights.add(`const ${w} = D2_${ti}_${tri(a, b, K)}[ii];`);
                // a ≠ b: the (b, a) term is the transpose, so the pair (j, k) gets both orders (twice when j = k).
                const times = a !== b && j === k ? '2 * ' : '';
                const prod = [x, y].filter((z) => z !== '1').join(' * ');
                addH(j, k, `${times}${w}${prod ? ' * ' + prod : ''}`);
              }
          }
      t.d1.forEach((_, a) => hoisted.push(`const D1_${ti}_${a} = T[${ti}].d1[${a}];`));
      if (order === 2) t.d2.forEach((_, k) => hoisted.push(`const D2_${ti}_${k} = T[${ti}].d2[${k}];`));
    });
    const gj = [...grad.keys()].filter((j) => grad[j].length);
    const hk = [...hess.keys()].sort((a, b) => a - b);
    const body = [
      ...this.slots.filter((s) => this.stored.has(s)).map((s) => `const V${e.num(s)} = V[${e.num(s)}];`),
      ...hoisted,
      'const BP = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };',
      'return function derivs(th, start, len, G, H) {',
      ...this.slots.flatMap((s) => (s.node.op === 'param' ? [`const v${e.num(s)} = th[${s.node.index}];`] : [])),
      ...gj.map((j) => `let g${j} = 0;`),
      ...hk.map((k) => `let H${k} = 0;`),
      'for (let ii = 0; ii < len; ii++) {',
      'const i = start + ii;',
      ...this.slots
        .filter((s) => s.node.op !== 'param' && this.stored.has(s))
        .map((s) => `const v${e.num(s)} = V${e.num(s)}[ii];`),
      ...code,
      ...weights,
      ...gj.map((j) => `g${j} += ${grad[j].join(' + ')};`),
      ...hk.map((k) => `H${k} += ${hess.get(k)!.join(' + ')};`),
      '}',
      ...gj.map((j) => `G[${j}] += g${j};`),
      ...hk.flatMap((k) => {
        const j = Math.floor(k / P);
        const l = k % P;
        return j === l ? [`H[${k}] += H${k};`] : [`H[${k}] += H${k};`, `H[${l * P + j}] += H${k};`];
      }),
      '};',
    ].join('\n');
    return this.compile<DerivsFn>(body, { T: this.terms, POW: powPartials });
  }
}

/** A kernel for these slots and terms, or undefined where the compiler does not support them (the interpreter runs). */
export function tryKernel(slots: readonly Slot[], terms: readonly KernelTerm[], P: number): Kernel | undefined {
  try {
    return new Kernel(slots, terms, P);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
