// Data-driven starting values: moments for parameters that are a distribution argument, link(mean) for intercepts.

import type { EngineModel, Node, Term } from '../model.ts';

function moments(y: Float64Array): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  const mean = s / y.length;
  let v = 0;
  for (let i = 0; i < y.length; i++) v += (y[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(v / Math.max(1, y.length)) };
}

/** Top-level summands of an expression: a + b*x + c → [a, b*x, c]. */
function summands(n: Node, out: Node[] = []): Node[] {
  if (n.op === 'bin' && n.fn === '+') {
    summands(n.a, out);
    summands(n.b, out);
  } else out.push(n);
  return out;
}

const clampProb = (p: number): number => Math.min(1 - 1e-6, Math.max(1e-6, p));

/** Natural-scale guesses by parameter index; the caller keeps only those inside the constraints. */
export function guessStarts(model: EngineModel): Map<number, number> {
  const guess = new Map<number, number>();
  const set = (n: Node | undefined, v: number): void => {
    if (n?.op === 'param' && Number.isFinite(v) && !guess.has(n.index)) guess.set(n.index, v);
  };
  const intercept = (arg: Node, v: number): void => {
    for (const s of summands(arg))
      if (s.op === 'param') {
        set(s, v);
        return;
      }
  };
  for (const t of model.terms as Term[]) {
    if (t.y.op !== 'data') continue;
    const { mean, sd } = moments(t.y.values);
    const [a0, a1] = t.args;
    switch (t.dist.name) {
      case 'Normal':
        set(a0, mean);
        intercept(a0, mean);
        set(a1, sd > 0 ? sd : 1);
        break;
      case 'Exponential':
        set(a0, 1 / mean);
        break;
      case 'Poisson':
        set(a0, mean);
        break;
      case 'PoissonLog':
        intercept(a0, Math.log(Math.max(mean, 1e-6)));
        break;
      case 'Bernoulli':
        set(a0, clampProb(mean));
        break;
      case 'BernoulliLogit': {
        const p = clampProb(mean);
        intercept(a0, Math.log(p / (1 - p)));
        break;
      }
      case 'BinomialLogit':
      case 'Binomial': {
        const size = a0.op === 'data' ? moments(a0.values).mean : a0.op === 'const' ? a0.value : NaN;
        const p = clampProb(mean / size);
        if (t.dist.name === 'Binomial') set(a1, p);
        else intercept(a1, Math.log(p / (1 - p)));
        break;
      }
      default:
        break;
    }
  }
  return guess;
}
