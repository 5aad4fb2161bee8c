// Whether a model is a mixture EM can fit (one Mixture term on a data column, weights and component arguments plain
// parameters or constants), and its EmProblem; otherwise the reason it is not.

import type { EngineModel, Node, Term } from '../model.ts';
import type { FitProblem } from '../fit-problem.ts';
import { resolveDist } from '../distributions/index.ts';
import type { EmArg, EmComponent, EmProblem } from '../optimize/em-mixture.ts';

/** Families with a scale that can shrink onto one point (the likelihood is then unbounded): its argument index. */
export const SCALE_ARG: Readonly<Record<string, number>> = {
  Normal: 1,
  LogNormal: 1,
  Laplace: 1,
  Cauchy: 1,
  Logistic: 1,
  StudentT: 2,
};

/** The single Mixture likelihood term on data, or why there is none. */
export function mixtureTerm(model: EngineModel, terms: readonly Term[]): Term | string {
  const mix = terms.filter((t) => t.dist.name === 'Mixture');
  if (!mix.length) return 'no Mixture term';
  if (terms.length !== 1) return 'the likelihood has terms besides the mixture';
  if (model.priors.length) return 'the model has priors (EM here maximises the likelihood only)';
  const t = mix[0];
  if (t.y.op !== 'data') return 'the mixture outcome is not a data column';
  if ((t.dist.components ?? []).some((c) => c.components)) return 'nested mixtures';
  return t;
}

function sd(y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let v = 0;
  for (let i = 0; i < y.length; i++) v += (y[i] - m) ** 2;
  return Math.sqrt(v / y.length);
}

const argOf = (a: Node): EmArg | undefined =>
  a.op === 'param' ? { param: a.index } : a.op === 'const' ? { value: a.value } : undefined;

/** The parameter indices of K − 1 plain weights (each a parameter allowed all of (0, 1)), or why not. */
function plainWeights(model: EngineModel, wNodes: readonly Node[]): number[] | string {
  if (wNodes.some((a) => a.op !== 'param')) return 'a mixture weight is an expression, not a parameter';
  const weights = wNodes.map((a) => (a as { index: number }).index);
  const widen = weights.every((j) => {
    const { lower, upper } = model.params[j];
    return (lower === undefined || lower <= 0) && (upper === undefined || upper >= 1);
  });
  return widen ? weights : 'a mixture weight is constrained to less than (0, 1)';
}

/** The EM problem of a mixture term whose weights and component arguments are parameters or constants. */
export function mixtureProblem(model: EngineModel, pb: FitProblem, t: Term): EmProblem | string {
  const specs = t.dist.components ?? [];
  const K = specs.length;
  const impls = specs.map((s) => resolveDist(s, 1));
  if (K < 2 || impls.some((i) => !i)) return 'the mixture has an unknown component';
  const logRatio = !!t.weightLogRatios;
  const weights = t.weightLogRatios ? [...t.weightLogRatios] : plainWeights(model, t.args.slice(0, K - 1));
  if (typeof weights === 'string') return weights;
  const uses = new Map<number, number>();
  for (const a of t.args.slice(logRatio ? K - 1 : 0))
    if (a.op === 'param') uses.set(a.index, (uses.get(a.index) ?? 0) + 1);
  // A simplex's log-ratios enter only through the weight nodes; a plain weight exactly once.
  if (weights.some((j) => uses.get(j) !== (logRatio ? undefined : 1)))
    return 'a mixture weight appears elsewhere in the term';
  let at = K - 1;
  const comps: EmComponent[] = [];
  for (let c = 0; c < K; c++) {
    const impl = impls[c]!;
    const nodes = t.args.slice(at, at + impl.nargs);
    at += impl.nargs;
    const args = nodes.map(argOf);
    if (args.some((a) => !a)) return `component ${c + 1}'s arguments are expressions (a mixture regression)`;
    const own = nodes.every((a) => a.op === 'param' && uses.get(a.index) === 1);
    const s = SCALE_ARG[impl.name];
    const scaleArg = s !== undefined && nodes[s].op === 'param' ? s : undefined;
    comps.push({ impl, args: args as EmArg[], separable: own, scaleArg });
  }
  const y = (t.y as { values: Float64Array }).values;
  const spread = sd(y) > 0 ? sd(y) : 1;
  return { y, comps, weights, logRatio, tr: pb.tr, bounds: model.params, spread };
}
