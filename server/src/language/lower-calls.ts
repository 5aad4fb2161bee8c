// Lowers function calls: one-argument functions, pow, lbeta, log_sum_exp, ifelse and the column summaries.

import type { Call, Expr } from './ast.ts';
import type { Node } from '../engine/model.ts';
import { compileSlots } from '../engine/eval/slots.ts';

export const SUMMARIES = ['mean', 'sd', 'min', 'max', 'median'] as const;
export const isSummary = (name: string): boolean => (SUMMARIES as readonly string[]).includes(name);

/** mean, sd (n − 1), min, max or median of the values (a length-1 array is a constant column). */
export function summarize(fn: string, v: Float64Array, n: number): number {
  const xs = v.length === 1 ? new Float64Array(Math.max(n, 1)).fill(v[0]) : v;
  const m = xs.length;
  if (m === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += xs[i];
  const mean = sum / m;
  switch (fn) {
    case 'mean':
      return mean;
    case 'sd': {
      let ss = 0;
      for (let i = 0; i < m; i++) ss += (xs[i] - mean) ** 2;
      return m > 1 ? Math.sqrt(ss / (m - 1)) : NaN;
    }
    case 'min':
      return xs.reduce((a, b) => Math.min(a, b), Infinity);
    case 'max':
      return xs.reduce((a, b) => Math.max(a, b), -Infinity);
    default: {
      const s = Float64Array.from(xs).sort();
      return m % 2 ? s[(m - 1) / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    }
  }
}

const bin = (fn: '+' | '-' | '*' | '/' | '^', a: Node, b: Node): Node => ({ op: 'bin', fn, a, b });
const call = (fn: string, a: Node): Node => ({ op: 'call', fn, a });

/** `expr` lowers an argument; `n` is the number of used rows (summaries are computed over them, once). */
export function lowerCall(e: Call, expr: (x: Expr) => Node, n: number): Node {
  const arg = (i: number): Node => expr(e.args[i].value);
  const name = e.callee.name;
  switch (name) {
    case 'pow':
      return bin('^', arg(0), arg(1));
    case 'lbeta': {
      const a = arg(0);
      const b = arg(1);
      return bin('-', bin('+', call('lgamma', a), call('lgamma', b)), call('lgamma', bin('+', a, b)));
    }
    case 'log_sum_exp': {
      // log(e^a + e^b) = a + log(1 + e^(b − a)): smooth, and exact derivatives through log1pexp.
      const a = arg(0);
      return bin('+', a, call('log1pexp', bin('-', arg(1), a)));
    }
    case 'ifelse':
      return { op: 'ifelse', c: arg(0), a: arg(1), b: arg(2) };
    default:
      break;
  }
  if (isSummary(name)) {
    const node = arg(0);
    const fixed = compileSlots([node], n, 1).of.get(node)?.fixed;
    if (!fixed) throw new Error(`${name}() of an expression that depends on a parameter`);
    return { op: 'const', value: summarize(name, fixed, n) };
  }
  return call(name, arg(0));
}
