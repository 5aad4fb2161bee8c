// The language's scalar functions with their first and second derivatives, for forward-mode second-order AD.

import { lgamma, digamma, trigamma, Phi, phi, probit, log1pexp } from './special.ts';

/** Value and derivatives of a one-argument function at x. */
export interface Unary {
  readonly f: (x: number) => number;
  /** f'(x) given x and y = f(x) (y saves recomputation for exp-like functions). */
  readonly d1: (x: number, y: number) => number;
  readonly d2: (x: number, y: number) => number;
}

/** Γ(x) from log|Γ(x)|, with the sign of Γ on the negative axis (negative on (-1, 0), (-3, -2), …). */
const gamma = (x: number): number => {
  const g = Math.exp(lgamma(x));
  return x > 0 || Math.floor(x) % 2 === 0 ? g : -g;
};

const logistic = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const UNARY: Readonly<Record<string, Unary>> = {
  exp: { f: Math.exp, d1: (_x, y) => y, d2: (_x, y) => y },
  log: { f: Math.log, d1: (x) => 1 / x, d2: (x) => -1 / (x * x) },
  sqrt: { f: Math.sqrt, d1: (_x, y) => 0.5 / y, d2: (x, y) => -0.25 / (x * y) },
  abs: { f: Math.abs, d1: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), d2: () => 0 },
  log1p: { f: Math.log1p, d1: (x) => 1 / (1 + x), d2: (x) => -1 / ((1 + x) * (1 + x)) },
  expm1: { f: Math.expm1, d1: (x) => Math.exp(x), d2: (x) => Math.exp(x) },
  logistic: { f: logistic, d1: (_x, s) => s * (1 - s), d2: (_x, s) => s * (1 - s) * (1 - 2 * s) },
  logit: {
    f: (p) => Math.log(p / (1 - p)),
    d1: (p) => 1 / (p * (1 - p)),
    d2: (p) => (2 * p - 1) / (p * p * (1 - p) * (1 - p)),
  },
  Phi: { f: Phi, d1: (x) => phi(x), d2: (x) => -x * phi(x) },
  probit: {
    f: probit,
    d1: (_p, q) => 1 / phi(q),
    d2: (_p, q) => q / (phi(q) * phi(q)),
  },
  lgamma: { f: lgamma, d1: (x) => digamma(x), d2: (x) => trigamma(x) },
  sin: { f: Math.sin, d1: (x) => Math.cos(x), d2: (_x, y) => -y },
  cos: { f: Math.cos, d1: (x) => -Math.sin(x), d2: (_x, y) => -y },
  // Γ' = Γ ψ, Γ'' = Γ (ψ² + ψ').
  gamma: { f: gamma, d1: (x, y) => y * digamma(x), d2: (x, y) => y * (digamma(x) ** 2 + trigamma(x)) },
  // log(1 + e^x): the smooth part of log_sum_exp(a, b) = a + log1pexp(b - a); not a user-visible name.
  log1pexp: {
    f: log1pexp,
    d1: (x) => logistic(x),
    d2: (x) => {
      const s = logistic(x);
      return s * (1 - s);
    },
  },
  atan: { f: Math.atan, d1: (x) => 1 / (1 + x * x), d2: (x) => (-2 * x) / ((1 + x * x) * (1 + x * x)) },
};

export { logistic };

/** Partial derivatives of a binary operation at (a, b). */
export interface BinaryPartials {
  v: number;
  fa: number;
  fb: number;
  faa: number;
  fab: number;
  fbb: number;
}

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** True for the comparison operators, whose value is 1 or 0 and whose derivatives are zero (piecewise constant). */
export const isComparison = (op: string): boolean => op in COMPARE;

/** Fills `out` with the value and partials of a op b; `pow` is x^y. */
export function binaryPartials(op: string, a: number, b: number, out: BinaryPartials): void {
  switch (op) {
    case '+':
      out.v = a + b;
      out.fa = 1;
      out.fb = 1;
      out.faa = 0;
      out.fab = 0;
      out.fbb = 0;
      return;
    case '-':
      out.v = a - b;
      out.fa = 1;
      out.fb = -1;
      out.faa = 0;
      out.fab = 0;
      out.fbb = 0;
      return;
    case '*':
      out.v = a * b;
      out.fa = b;
      out.fb = a;
      out.faa = 0;
      out.fab = 1;
      out.fbb = 0;
      return;
    case '/': {
      const ib = 1 / b;
      out.v = a * ib;
      out.fa = ib;
      out.fb = -a * ib * ib;
      out.faa = 0;
      out.fab = -ib * ib;
      out.fbb = 2 * a * ib * ib * ib;
      return;
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
      // NaN compares false in JavaScript; keep it missing instead, as R's NA.
      out.v = a !== a || b !== b ? NaN : COMPARE[op](a, b) ? 1 : 0;
      out.fa = out.fb = out.faa = out.fab = out.fbb = 0;
      return;
    default: {
      // x^y: for y constant the log(x) terms vanish; guard log of non-positive x then.
      const v = Math.pow(a, b);
      out.v = v;
      out.fa = b === 0 ? 0 : b * Math.pow(a, b - 1);
      out.faa = b === 0 || b === 1 ? 0 : b * (b - 1) * Math.pow(a, b - 2);
      const la = a > 0 ? Math.log(a) : 0;
      out.fb = a > 0 ? v * la : 0;
      out.fbb = a > 0 ? v * la * la : 0;
      out.fab = a > 0 ? Math.pow(a, b - 1) * (1 + b * la) : 0;
    }
  }
}
