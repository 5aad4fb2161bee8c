// Strategy: a Laplace likelihood whose location is linear in the parameters is an L1 problem, solved exactly.

import type { EngineModel, Term } from '../../model.ts';
import type { FitWarning } from '../../fit-types.ts';
import { buildDesign } from '../linear-normal.ts';
import { leastAbsoluteDeviations, type L1Fit } from '../lad.ts';
import { invertDense } from '../dense-lu.ts';
import type { Strategy, StrategyResult } from '../solution.ts';

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * The location β minimises Σ|yᵢ − xᵢβ| whatever the scale (the median, or quantreg::rq(tau = 0.5)), and the scale
 * then has the closed form b = Σ|rᵢ|/n. Applies to one Laplace term on data with no priors, a location linear in
 * unbounded coefficients and a scale that is a parameter bounded below by 0 (or a positive constant).
 */
export const l1LocationStrategy: Strategy = {
  name: 'least-absolute-deviations',
  solve({ model, pb, warnings }): StrategyResult {
    const { terms, P, tr } = pb;
    if (terms.length !== 1 || terms[0].dist.name !== 'Laplace') return { skip: 'not a single Laplace likelihood' };
    if (model.priors.length) return { skip: 'the model has priors' };
    const t = terms[0];
    const shape = laplaceShape(model, t, P);
    if (typeof shape === 'string') return { skip: shape };
    const { deps, cols, y, scaleIndex, scaleConst } = shape;
    const n = model.n;
    const fit = leastAbsoluteDeviations(cols, y);
    if (!fit) return { skip: 'the location design is rank deficient' };
    if (!fit.optimal) return { skip: `the L1 solver found no optimality certificate (max |dual| − 1 = ${fit.kkt})` };
    const b = scaleIndex >= 0 ? fit.sad / n : scaleConst;
    if (!(b > 0)) return { skip: 'every residual is zero: the Laplace scale estimate is 0' };
    const theta = new Float64Array(P);
    deps.forEach((j, k) => {
      theta[j] = fit.coef[k];
    });
    if (scaleIndex >= 0) theta[scaleIndex] = b;
    const logLik = -n * Math.log(2 * b) - fit.sad / b;
    // Expected information: 1/b² per row for the location (so b²(XᵀX)⁻¹), n/b² for the scale, zero between them.
    const m = deps.length;
    const xtx = new Float64Array(m * m);
    for (let a = 0; a < m; a++)
      for (let c = a; c < m; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += cols[a][i] * cols[c][i];
        xtx[a * m + c] = xtx[c * m + a] = s;
      }
    const xtxInv = invertDense(xtx, m);
    if (!xtxInv) return { skip: 'the location design is rank deficient' };
    const info = new Float64Array(P * P);
    const cov = Array.from({ length: P }, () => new Array<number>(P).fill(0));
    deps.forEach((i, a) =>
      deps.forEach((j, c) => {
        info[i * P + j] = xtx[a * m + c] / (b * b);
        cov[i][j] = b * b * xtxInv[a * m + c];
      }),
    );
    if (scaleIndex >= 0) {
      info[scaleIndex * P + scaleIndex] = n / (b * b);
      cov[scaleIndex][scaleIndex] = (b * b) / n;
    }
    const notes = laplaceNotes(model, t, deps, scaleIndex, fit, n, warnings);
    const u = Float64Array.from(theta, (v, j) => tr[j].toFree(v));
    return {
      opt: {
        u,
        f: -logLik,
        iterations: fit.pivots + 1,
        converged: true,
        reason:
          m === 1 && fit.pivots === 0 ? 'weighted median (exact)' : `L1 simplex, ${fit.pivots} pivots (exact vertex)`,
      },
      method: m === 1 ? 'median' : 'least-absolute-deviations',
      known: { theta, logLik, gradNorm: Math.max(0, fit.kkt), info, cov },
      verified: {
        ok: true,
        condition: `subgradient condition of Σ|r|: dual values in [−1, 1] (max |d| − 1 = ${fit.kkt.toExponential(2)})${scaleIndex >= 0 ? '; the scale is Σ|r|/n, where its score is zero' : ''}`,
      },
      inferenceNotes: notes,
      autoRestarted: false,
    };
  },
};

interface LaplaceShape {
  readonly deps: Int32Array;
  readonly cols: Float64Array[];
  readonly y: Float64Array;
  /** The scale's parameter index, or −1 when the scale is the constant `scaleConst`. */
  readonly scaleIndex: number;
  readonly scaleConst: number;
}

/** The design of a linear location and the scale's form, or why this term is not an L1 problem. */
function laplaceShape(model: EngineModel, t: Term, P: number): LaplaceShape | string {
  const [loc, scale] = t.args;
  let scaleIndex = -1;
  let scaleConst = NaN;
  if (scale.op === 'param') {
    const sp = model.params[scale.index];
    if (sp.lower !== 0 || sp.upper !== undefined) return 'the Laplace scale is not a parameter bounded only by > 0';
    scaleIndex = scale.index;
  } else if (scale.op === 'const' && scale.value > 0) scaleConst = scale.value;
  else return 'the Laplace scale is neither a parameter nor a positive constant';
  const built = buildDesign(loc, t.y, model.n, P);
  if (!built) return 'the Laplace location is not linear in the parameters (or the left side is not data)';
  const deps = built.deps;
  if (deps.includes(scaleIndex)) return 'the scale parameter also enters the location';
  if (deps.length + (scaleIndex >= 0 ? 1 : 0) !== P) return 'some parameters are in neither location nor scale';
  if (model.n <= deps.length) return 'no more rows than location coefficients';
  for (const j of deps) {
    const p = model.params[j];
    if (p.lower !== undefined || p.upper !== undefined) return `the location coefficient \`${p.name}\` is bounded`;
  }
  return { deps, cols: built.cols, y: built.y, scaleIndex, scaleConst };
}

/** The se-method note (why the expected information), the flat-optimum note, and a note on a replaced method. */
function laplaceNotes(
  model: EngineModel,
  t: Term,
  deps: Int32Array,
  scaleIndex: number,
  fit: L1Fit,
  n: number,
  warnings: FitWarning[],
): string[] {
  const names = model.params.map((p) => p.name);
  const locNames = Array.from(deps, (j) => `\`${names[j]}\``).join(', ');
  const iid = deps.length === 1;
  const seNote =
    `The Laplace log-likelihood is piecewise linear in the location (kinks where a residual is zero, no curvature between them), so the observed information about ${locNames} is zero or does not exist at the optimum. ` +
    `The SEs shown use the expected information instead: 1/b² per row for the location (${iid ? `SE(${locNames}) = b/√n, the asymptotic SE of the sample median` : `SE = b·√diag((XᵀX)⁻¹) for ${locNames}`})` +
    (scaleIndex >= 0 ? ` and n/b² for the scale (SE(\`${names[scaleIndex]}\`) = b/√n).` : '.');
  warnings.push({ code: 'se-method', severity: 'info', message: seNote, params: [], source: t.source });
  const notes = [seNote];
  if (fit.nonunique) {
    const msg = iid
      ? `The maximum is flat in ${locNames}: with an even number of rows every value between the two middle observations, [${fmt(fit.interval![0])}, ${fmt(fit.interval![1])}], maximises the likelihood; the midpoint is reported (as R's median). The log-likelihood, the scale and the SEs are the same at every point of the interval.`
      : `The least-absolute-deviations optimum is not unique (quantreg::rq warns "Solution may be nonunique"): the objective is flat along an edge from the reported estimate (${Array.from(fit.coef, fmt).join(', ')}) to (${Array.from(fit.alternative!, fmt).join(', ')}) for ${locNames}, and every point between gives the same Σ|r|, log-likelihood, scale and SEs.`;
    warnings.push({ code: 'flat-optimum', severity: 'info', message: msg, params: Array.from(deps), source: t.source });
    notes.push(msg);
  }
  if (model.options.ci === 'profile') {
    const msg = `ci = profile: the profile intervals are computed by the general (smooth) optimizer, which is not exact on the kinks of a Laplace likelihood; treat them as approximate.`;
    warnings.push({ code: 'se-method', message: msg, params: [] });
    notes.push(msg);
  }
  if (model.options.method !== 'auto') {
    const msg = `method = ${model.options.method} was asked for, but a Laplace likelihood with a linear location is an L1 problem, which is solved exactly (a weighted median or the L1 simplex) instead: a derivative-based or simplex search stalls at the kinks.`;
    warnings.push({ code: 'se-method', severity: 'info', message: msg, params: [] });
    notes.push(msg);
  }
  return notes;
}
