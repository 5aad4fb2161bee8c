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
      const w1 = (a: number): string => {
        weights.add(`const w${ti}_${a} = D1_${ti}_${a}[ii];`);
        return `w${ti}_${a}`;
      };
      const w2 = (a: number, b: number): string => {
        const k = tri(a, b, K);
        weights.add(`const u${ti}_${k} = D2_${ti}_${k}[ii];`);
        return `u${ti}_${k}`;
      };
      // An argument that is a function of a parameter-dependent slot, a = f(b), passes the density's partials down
      // to b (w1·f′, and w2·f′² + w1·f″ on its diagonal): for exp(η) with η linear the Hessian then takes one weight
      // times ∂η∂ηᵀ per pair instead of w2·∂a∂aᵀ + w1·∂²a, each of whose entries is a product of its own.
      const eff = live.map(({ A, a }) => {
        const pushed = A.node.op === 'call' && !A.signs && A.kids[0].m > 0;
        return {
          a,
          B: pushed ? A.kids[0] : A,
          fa: pushed ? `fa${e.num(A)}` : undefined,
          faa: pushed && curvature ? `faa${e.num(A)}` : undefined,
        };
      });
      type Eff = (typeof eff)[number];
      const ew1 = (x: Eff): string => {
        if (!x.fa) return w1(x.a);
        weights.add(`const we${ti}_${x.a} = ${w1(x.a)} * ${x.fa};`);
        return `we${ti}_${x.a}`;
      };
      const ew2 = (x: Eff, y: Eff): string => {
        if (!x.fa && !y.fa) return w2(x.a, y.a);
        let expr = [w2(x.a, y.a), x.fa, y.fa].filter((z) => z).join(' * ');
        if (x === y && x.faa) expr += ` + ${w1(x.a)} * ${x.faa}`;
        weights.add(`const ue${ti}_${x.a}_${y.a} = ${expr};`);
        return `ue${ti}_${x.a}_${y.a}`;
      };
      for (const x of eff) {
        const B = x.B;
        const dB = sym.get(B)!;
        for (let p = 0; p < B.m; p++) {
          const dp = dB.d[p];
          if (dp === null) continue;
          const w = ew1(x);
          grad[B.deps[p]].push(dp === '1' ? w : `${w} * ${dp}`);
        }
        if (curvature && !B.linear)
          for (let p = 0; p < B.m; p++)
            for (let q = p; q < B.m; q++) {
              const hp = dB.h[B.pair[p * B.m + q]];
              if (hp === null) continue;
              addH(B.deps[p], B.deps[q], `${ew1(x)} * ${hp}`);
            }
      }
      if (order === 2)
        for (let xi = 0; xi < eff.length; xi++)
          for (let yi = xi; yi < eff.length; yi++) {
            const x = eff[xi];
            const y = eff[yi];
            const dA = sym.get(x.B)!.d;
            const dB = sym.get(y.B)!.d;
            for (let p = 0; p < x.B.m; p++)
              for (let q = 0; q < y.B.m; q++) {
                const xd = dA[p];
                const yd = dB[q];
                if (xd === null || yd === null) continue;
                const j = x.B.deps[p];
                const k = y.B.deps[q];
                if (x === y && k < j) continue;
                const w = ew2(x, y);
                // x ≠ y: the (y, x) term is the transpose, so the pair (j, k) gets both orders (twice when j = k).
                const times = x !== y && j === k ? '2 * ' : '';
                const prod = [xd, yd].filter((z) => z !== '1').join(' * ');
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
