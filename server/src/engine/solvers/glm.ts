// GLM fast path: a linear predictor through a canonical link, fitted by Newton (= IRLS) in one fused pass per iteration.

import type { EngineModel, Term } from '../model.ts';
import { compileSlots } from '../eval/slots.ts';
import { evalSlot, makeScratch, slotValues } from '../eval/kernels.ts';
import { directDesign } from './linear-design.ts';
import { spdSolve } from '../linalg/arrowhead.ts';
import { lgamma, lchoose } from '../eval/special.ts';
import { anyPass, FAMILY_LOG, FAMILY_LOGIT } from './glm-pass.ts';
import { glmPassFactory } from '../parallel.ts';
import { halvingStep } from '../optimize/step-halving.ts';

type Family = 'BernoulliLogit' | 'BinomialLogit' | 'PoissonLog';

export interface GlmFit {
  /** Natural-scale estimates of all parameters. */
  readonly theta: Float64Array;
  readonly logLik: number;
  /** Observed (= expected, canonical link) information, P×P row-major on the natural scale. */
  readonly info: Float64Array;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Rows whose fitted probability is 0 or 1 to machine precision (binary outcomes only). */
  readonly extremeRows: number;
  /** The log-likelihood was finite at the first full pass (else the start is infeasible and nothing was fitted). */
  readonly startFinite: boolean;
}

/**
 * The design: numeric columns `cols` (coefficient q ↔ cols[q], the data's own arrays where a term is param·column),
 * and F factors as one-hot columns by their active coefficient per row (idx, n×F, −1 for a fixed level); the
 * coefficients are the p columns then the factors' free levels, P in all, `deps[q]` the parameter of coefficient q.
 * Also the offset and y.
 */
interface Design {
  readonly cols: Float64Array[];
  readonly idx?: Int32Array;
  readonly F: number;
  readonly P: number;
  readonly off: Float64Array;
  readonly y: Float64Array;
  readonly size?: Float64Array;
  readonly deps: Int32Array;
}

/** Read directly from a sum of param·column terms and factor lookups, else from the AD slots at β = 0. */
function design(model: EngineModel, t: Term, etaIndex: number): Design | undefined {
  const n = model.n;
  const sizeNode = etaIndex === 1 ? t.args[0] : undefined;
  const direct =
    t.y.op === 'data' && (!sizeNode || sizeNode.op === 'data' || sizeNode.op === 'const')
      ? directDesign(t.args[etaIndex], n, true)
      : undefined;
  if (direct) {
    // The passes read the columns in place (blocked by rows), so no n×p copy of the design is made.
    const size = sizeNode
      ? sizeNode.op === 'data'
        ? sizeNode.values
        : new Float64Array(n).fill((sizeNode as { value: number }).value)
      : undefined;
    const F = direct.factors.length;
    const deps = [...direct.deps];
    let idx: Int32Array | undefined;
    if (F) {
      // Shared memory from the start, so a worker thread can read the level indices without a copy.
      idx = new Int32Array(new SharedArrayBuffer(n * F * 4));
      direct.factors.forEach((fac, f) => {
        const pos = Int32Array.from(fac.params, (j) => (j >= 0 ? deps.push(j) - 1 : -1));
        const codes = fac.codes;
        for (let i = 0; i < n; i++) idx![i * F + f] = pos[codes[i]];
      });
    }
    return {
      cols: direct.cols,
      idx,
      F,
      P: deps.length,
      off: direct.offset ?? new Float64Array(n),
      y: (t.y as { values: Float64Array }).values,
      size,
      deps: Int32Array.from(deps),
    };
  }
  const C = Math.max(1, Math.min(1024, n));
  const roots = [t.y, ...t.args];
  const { slots, of } = compileSlots(roots, n, C);
  const eta = of.get(t.args[etaIndex])!;
  if (!eta.linear || roots.some((r, k) => k !== etaIndex + 1 && of.get(r)!.m > 0)) return undefined;
  const p = eta.m;
  const cols = Array.from({ length: p }, () => new Float64Array(n));
  const off = new Float64Array(n);
  const sc = makeScratch(C);
  const valueOf = slotValues;
  const zero = new Float64Array(model.params.length);
  const y = new Float64Array(n);
  const size = etaIndex === 1 ? new Float64Array(n) : undefined;
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const s of slots) evalSlot(s, zero, start, len, 1, valueOf, sc);
    off.set(valueOf(eta, start, len).subarray(0, len), start);
    y.set(valueOf(of.get(t.y)!, start, len).subarray(0, len), start);
    if (size) size.set(valueOf(of.get(t.args[0])!, start, len).subarray(0, len), start);
    for (let q = 0; q < p; q++) cols[q].set(eta.d.subarray(q * C, q * C + len), start);
  }
  return { cols, F: 0, P: p, off, y, size, deps: eta.deps };
}

/** Applies to one fused logit/log term whose predictor is linear in every parameter, without priors. */
export function solveGlm(
  model: EngineModel,
  terms: readonly Term[],
  theta0: Float64Array,
  maxiter: number,
  tol: number,
): GlmFit | undefined {
  if (terms.length !== 1 || model.priors.length) return undefined;
  const t = terms[0];
  const family = t.dist.name as Family;
  if (family !== 'BernoulliLogit' && family !== 'BinomialLogit' && family !== 'PoissonLog') return undefined;
  const P = model.params.length;
  if (model.params.some((p) => p.lower !== undefined || p.upper !== undefined)) return undefined;
  const d = design(model, t, family === 'BinomialLogit' ? 1 : 0);
  if (!d || d.deps.length !== P) return undefined;
  const { cols, off, y, size, idx, F } = d;
  const n = model.n;
  const p = P;
  // Data-only normalising constants, once per fit.
  let constant = 0;
  if (family === 'PoissonLog') for (let i = 0; i < n; i++) constant -= lgamma(y[i] + 1);
  if (family === 'BinomialLogit') for (let i = 0; i < n; i++) constant += lchoose(size![i], y[i]);
  const beta = Float64Array.from(d.deps, (j) => theta0[j]);
  // A second core, when the process registered one (the engine itself never starts threads); it boots while the
  // warm start below runs.
  const runner = glmPassFactory()?.(code(family), cols, off, y, size, idx, F, P);
  // Warm start for big data: IRLS on a strided subsample (~50k rows) to modest precision; the full data then need
  // only the last, quadratically converging Newton steps (three passes instead of five or six).
  if (n > 300_000) {
    const warm = subsampleStart(code(family), d, beta, Math.ceil(n / 50_000));
    if (warm) beta.set(warm);
  }
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  const L = new Float64Array(p * p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  let extreme = 0;
  const ext = new Int32Array(1);
  const pass = (b: Float64Array, withDerivs: boolean): number => {
    if (withDerivs) {
      g.fill(0);
      H.fill(0);
    }
    const ll =
      constant +
      (runner
        ? runner.pass(b, withDerivs, g, H, ext)
        : anyPass(code(family), cols, idx, F, P, off, y, size, b, 0, n, g, H, withDerivs, ext));
    extreme = ext[0];
    if (withDerivs) for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) H[j * p + k] = H[k * p + j];
    return ll;
  };
  let ll = pass(beta, true);
  const startFinite = Number.isFinite(ll);
  let converged = false;
  let it = 0;
  let polished = false;
  for (it = 1; it <= maxiter && Number.isFinite(ll); it++) {
    // A factor's levels make H an arrowhead (level diagonal + numeric block): solved in O(P²), not O(P³).
    if (!spdSolve(H, p, g, step, L)) break;
    let dec = 0;
    for (let j = 0; j < p; j++) dec += g[j] * step[j];
    if (dec / 2 <= 1e-4 * tol * (1 + Math.abs(ll))) {
      // So close that the last Newton step is exact to rounding and the information here equals the optimum's to
      // ~1e-9: take the step without another pass over the data (the log-likelihood gains dec/2).
      for (let j = 0; j < p; j++) beta[j] += step[j];
      ll += dec / 2;
      converged = true;
      break;
    }
    if (dec / 2 <= tol * (1 + Math.abs(ll))) {
      if (polished) {
        converged = true;
        break;
      }
      polished = true;
    }
    // The full step's pass computes the next score and information too; only a rejected step costs an extra pass.
    const gPrev = Float64Array.from(g);
    const hPrev = Float64Array.from(H);
    const llNew = halvingStep(beta, step, trial, ll, (t) => pass(t, true));
    if (!Number.isFinite(llNew)) {
      g.set(gPrev);
      H.set(hPrev);
      break;
    }
    beta.set(trial);
    ll = llNew;
    if (polished) {
      converged = true;
      break;
    }
  }
  runner?.close();
  const theta = new Float64Array(P);
  d.deps.forEach((j, q) => {
    theta[j] = beta[q];
  });
  const info = new Float64Array(P * P);
  d.deps.forEach((i, a) =>
    d.deps.forEach((j, b) => {
      info[i * P + j] = H[a * p + b];
    }),
  );
  let gn = 0;
  for (let j = 0; j < p; j++) gn += g[j] * g[j];
  return {
    theta,
    logLik: ll,
    info,
    gradNorm: Math.sqrt(gn),
    iterations: it,
    converged,
    extremeRows: extreme,
    startFinite,
  };
}

const code = (f: Family): number => (f === 'PoissonLog' ? FAMILY_LOG : FAMILY_LOGIT);

/**
 * Newton on every k-th row from beta0 until the decrement is below P; undefined if it does not settle. The subsample's
 * optimum is ~P/2·(k − 1) in decrement from the full data's (sampling error), and the step taken at a decrement below
 * P lands within ~1e-6 of the subsample's optimum, so polishing further buys no full-data pass.
 */
function subsampleStart(family: number, d: Design, beta0: Float64Array, k: number): Float64Array | undefined {
  const { cols, idx, F, P, off, y, size } = d;
  const n = Math.floor(y.length / k);
  const cs = cols.map(() => new Float64Array(n));
  const is = idx ? new Int32Array(n * F) : undefined;
  const os = new Float64Array(n);
  const ys = new Float64Array(n);
  const ss = size ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const r = i * k;
    for (let q = 0; q < cols.length; q++) cs[q][i] = cols[q][r];
    if (is) is.set(idx!.subarray(r * F, r * F + F), i * F);
    os[i] = off[r];
    ys[i] = y[r];
    if (ss) ss[i] = size![r];
  }
  const b = Float64Array.from(beta0);
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const L = new Float64Array(P * P);
  const step = new Float64Array(P);
  const ext = new Int32Array(1);
  for (let it = 0; it < 25; it++) {
    g.fill(0);
    H.fill(0);
    const ll = anyPass(family, cs, is, F, P, os, ys, ss, b, 0, n, g, H, true, ext);
    for (let j = 0; j < P; j++) for (let q = 0; q < j; q++) H[j * P + q] = H[q * P + j];
    if (!Number.isFinite(ll) || !spdSolve(H, P, g, step, L)) return undefined;
    let dec = 0;
    for (let j = 0; j < P; j++) {
      dec += g[j] * step[j];
      b[j] += step[j];
    }
    if (dec <= P) return b.every(Number.isFinite) ? b : undefined;
  }
  return undefined;
}
