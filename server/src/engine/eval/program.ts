// Evaluates Σ log p(y | args) over all rows with exact gradient and Hessian, chunk by chunk over Float64Array columns.

import type { Node, Term } from '../model.ts';
import { compileSlots, type Slot } from './slots.ts';
import { evalSlot, makeScratch, type Scratch, type ValueOf } from './kernels.ts';
import { resolveDist } from '../distributions/index.ts';
import { makeOut, tri, type DistImpl, type DistOut } from '../distributions/types.ts';
import { tryKernel, type DerivsFn, type Kernel } from '../compile/kernel.ts';
import { compilerEnabled } from '../compile/switch.ts';

export const CHUNK = 1024;

/** Above this many parameter pairs between two argument slots the Hessian is accumulated row by row over active pairs. */
const SPARSE_PAIRS = 64 * 64;

interface CompiledTerm {
  readonly impl: DistImpl;
  /** Slots of y and the arguments (index 0 is y). */
  readonly xs: readonly Slot[];
  readonly out: DistOut;
  /** Precomputed data-only constant per row, when the distribution has one and its inputs are data. */
  readonly k?: Float64Array;
  readonly source: number;
}

/** Objective value, gradient (length P) and dense Hessian (P×P, row-major) on the natural parameter scale. */
export interface Eval {
  value: number;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
}

export const makeEval = (P: number): Eval => ({ value: 0, grad: new Float64Array(P), hess: new Float64Array(P * P) });

export class Program {
  private readonly slots: Slot[];
  private readonly terms: (CompiledTerm & { readonly d1: Float64Array[]; readonly d2: Float64Array[] })[];
  private readonly sc: Scratch;
  private readonly bcast = new Map<Slot, Float64Array>();
  readonly valueOf: ValueOf;
  /** The compiled kernel (undefined: not built yet; null: unsupported or switched off, so the interpreter runs). */
  private kernel?: Kernel | null;

  /**
   * `terms` share the row count n (likelihood terms: used rows; priors: n = 1). Throws only on engine bugs. With
   * `interpret`, never compiles (the reference the compiled kernels are tested against).
   */
  constructor(
    terms: readonly Term[],
    readonly n: number,
    readonly P: number,
    resolve: (t: Term, chunk: number) => DistImpl | undefined = (t, chunk) => resolveDist(t.dist, chunk),
    private readonly interpret = false,
  ) {
    const C = Math.max(1, Math.min(CHUNK, n));
    const roots: Node[] = terms.flatMap((t) => [t.y, ...t.args]);
    const { slots, of } = compileSlots(roots, n, C);
    this.slots = slots;
    this.sc = makeScratch(C);
    this.terms = terms.map((t) => {
      const impl = resolve(t, C);
      if (!impl) throw new Error(`no implementation for distribution ${t.dist.name}`);
      const xs = [t.y, ...t.args].map((x) => of.get(x)!);
      const out = makeOut(xs.length, C);
      return { impl, xs, out, d1: out.d1, d2: out.d2, k: this.dataConstant(impl, xs), source: t.source };
    });
    this.valueOf = (s, start, len) => {
      if (s.m > 0) return s.val;
      const f = s.fixed!;
      if (f.length === 1 && n !== 1) {
        let b = this.bcast.get(s);
        if (!b) {
          b = new Float64Array(C).fill(f[0]);
          this.bcast.set(s, b);
        }
        return b;
      }
      return f.subarray(start, start + len);
    };
  }

  private dataConstant(impl: DistImpl, xs: Slot[]): Float64Array | undefined {
    const dc = impl.dataConstant;
    if (!dc || ![0, ...dc.args].every((a) => xs[a].m === 0)) return undefined;
    const k = new Float64Array(this.n);
    const at = (s: Slot, i: number): number => (s.fixed!.length === 1 ? s.fixed![0] : s.fixed![i]);
    const row = new Array<number>(xs.length).fill(0);
    for (let i = 0; i < this.n; i++) {
      for (const a of dc.args) row[a] = at(xs[a], i);
      row[0] = at(xs[0], i);
      k[i] = dc.f(row);
    }
    return k;
  }

  /** Adds the objective and (by order) its derivatives into `out` (which the caller zeroes). Returns false if non-finite. */
  /** True when every term has closed-form expected information (so `expected` evaluations are possible). */
  get hasFisher(): boolean {
    return this.terms.every((t) => !!t.impl.fisher);
  }

  /**
   * With `expected`, order 2 accumulates the expected Hessian −I(θ) = −Σ Jᵀ F J instead of the observed one: the
   * arguments' own curvature drops out because the expected score is zero.
   */
  /** Evaluations so far: a caller's memo of the last one is valid while this is unchanged (no pass since). */
  evaluations = 0;

  evaluate(theta: Float64Array, order: 0 | 1 | 2, out: Eval, perTerm?: Float64Array, expected = false): boolean {
    this.evaluations++;
    const kernel = this.compiledKernel();
    const derivs = kernel && order > 0 ? kernel.derivatives(order as 1 | 2, expected) : undefined;
    if (kernel && (order === 0 || derivs))
      return this.evaluateCompiled(kernel, derivs, theta, order, out, perTerm, expected);
    const { n, P } = this;
    const C = this.sc.C;
    const g = out.grad;
    const H = out.hess;
    for (let start = 0; start < n; start += C) {
      const len = Math.min(C, n - start);
      for (const s of this.slots) evalSlot(s, theta, start, len, order, this.valueOf, this.sc);
      for (let ti = 0; ti < this.terms.length; ti++) {
        const t = this.terms[ti];
        const xv = this.termDensity(ti, start, len, order, out, perTerm);
        if (!xv) return false;
        const { d1, d2 } = t.out;
        if (order === 0) continue;
        const K = t.xs.length;
        for (let a = 0; a < K; a++) {
          const A = t.xs[a];
          for (let p = 0; p < A.m; p++) {
            let acc = 0;
            const o = p * C;
            const w = d1[a];
            for (let i = 0; i < len; i++) acc += w[i] * A.d[o + i];
            g[A.deps[p]] += acc;
          }
        }
        if (order === 1) continue;
        if (expected) t.impl.fisher!(len, xv, t.out);
        for (let a = 0; a < K; a++) {
          const A = t.xs[a];
          if (A.m === 0) continue;
          // d2 is symmetric in (a, b): each pair once, its transpose added alongside (halves the work for many args).
          for (let b = a; b < K; b++) {
            const B = t.xs[b];
            if (B.m === 0) continue;
            const w = d2[tri(a, b, K)];
            if (A.m * B.m > SPARSE_PAIRS) {
              // Many parameters, few active per row (a factor's levels): accumulate each row's active pairs.
              this.sparsePairs(A, B, w, len, H, a !== b);
              continue;
            }
            for (let p = 0; p < A.m; p++) {
              const ap = p * C;
              for (let q = 0; q < B.m; q++) {
                const bq = q * C;
                let acc = 0;
                for (let i = 0; i < len; i++) acc += w[i] * A.d[ap + i] * B.d[bq + i];
                H[A.deps[p] * P + B.deps[q]] += acc;
                if (b !== a) H[B.deps[q] * P + A.deps[p]] += acc;
              }
            }
          }
          if (A.linear || expected) continue;
          const w = d1[a];
          for (let p = 0; p < A.m; p++) {
            for (let q = p; q < A.m; q++) {
              const ho = A.pair[p * A.m + q] * C;
              let acc = 0;
              for (let i = 0; i < len; i++) acc += w[i] * A.h[ho + i];
              const x = A.deps[p];
              const y = A.deps[q];
              H[x * P + y] += acc;
              if (x !== y) H[y * P + x] += acc;
            }
          }
        }
      }
    }
    if (order >= 1) for (let j = 0; j < P; j++) if (!Number.isFinite(g[j])) return false;
    return Number.isFinite(out.value);
  }

  private readonly active = new Map<Slot, { ptr: Int32Array; idx: Int32Array }>();
  private fillBuf?: Int32Array;

  /**
   * The nonzero derivative columns of slot A at each row of the chunk (compressed by row, columns ascending), read
   * column by column: O(m·len) where the pairs would cost O(m²·len).
   */
  private activeRows(A: Slot, len: number): { ptr: Int32Array; idx: Int32Array } {
    const C = this.sc.C;
    let buf = this.active.get(A);
    if (!buf) {
      buf = { ptr: new Int32Array(C + 1), idx: new Int32Array(A.m * C) };
      this.active.set(A, buf);
    }
    const { ptr, idx } = buf;
    ptr.fill(0);
    const d = A.d;
    for (let p = 0; p < A.m; p++) for (let i = 0, o = p * C; i < len; i++, o++) if (d[o] !== 0) ptr[i + 1]++;
    for (let i = 0; i < len; i++) ptr[i + 1] += ptr[i];
    const fill = (this.fillBuf ??= new Int32Array(C));
    fill.set(ptr.subarray(0, len));
    for (let p = 0; p < A.m; p++) for (let i = 0, o = p * C; i < len; i++, o++) if (d[o] !== 0) idx[fill[i]++] = p;
    return buf;
  }

  /** H += Σ_i w_i ∂A_i ∂B_iᵀ over each row's active entries only (and the transpose when A ≠ B). */
  private sparsePairs(A: Slot, B: Slot, w: Float64Array, len: number, H: Float64Array, mirror: boolean): void {
    const C = this.sc.C;
    const P = this.P;
    const a = this.activeRows(A, len);
    const b = B === A ? a : this.activeRows(B, len);
    for (let i = 0; i < len; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      for (let x = a.ptr[i]; x < a.ptr[i + 1]; x++) {
        const p = a.idx[x];
        const ap = wi * A.d[p * C + i];
        const row = A.deps[p] * P;
        for (let y = b.ptr[i]; y < b.ptr[i + 1]; y++) {
          const q = b.idx[y];
          const v = ap * B.d[q * C + i];
          H[row + B.deps[q]] += v;
          if (mirror) H[B.deps[q] * P + A.deps[p]] += v;
        }
      }
    }
  }

  /**
   * Term ti's log-density over rows [start, start + len) at the slots' current values, added to out.value (and
   * perTerm); returns the term's argument columns, or undefined (out.value = −∞) when the sum is not finite.
   */
  private termDensity(
    ti: number,
    start: number,
    len: number,
    order: 0 | 1 | 2,
    out: Eval,
    perTerm: Float64Array | undefined,
  ): Float64Array[] | undefined {
    const t = this.terms[ti];
    const xv = t.xs.map((s) => this.valueOf(s, start, len));
    t.impl.logpdf(len, xv, order, t.out, t.k ? t.k.subarray(start, start + len) : undefined);
    const lp = t.out.lp;
    let sum = 0;
    for (let i = 0; i < len; i++) sum += lp[i];
    if (!Number.isFinite(sum)) {
      out.value = -Infinity;
      return undefined;
    }
    out.value += sum;
    if (perTerm) perTerm[ti] += sum;
    return xv;
  }

  /** The compiled kernel this program evaluates with, built on first use; null where it interprets. */
  compiledKernel(): Kernel | null {
    if (this.kernel === undefined)
      this.kernel = this.interpret || !compilerEnabled() ? null : (tryKernel(this.slots, this.terms, this.P) ?? null);
    return this.kernel;
  }

  /** As evaluate, with the slots' values and the derivative contraction done by the compiled kernel. */
  private evaluateCompiled(
    kernel: Kernel,
    derivs: DerivsFn | undefined,
    theta: Float64Array,
    order: 0 | 1 | 2,
    out: Eval,
    perTerm: Float64Array | undefined,
    expected: boolean,
  ): boolean {
    const { n } = this;
    const C = this.sc.C;
    for (let start = 0; start < n; start += C) {
      const len = Math.min(C, n - start);
      kernel.values(theta, start, len);
      for (let ti = 0; ti < this.terms.length; ti++) {
        const xv = this.termDensity(ti, start, len, order, out, perTerm);
        if (!xv) return false;
        if (order === 2 && expected) this.terms[ti].impl.fisher!(len, xv, this.terms[ti].out);
      }
      if (derivs) derivs(theta, start, len, out.grad, out.hess);
    }
    if (order >= 1) for (let j = 0; j < this.P; j++) if (!Number.isFinite(out.grad[j])) return false;
    return Number.isFinite(out.value);
  }

  /**
   * Per-row scores: ∂(Σ_terms log p_i)/∂θ for each row i, as an n×P row-major array (for sandwich SEs). The engine's
   * terms share rows, so a row's score sums over the terms.
   */
  rowScores(theta: Float64Array): Float64Array {
    const { n, P } = this;
    const C = this.sc.C;
    const out = new Float64Array(n * P);
    for (let start = 0; start < n; start += C) {
      const len = Math.min(C, n - start);
      for (const s of this.slots) evalSlot(s, theta, start, len, 1, this.valueOf, this.sc);
      for (const t of this.terms) {
        t.impl.logpdf(
          len,
          t.xs.map((s) => this.valueOf(s, start, len)),
          1,
          t.out,
          t.k?.subarray(start, start + len),
        );
        t.xs.forEach((A, a) => {
          const w = t.out.d1[a];
          for (let p = 0; p < A.m; p++) {
            const j = A.deps[p];
            for (let i = 0; i < len; i++) out[(start + i) * P + j] += w[i] * A.d[p * C + i];
          }
        });
      }
    }
    return out;
  }
}
