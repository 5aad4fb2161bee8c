// Data-driven starting values: each family's moment/quantile starts for its arguments, carried through the link of
// any regression argument to its intercept (the summand parameter of the linear predictor).

import type { EngineModel, Node, Term } from '../model.ts';
import { family, fusedForm } from '../distributions/index.ts';
import { UNARY } from '../eval/functions.ts';
import { Phi, probit } from '../eval/special.ts';

/** Inverse of each link a regression argument may be wrapped in: f(x) = v ⇒ x = inverse(v). */
const INVERSE: Readonly<Record<string, (v: number) => number>> = {
  exp: Math.log,
  log: Math.exp,
  sqrt: (v) => (v >= 0 ? v * v : NaN),
  expm1: Math.log1p,
  log1p: Math.expm1,
  logistic: (v) => Math.log(v / (1 - v)),
  logit: (v) => UNARY.logistic.f(v),
  Phi: probit,
  probit: Phi,
};

/** The term in its family's own terms: a fused form is written back as family(…, link(η), …). */
function unfuse(t: Term): Term {
  // A censored or truncated term starts from its family's moments of the observed values (a rough but valid guess).
  if (t.dist.name === 'Censored' && t.dist.base)
    return { ...t, dist: t.dist.base, args: t.args.slice(0, family(t.dist.base.name)?.nargs ?? 0) };
  const f = fusedForm(t.dist.name);
  if (!f) return t;
  const args = t.args.slice();
  args[f.fuses.arg] = { op: 'call', fn: f.fuses.link, a: args[f.fuses.arg] };
  return { ...t, dist: { name: f.fuses.family }, args };
}

function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Top-level summands of an expression: a + b*x − c → [a, b*x, −c]. */
function summands(n: Node, out: Node[] = []): Node[] {
  if (n.op === 'bin' && (n.fn === '+' || n.fn === '-')) {
    summands(n.a, out);
    summands(n.fn === '+' ? n.b : { op: 'neg', a: n.b }, out);
  } else out.push(n);
  return out;
}

class Guesser {
  readonly guess = new Map<number, number>();

  set(n: Node, v: number): boolean {
    if (n.op !== 'param' || !Number.isFinite(v) || this.guess.has(n.index)) return false;
    this.guess.set(n.index, v);
    return true;
  }

  /** The node's value from the guesses so far (data columns at their mean); undefined if a parameter is unguessed. */
  value(n: Node): number | undefined {
    switch (n.op) {
      case 'const':
        return n.value;
      case 'param':
        return this.guess.get(n.index);
      case 'data':
        return mean(n.values);
      case 'lookup':
        // A factor's elements start at 0 like slopes; counted as unknown so a sum's intercept takes the level mix.
        return undefined;
      case 'neg': {
        const a = this.value(n.a);
        return a === undefined ? undefined : -a;
      }
      case 'call': {
        const a = this.value(n.a);
        const f = UNARY[n.fn];
        return a === undefined || !f ? undefined : f.f(a);
      }
      case 'bin': {
        // An unguessed operand makes the whole unknown: the other (often a column's mean) is not needed then.
        const a = this.value(n.a);
        if (a === undefined) return undefined;
        const b = this.value(n.b);
        if (b === undefined) return undefined;
        return n.fn === '+' ? a + b : n.fn === '-' ? a - b : n.fn === '*' ? a * b : n.fn === '/' ? a / b : a ** b;
      }
    }
  }

  /**
   * Sets one unguessed parameter so that n evaluates to v: through links and arithmetic with known operands down to
   * a sum, where the first bare parameter is the intercept and the other summands count at their current values
   * (unguessed slopes as 0, since they start there).
   */
  solve(n: Node, v: number): boolean {
    if (!Number.isFinite(v)) return false;
    switch (n.op) {
      case 'param':
        return this.set(n, v);
      case 'neg':
        return this.solve(n.a, -v);
      case 'call': {
        const inv = INVERSE[n.fn];
        return !!inv && this.solve(n.a, inv(v));
      }
      case 'bin':
        return this.solveBin(n, v);
      default:
        return false;
    }
  }

  private solveBin(n: Extract<Node, { op: 'bin' }>, v: number): boolean {
    if (n.fn === '+' || n.fn === '-') {
      const parts = summands(n);
      const target =
        parts.find((s) => s.op === 'param' && !this.guess.has(s.index)) ??
        parts.find((s) => s.op === 'neg' && s.a.op === 'param' && !this.guess.has(s.a.index));
      if (!target) return false;
      let rest = 0;
      for (const s of parts) if (s !== target) rest += this.value(s) ?? 0;
      return this.solve(target, v - rest);
    }
    const a = this.value(n.a);
    const b = this.value(n.b);
    switch (n.fn) {
      case '*':
        return b !== undefined ? this.solve(n.a, v / b) : a !== undefined && this.solve(n.b, v / a);
      case '/':
        return b !== undefined ? this.solve(n.a, v * b) : a !== undefined && this.solve(n.b, a / v);
      default:
        return b !== undefined && v > 0 && this.solve(n.a, Math.pow(v, 1 / b));
    }
  }
}

const hasParam = (n: Node): boolean =>
  n.op === 'param' ||
  (n.op === 'lookup' && n.params.some((j) => j >= 0)) ||
  ((n.op === 'neg' || n.op === 'call') && hasParam(n.a)) ||
  (n.op === 'bin' && (hasParam(n.a) || hasParam(n.b)));

/** Natural-scale guesses by parameter index; the caller keeps only those inside the constraints. */
export function guessStarts(model: EngineModel): Map<number, number> {
  const g = new Guesser();
  for (const fused of model.terms as Term[]) {
    const t = unfuse(fused);
    const f = family(t.dist.name);
    if (t.y.op !== 'data' || !f) continue;
    const known = t.args.map((a) => (hasParam(a) ? undefined : g.value(a)));
    const s = f.starts(t.y.values, undefined, known);
    // Bare parameters first, so that a regression argument can use them (Gamma(k, k / exp(η))).
    t.args.forEach((a, j) => g.set(a, s[j]));
    t.args.forEach((a, j) => a.op !== 'param' && hasParam(a) && g.solve(a, s[j]));
  }
  return g.guess;
}
