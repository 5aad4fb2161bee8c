// Concentrates σ out of a Normal likelihood: maximising over β is minimising RSS(β)/2, then σ̂² = RSS/n.

import type { EngineModel, Term } from '../model.ts';
import { Program, makeEval } from '../eval/program.ts';
import type { Transform } from '../eval/transforms.ts';
import type { Objective, OptimizeResult } from '../optimize/types.ts';
import { leastSquaresQR } from '../linalg/householder-qr.ts';
import type { GramSums, Residuals } from '../optimize/levenberg-marquardt.ts';
import { compileSlots } from '../eval/slots.ts';
import { evalSlot, makeScratch } from '../eval/kernels.ts';
import { residualKernel } from '../compile/residual-kernel.ts';
import { rssKernel } from '../compile/rss-kernel.ts';
import { compilerEnabled } from '../compile/switch.ts';

export interface Concentrated {
  /** Minimised over the free coordinates of every parameter except σ. */
  readonly objective: Objective;
  /** Index of σ among the parameters. */
  readonly sigma: number;
  /** The other parameters, in order. */
  readonly rest: readonly number[];
  /** Residuals mean − y at the free coordinates of `rest`, and the Jacobian columns ∂mean/∂v (for Levenberg–Marquardt). */
  readonly residuals: Residuals;
  /** ‖r‖², Jᵀr and JᵀJ at the free coordinates in one compiled pass (Levenberg–Marquardt's Gram mode), if compiled. */
  readonly gram?: GramSums;
  /**
   * The full likelihood's value, natural-scale gradient and observed Hessian (P×P) at natural-scale θ (σ included), from
   * the compiled RSS sums (Σr², Σr∂m, Σ∂m∂mᵀ, Σr∂²m) — the optimizer's last pass when θ is its optimum. Undefined when
   * the mean is interpreted.
   */
  logLikAt?(theta: Float64Array): { value: number; grad: Float64Array; hess: Float64Array; ok: boolean } | undefined;
  /** Not converged, or some parameter's effect on the fit has vanished (‖J_j·β_j‖ ≪ ‖y‖: a saturated exp). */
  degenerate(res: OptimizeResult): boolean;
  /** Expected-information covariance at free coordinates v: σ̂²(JᵀJ)⁻¹ by QR for the mean, σ̂²/(2n) for σ. */
  gaussNewtonCov(v: Float64Array, sigma: number): number[][] | undefined;
  /** σ̂ = sqrt(RSS(β)/n) at the natural-scale parameters (σ's entry ignored). */
  sigmaHat(theta: Float64Array): number;
  /**
   * Whether the full log-likelihood is finite at natural-scale θ (σ included), from the compiled sums (a pass the
   * optimizer's first step then replays); undefined when the mean is interpreted (the caller asks the program).
   */
  finiteAt?(theta: Float64Array): boolean;
  /** Passes over the rows the compiled sums made so far (each replayed evaluation saves one). */
  passes(): number;
}

/** Applies to one Normal term on data whose σ is a parameter > 0 that the mean does not involve, without priors. */
export function concentrateSigma(
  model: EngineModel,
  terms: readonly Term[],
  tr: readonly Transform[],
): Concentrated | undefined {
  if (terms.length !== 1 || model.priors.length) return undefined;
  const t = terms[0];
  const [mean, sd] = t.args;
  if (t.dist.name !== 'Normal' || sd.op !== 'param') return undefined;
  const s = sd.index;
  const sp = model.params[s];
  if (sp.lower !== 0 || sp.upper !== undefined) return undefined;
  const P = model.params.length;
  // With σ = 1 the program's value is −(n/2)·log 2π − RSS/2, its gradient −∇RSS/2, its (expected) Hessian −JᵀJ.
  // Built on first use: the compiled sums stand in for it wherever the compiler supports the mean.
  let unitMemo: Program | undefined;
  const unit = (): Program =>
    (unitMemo ??= new Program([{ ...t, args: [mean, { op: 'const', value: 1 }] }], model.n, P));
  const ev = makeEval(P);
  const rest = Array.from({ length: P }, (_, j) => j).filter((j) => j !== s);
  const R = rest.length;
  const n = model.n;
  const theta = new Float64Array(P);
  const rbuf = new Float64Array(n);
  const sumsq = (v: Float64Array): number => {
    let a = 0;
    for (let i = 0; i < v.length; i++) a += v[i] * v[i];
    return a;
  };
  // Least squares itself (not its log, whose concavity would make Newton's Hessian indefinite): f = RSS/2,
  // ∇f = Jᵀr, ∇²f = JᵀJ + Σ r∇²r (observed) or JᵀJ (scoring: Gauss-Newton).
  const objective: Objective = (v, order, g, H, expected = false) => {
    rest.forEach((j, a) => {
      theta[j] = tr[j].toNatural(v[a]);
    });
    // Only the sum of squares (a line-search trial). Compiled, the trial's whole sums: near the optimum the trial is
    // accepted and Newton's next order-2 request at it is then this pass. Interpreted, the residuals alone.
    if (order === 0) return rss ? (sumsAt(theta) ? sums[0] / 2 : NaN) : residuals(v, rbuf) ? sumsq(rbuf) / 2 : NaN;
    if (rss) return rssObjective(v, order, g, H, expected);
    ev.value = 0;
    ev.grad.fill(0);
    ev.hess.fill(0);
    if (!unit().evaluate(theta, order, ev, undefined, expected)) return NaN;
    if (order >= 1)
      rest.forEach((j, a) => {
        g[a] = -ev.grad[j] * tr[j].d1(v[a]);
      });
    if (order === 2) {
      for (let a = 0; a < R; a++) {
        const i = rest[a];
        const di = tr[i].d1(v[a]);
        for (let b = 0; b < R; b++) H[a * R + b] = -ev.hess[i * P + rest[b]] * di * tr[rest[b]].d1(v[b]);
        if (!expected) H[a * R + a] -= ev.grad[i] * tr[i].d2(v[a]);
      }
    }
    // RSS straight from the residuals: as −2(logLik + n/2·log 2π) it would cancel catastrophically when tiny.
    return residuals(v, rbuf) ? sumsq(rbuf) / 2 : NaN;
  };
  // Residuals straight from the mean's slots: values and derivative columns, chunk by chunk.
  const C = Math.max(1, Math.min(1024, n));
  const { slots, of } = compileSlots([mean, t.y], n, C);
  const meanSlot = of.get(mean)!;
  const ySlot = of.get(t.y)!;
  if (ySlot.m > 0) return undefined;
  const sc = makeScratch(C);
  const valueOf = (sl: (typeof slots)[number], start: number, len: number): Float64Array =>
    sl.m > 0
      ? sl.val
      : sl.fixed!.length === 1
        ? new Float64Array(len).fill(sl.fixed![0])
        : sl.fixed!.subarray(start, start + len);
  const pos = rest.map((j) => meanSlot.deps.indexOf(j));
  // The compiled residual loop where the compiler supports the mean; the slot interpreter otherwise.
  // Compiled on first use: with the Gram sums the residuals themselves are rarely needed (QR fallback, se = expected).
  const useCompiler = compilerEnabled();
  let residualMemo: ReturnType<typeof residualKernel> | null = null;
  const compiledResiduals = (): ReturnType<typeof residualKernel> =>
    residualMemo === null
      ? (residualMemo = useCompiler ? residualKernel(slots, meanSlot, ySlot, rest, n) : undefined)
      : residualMemo;
  const scale = new Float64Array(R);
  // Newton's gradient and Hessian of RSS/2 in one compiled pass over the rows (else through the unit program).
  const rss = useCompiler ? rssKernel(slots, meanSlot, ySlot, rest, n) : undefined;
  const T = (R * (R + 1)) / 2;
  // The last two passes, each with its θ (none before the first pass): inference at the optimum replays Newton's last
  // pass, and Newton's first request, at Levenberg–Marquardt's point, finds it even when LM's last trial was rejected.
  let sums = new Float64Array(1 + R + 2 * T);
  let sumsTheta = new Float64Array(P);
  let sumsKnown = false;
  let sumsOk = false;
  let prevSums = new Float64Array(1 + R + 2 * T);
  let prevTheta = new Float64Array(P);
  let prevKnown = false;
  let prevOk = false;
  let passCount = 0;
  const at = (th: Float64Array, of: Float64Array): boolean => rest.every((j) => Object.is(th[j], of[j]));
  const swap = (): void => {
    [sums, prevSums] = [prevSums, sums];
    [sumsTheta, prevTheta] = [prevTheta, sumsTheta];
    [sumsKnown, prevKnown] = [prevKnown, sumsKnown];
    [sumsOk, prevOk] = [prevOk, sumsOk];
  };
  /** The order-2 sums at natural-scale θ (the rest's entries) into `sums`, reusing the last two passes at the same θ. */
  const sumsAt = (th: Float64Array): boolean => {
    if (sumsKnown && at(th, sumsTheta)) return sumsOk;
    swap();
    if (sumsKnown && at(th, sumsTheta)) return sumsOk;
    sumsOk = rss!.fn(th, sums);
    passCount++;
    sumsKnown = true;
    for (const j of rest) sumsTheta[j] = th[j];
    return sumsOk;
  };
  // Levenberg–Marquardt's sums on the free scale (J's columns carry the transforms' d1), from the same order-2 kernel:
  // its Σr∂²m costs ~20% more per pass than an order-1 loop, but one generated loop warms up once instead of two (a
  // fresh kernel's first passes run 3–5× slower than warm ones), and Newton's polish replays LM's last point.
  const gram: GramSums | undefined = rss
    ? (v, out) => {
        rest.forEach((j, a) => {
          theta[j] = tr[j].toNatural(v[a]);
          scale[a] = tr[j].d1(v[a]);
        });
        if (!sumsAt(theta)) return false;
        out[0] = sums[0];
        for (let a = 0, k = 0; a < R; a++) {
          out[1 + a] = sums[1 + a] * scale[a];
          for (let b = a; b < R; b++, k++) out[1 + R + k] = sums[1 + R + k] * scale[a] * scale[b];
        }
        return true;
      }
    : undefined;
  /** f = RSS/2, ∇f = Σ r∂m·u′, ∇²f = (Σ ∂m∂mᵀ + Σ r∂²m)·u′u′ + diag(Σ r∂m·u″) at θ already in `theta`. */
  const rssObjective = (
    v: Float64Array,
    order: number,
    g: Float64Array,
    H: Float64Array,
    expected: boolean,
  ): number => {
    if (!sumsAt(theta)) return NaN;
    for (let a = 0; a < R; a++) g[a] = sums[1 + a] * tr[rest[a]].d1(v[a]);
    if (order === 2)
      for (let a = 0, k = 0; a < R; a++)
        for (let b = a; b < R; b++, k++) {
          const c = expected ? 0 : sums[1 + R + T + k];
          const hab = (sums[1 + R + k] + c) * tr[rest[a]].d1(v[a]) * tr[rest[b]].d1(v[b]);
          H[a * R + b] = hab;
          H[b * R + a] = hab;
        }
    if (order === 2 && !expected) for (let a = 0; a < R; a++) H[a * R + a] += sums[1 + a] * tr[rest[a]].d2(v[a]);
    return sums[0] / 2;
  };
  /** The residuals at natural-scale parameters `th` (values only): the compiled loop or the slot interpreter. */
  const residualsAt = (th: Float64Array, r: Float64Array): boolean => {
    const compiled = compiledResiduals();
    return compiled ? compiled.fn(th, r, undefined, scale) : interpreted(th, r);
  };
  const residuals: Residuals = (v, r, J) => {
    const compiled = compiledResiduals();
    if (compiled) {
      rest.forEach((j, a) => {
        theta[j] = tr[j].toNatural(v[a]);
        scale[a] = tr[j].d1(v[a]);
      });
      return compiled.fn(theta, r, J, scale);
    }
    rest.forEach((j, a) => {
      theta[j] = tr[j].toNatural(v[a]);
    });
    return interpreted(theta, r, J, v);
  };
  const interpreted = (th: Float64Array, r: Float64Array, J?: Float64Array[], v?: Float64Array): boolean => {
    for (let start = 0; start < n; start += C) {
      const len = Math.min(C, n - start);
      for (const sl of slots) evalSlot(sl, th, start, len, J ? 1 : 0, valueOf, sc);
      const mv = valueOf(meanSlot, start, len);
      const yv = valueOf(ySlot, start, len);
      for (let i = 0; i < len; i++) r[start + i] = mv[i] - yv[i];
      if (J)
        rest.forEach((j, a) => {
          const col = J[a];
          const q = pos[a];
          const d1 = tr[j].d1(v![a]);
          if (q < 0) col.fill(0, start, start + len);
          else for (let i = 0; i < len; i++) col[start + i] = meanSlot.d[q * C + i] * d1;
        });
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(r[i])) return false;
    return true;
  };
  // σ must not enter the mean (structurally: then it cannot be profiled out), and the mean must not be NaN with every
  // parameter at 0, the Normal log-density's (σ = 1) own test of old (one full order-1 pass, now one residual pass).
  if (meanSlot.deps.includes(s)) return undefined;
  // Compiled, the sums' pass says whether every residual is finite; only if not, the residuals say whether one is NaN.
  const zero = new Float64Array(P);
  if (!(rss && sumsAt(zero)) && !residualsAt(zero, rbuf) && rbuf.some(Number.isNaN)) return undefined;
  // The n-row buffers of the interpreted paths, allocated on first use.
  let r = new Float64Array(0);
  let J: Float64Array[] = [];
  const rowBuffers = (): void => {
    if (r.length === n) return;
    r = new Float64Array(n);
    J = rest.map(() => new Float64Array(n));
  };
  const norm = (v: Float64Array): number => Math.sqrt(sumsq(v));
  let yNorm = NaN;
  const degenerate = (res: OptimizeResult): boolean => {
    if (!res.converged) return true;
    let colNorm: (a: number) => number;
    let rNorm: number;
    if (rss) {
      // From the sums at the optimum (Newton's last pass): ‖J_a‖ = √(Σ∂m_a²)·|u′|, ‖r‖ = √Σr².
      rest.forEach((j, a) => {
        theta[j] = tr[j].toNatural(res.u[a]);
      });
      if (!sumsAt(theta)) return true;
      colNorm = (a) => Math.sqrt(sums[1 + R + a * R - (a * (a - 1)) / 2]) * Math.abs(tr[rest[a]].d1(res.u[a]));
      rNorm = Math.sqrt(sums[0]);
    } else {
      if (!residuals(res.u, r, J)) return true;
      colNorm = (a) => norm(J[a]);
      rNorm = norm(r);
    }
    if (Number.isNaN(yNorm)) yNorm = norm(valueOf(ySlot, 0, n));
    const scale = Math.max(yNorm, rNorm, 1e-300);
    return rest.some((_, a) => colNorm(a) * Math.max(Math.abs(res.u[a]), 1e-8) < 1e-10 * scale);
  };
  const gaussNewtonCov = (v: Float64Array, sigma: number): number[][] | undefined => {
    rowBuffers();
    if (!residuals(v, r, J)) return undefined;
    const ls = leastSquaresQR(J, new Float64Array(n), 1e-13, false);
    if (!ls.xtxInv) return undefined;
    const cov = Array.from({ length: P }, () => new Array<number>(P).fill(0));
    const d = rest.map((j, a) => tr[j].d1(v[a]));
    rest.forEach((i, a) =>
      rest.forEach((j, b) => {
        cov[i][j] = sigma * sigma * ls.xtxInv![a * R + b] * d[a] * d[b];
      }),
    );
    cov[s][s] = (sigma * sigma) / (2 * n);
    return cov;
  };
  /**
   * ℓ = −n/2·log 2π − n·log σ − S/(2σ²) with S = Σr², r = m − y: ∂ℓ/∂β = −Σr∂m/σ², ∂ℓ/∂σ = −n/σ + S/σ³,
   * ∂²ℓ/∂β∂βᵀ = −(Σ∂m∂mᵀ + Σr∂²m)/σ², ∂²ℓ/∂β∂σ = 2Σr∂m/σ³, ∂²ℓ/∂σ² = n/σ² − 3S/σ⁴.
   */
  const logLikAt = (th: Float64Array): { value: number; grad: Float64Array; hess: Float64Array; ok: boolean } => {
    const grad = new Float64Array(P);
    const hess = new Float64Array(P * P);
    const sg = th[s];
    if (!sumsAt(th) || !(sg > 0)) return { value: NaN, grad, hess, ok: false };
    const S = sums[0];
    const s2 = sg * sg;
    const value = (-n / 2) * Math.log(2 * Math.PI) - n * Math.log(sg) - S / (2 * s2);
    for (let a = 0, k = 0; a < R; a++) {
      const i = rest[a];
      grad[i] = -sums[1 + a] / s2;
      const cross = (2 * sums[1 + a]) / (s2 * sg);
      hess[i * P + s] = cross;
      hess[s * P + i] = cross;
      for (let b = a; b < R; b++, k++) {
        const h = -(sums[1 + R + k] + sums[1 + R + T + k]) / s2;
        hess[i * P + rest[b]] = h;
        hess[rest[b] * P + i] = h;
      }
    }
    grad[s] = -n / sg + S / (s2 * sg);
    hess[s * P + s] = n / s2 - (3 * S) / (s2 * s2);
    const ok = Number.isFinite(value) && grad.every(Number.isFinite) && hess.every(Number.isFinite);
    return { value, grad, hess, ok };
  };
  return {
    objective,
    residuals,
    degenerate,
    gaussNewtonCov,
    sigma: s,
    rest,
    sigmaHat(th: Float64Array): number {
      if (rss) return sumsAt(th) ? Math.sqrt(sums[0] / n) : NaN;
      const v = Float64Array.from(rest, (j) => tr[j].toFree(th[j]));
      return residuals(v, rbuf) ? Math.sqrt(sumsq(rbuf) / n) : NaN;
    },
    gram,
    logLikAt: rss ? logLikAt : undefined,
    // −n/2·log 2π − n·log σ − S/(2σ²) is finite exactly when every residual is and S/σ² does not overflow.
    passes: () => passCount,
    finiteAt: rss ? (th) => th[s] > 0 && Number.isFinite(logLikAt(th).value) : undefined,
  };
}
