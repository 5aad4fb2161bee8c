// The problem a fit solves: fused terms, compiled programs, transforms, starting values and the free-scale objective.

import type { EngineModel, Term } from './model.ts';
import { Program, makeEval, type Eval } from './eval/program.ts';
import { transformFor, defaultStart, type Transform } from './eval/transforms.ts';
import { fuseTerm } from './eval/fuse.ts';
import { guessStarts } from './solvers/starts.ts';
import type { Objective } from './optimize/types.ts';

export interface FitProblem {
  readonly P: number;
  readonly terms: Term[];
  readonly lik: Program;
  readonly prior?: Program;
  readonly tr: Transform[];
  /** The declared start (init values, else the data-driven guesses), before the check that the objective is finite. */
  readonly declared: readonly number[];
  /**
   * Natural-scale starting values where the objective is finite, and the same on the free scale. Computed on first
   * read (an evaluation over all rows): a strategy that learns finiteness from its own first pass need not read them.
   */
  readonly theta0: number[];
  readonly u0: Float64Array;
  /** Whether theta0 was computed (then startNote is known without another evaluation). */
  startChecked(): boolean;
  /** Scratch natural-scale parameters and the evaluation the objective fills (shared, not thread-safe). */
  readonly theta: Float64Array;
  readonly ev: Eval;
  /** Evaluates likelihood + priors at `theta` into `ev`; false where not finite. */
  evalNatural(order: 0 | 1 | 2, expected?: boolean): boolean;
  /**
   * Hands in an observed order-2 evaluation at natural-scale θ that a strategy computed its own way (the least-squares
   * sums at its optimum): the next evalNatural(2) at exactly that θ replays it instead of a pass over the data.
   */
  remember(at: Float64Array, ev: { value: number; grad: Float64Array; hess: Float64Array; ok: boolean }): void;
  /** −objective on the free scale, with its gradient and (observed or expected) Hessian. */
  readonly objective: Objective;
  /** Every term has closed-form expected information (Fisher scoring and se = expected are possible). */
  readonly canScore: boolean;
  /** Set when the declared starting values were replaced because the objective is not finite there. */
  readonly startNote?: string;
}

/**
 * A start where the objective is finite: the declared one if it is, else the declared one with init values replaced
 * by the data-driven ones (one at a time, then all), else the plain defaults, else points on the line from the data-driven start towards the
 * declared one. Which coordinates changed is reported, so no user init is dropped silently.
 */
function feasibleStart(
  objective: Objective,
  declared: number[],
  [fallbackOf, defaults]: [() => number[], number[]],
  tr: Transform[],
): { theta0: number[]; replaced: number[] } {
  const P = declared.length;
  const g = new Float64Array(P);
  const H = new Float64Array(0);
  const finite = (th: number[]): boolean =>
    Number.isFinite(
      objective(
        Float64Array.from(th, (t, j) => tr[j].toFree(t)),
        0,
        g,
        H,
      ),
    );
  const changed = (th: number[]): number[] => th.map((_, j) => j).filter((j) => th[j] !== declared[j]);
  if (finite(declared)) return { theta0: declared, replaced: [] };
  const fallback = fallbackOf();
  const candidates: number[][] = [];
  for (let j = 0; j < P; j++)
    if (declared[j] !== fallback[j]) candidates.push(declared.map((t, i) => (i === j ? fallback[j] : t)));
  candidates.push(fallback, defaults);
  for (const t of [0.5, 0.25, 0.1, 0.01]) candidates.push(declared.map((d, j) => fallback[j] + t * (d - fallback[j])));
  for (const c of candidates) if (c.every(Number.isFinite) && finite(c)) return { theta0: c, replaced: changed(c) };
  return { theta0: declared, replaced: [] };
}

export function buildProblem(model: EngineModel): FitProblem {
  const P = model.params.length;
  const terms: Term[] = model.terms.map(fuseTerm);
  const lik = new Program(terms, model.n, P);
  const prior = model.priors.length ? new Program(model.priors, 1, P) : undefined;
  const tr: Transform[] = model.params.map(transformFor);
  // The data-driven starts (a pass over the data per term) only where an init is missing or the declared start fails.
  let fallbackMemo: number[] | undefined;
  const fallbackOf = (): number[] => (fallbackMemo ??= fallbackStarts());
  const inside = (j: number, v: number): boolean => {
    const p = model.params[j];
    return Number.isFinite(v) && (p.lower === undefined || v > p.lower) && (p.upper === undefined || v < p.upper);
  };
  const fallbackStarts = (): number[] => {
    const guesses = guessStarts({ ...model, terms });
    return model.params.map((p, j) => (inside(j, guesses.get(j) ?? NaN) ? guesses.get(j)! : defaultStart(p)));
  };
  // Lazy as well: a closed-form strategy (QR) never reads a start, and the guesses cost a pass over the data.
  let declaredMemo: number[] | undefined;
  const declaredOf = (): number[] => (declaredMemo ??= model.params.map((p, j) => p.init ?? fallbackOf()[j]));

  const ev = makeEval(P);
  const theta = new Float64Array(P);
  // The last order-2 evaluation, replayed when the very next one asks for it at the same theta (bit for bit): Newton
  // ends with an order-2 pass at its optimum and the fit's information is that same pass (a whole pass over the data).
  const memo = { ...makeEval(P), theta: new Float64Array(P).fill(NaN), expected: false, ok: false, at: -1 };
  const fresh = (): number => lik.evaluations + (prior?.evaluations ?? 0);
  const evalNatural = (order: 0 | 1 | 2, expected = false): boolean => {
    if (
      order === 2 &&
      memo.at === fresh() &&
      memo.expected === expected &&
      theta.every((t, j) => Object.is(t, memo.theta[j]))
    ) {
      ev.value = memo.value;
      ev.grad.set(memo.grad);
      ev.hess.set(memo.hess);
      return memo.ok;
    }
    ev.value = 0;
    ev.grad.fill(0);
    ev.hess.fill(0);
    let ok = lik.evaluate(theta, order, ev, undefined, expected);
    if (ok && prior) ok = prior.evaluate(theta, order, ev, undefined, expected);
    if (order === 2) {
      memo.theta.set(theta);
      memo.expected = expected;
      memo.ok = ok;
      memo.value = ev.value;
      memo.grad.set(ev.grad);
      memo.hess.set(ev.hess);
      memo.at = fresh();
    } else memo.at = -1;
    return ok;
  };
  const remember: FitProblem['remember'] = (at, e) => {
    memo.theta.set(at);
    memo.expected = false;
    memo.ok = e.ok;
    memo.value = e.value;
    memo.grad.set(e.grad);
    memo.hess.set(e.hess);
    memo.at = fresh();
  };
  const canScore = lik.hasFisher && (!prior || prior.hasFisher);
  // Minimise −objective on the free scale: chain rule through the elementwise transforms.
  const objective = (u: Float64Array, order: 0 | 1 | 2, g: Float64Array, H: Float64Array, expected = false): number => {
    for (let j = 0; j < P; j++) theta[j] = tr[j].toNatural(u[j]);
    if (!evalNatural(order, expected)) return NaN;
    if (order >= 1) for (let j = 0; j < P; j++) g[j] = -ev.grad[j] * tr[j].d1(u[j]);
    if (order === 2) {
      for (let i = 0; i < P; i++) {
        const di = tr[i].d1(u[i]);
        for (let j = 0; j < P; j++) H[i * P + j] = -ev.hess[i * P + j] * di * tr[j].d1(u[j]);
        // Information transforms as a metric: the scoring Hessian drops the transform's own curvature.
        if (!expected) H[i * P + i] -= ev.grad[i] * tr[i].d2(u[i]);
      }
    }
    return -ev.value;
  };

  let start: { theta0: number[]; u0: Float64Array; note?: string } | undefined;
  const started = (): { theta0: number[]; u0: Float64Array; note?: string } => {
    if (start) return start;
    const declared = declaredOf();
    const found = feasibleStart(objective, declared, [fallbackOf, model.params.map(defaultStart)], tr);
    const theta0 = found.theta0;
    const note = found.replaced.length
      ? `The objective is not finite at the starting values (${found.replaced.map((j) => `${model.params[j].name} = ${declared[j]}`).join(', ')}), so the fit started from ${found.replaced.map((j) => `${model.params[j].name} = ${Number(theta0[j].toPrecision(4))}`).join(', ')} instead.`
      : undefined;
    start = { theta0, u0: Float64Array.from(theta0, (t, j) => tr[j].toFree(t)), note };
    return start;
  };
  return {
    P,
    terms,
    lik,
    prior,
    tr,
    get declared() {
      return declaredOf();
    },
    get theta0() {
      return started().theta0;
    },
    get u0() {
      return started().u0;
    },
    get startNote() {
      return started().note;
    },
    startChecked: () => start !== undefined,
    theta,
    ev,
    evalNatural,
    remember,
    objective,
    canScore,
  };
}
