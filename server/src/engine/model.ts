// The engine's model form: expression DAGs over parameters and data columns, free of syntax and editor concerns.

/** An expression node. Nodes are shared by identity (a `let` used twice is one node). */
export type Node =
  | { readonly op: 'const'; readonly value: number }
  | { readonly op: 'param'; readonly index: number }
  /** A data column restricted to the used rows (length n). */
  | { readonly op: 'data'; readonly values: Float64Array; readonly name: string }
  /**
   * A factor's per-row parameter (`b[wool]`): row i takes θ[params[codes[i]]], or 0 where that entry is −1 (a fixed
   * reference level). Its derivative wrt θ[params[l]] is the indicator 1{codes[i] = l}, never stored as a column.
   * `codes` covers the used rows (length n); `labels[l]` names level l's indicator (`wool == "A"`) for messages.
   */
  | LookupNode
  | { readonly op: 'neg'; readonly a: Node }
  | { readonly op: 'bin'; readonly fn: BinaryFn; readonly a: Node; readonly b: Node }
  | { readonly op: 'call'; readonly fn: string; readonly a: Node }
  /** `c ? a : b` per row (c non-zero); derivatives flow through the chosen branch only (c is piecewise constant). */
  | { readonly op: 'ifelse'; readonly c: Node; readonly a: Node; readonly b: Node };

export interface LookupNode {
  readonly op: 'lookup';
  readonly codes: Int32Array;
  readonly params: Int32Array;
  readonly labels: readonly string[];
}

/** Comparisons give 1 or 0 and have zero derivatives (piecewise constant). */
export type CompareFn = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryFn = '+' | '-' | '*' | '/' | '^' | CompareFn;

/**
 * A distribution, possibly composite (a Mixture has K ≥ 2 components). Censoring or truncation wraps a family as
 * `{ name: 'Censored', base }`; its term's args are the family's, then the right-censoring mask, the left-censoring
 * mask (data: non-zero rows are censored), LO and HI (constants or parameters; ±∞ when absent). Its own name keeps
 * the specialised solvers, which match family names, from taking it: it goes to the general Newton path.
 */
export interface DistSpec {
  readonly name: string;
  readonly components?: readonly DistSpec[];
  /** Categorical: the number of levels K (its arguments are η_0…η_{K−1}, y the level code 0…K−1). */
  readonly classes?: number;
  readonly base?: DistSpec;
}

/** One log-density term: Σ_rows log p(y | args). For priors y is a parameter and rows = 1. */
export interface Term {
  readonly dist: DistSpec;
  readonly y: Node;
  /**
   * Arguments in the distribution's order. For a Mixture of K components: the K − 1 weights w1…w(K−1) (the last
   * weight is 1 − their sum; for K = 2 this is the scalar w), then D1's arguments, then D2's, … then DK's.
   */
  readonly args: readonly Node[];
  /** Index of the source statement, so fit-time diagnostics can point at it. */
  readonly source: number;
  /**
   * A Mixture whose weights are a simplex `w[1:K]`: the parameters u_k = log(w_(k+1) / w_1), k = 1…K − 1, of which
   * the weight arguments are the softmax (so EM can set them from its closed-form weights).
   */
  readonly weightLogRatios?: readonly number[];
}

export interface ParamSpec {
  readonly name: string;
  readonly lower?: number;
  readonly upper?: number;
  readonly init?: number;
}

export type Method = 'auto' | 'newton' | 'bfgs' | 'lbfgs' | 'irls' | 'em' | 'nelder_mead';

export interface FitOptions {
  readonly method: Method;
  readonly se: 'observed' | 'expected' | 'sandwich';
  readonly ci: 'wald' | 'profile';
  readonly level: number;
  readonly restarts: number;
  readonly seed: number;
  readonly maxiter: number;
  readonly tol: number;
  /** Parametric bootstrap replicates after the fit (0: none); seeded by `seed`. */
  readonly bootstrap: number;
  /**
   * Degrees of freedom of the reported inference: `asymptotic` (z, the MLE σ̂) or `residual` (R's summary(lm): σ̂² =
   * RSS/(n − p), t with n − p df; linear Normal models only).
   */
  readonly df: 'asymptotic' | 'residual';
}

export const DEFAULT_OPTIONS: FitOptions = {
  method: 'auto',
  se: 'observed',
  ci: 'wald',
  level: 0.95,
  restarts: 0,
  seed: 20261123,
  maxiter: 200,
  tol: 1e-10,
  bootstrap: 0,
  df: 'asymptotic',
};

export interface EngineModel {
  readonly params: readonly ParamSpec[];
  /** Rows used by the likelihood. */
  readonly n: number;
  readonly terms: readonly Term[];
  readonly priors: readonly Term[];
  readonly derived: readonly { readonly name: string; readonly expr: Node; readonly source: number }[];
  readonly options: FitOptions;
}

export const constant = (value: number): Node => ({ op: 'const', value });

/** Children of a node, in evaluation order. */
export function children(n: Node): Node[] {
  switch (n.op) {
    case 'neg':
    case 'call':
      return [n.a];
    case 'bin':
      return [n.a, n.b];
    case 'ifelse':
      return [n.c, n.a, n.b];
    default:
      return [];
  }
}

/** Indices of the parameters a node depends on, sorted. */
export function paramDeps(root: Node, memo = new Map<Node, number[]>()): number[] {
  const hit = memo.get(root);
  if (hit) return hit;
  let out: number[];
  if (root.op === 'param') out = [root.index];
  else if (root.op === 'lookup') out = lookupDeps(root);
  else {
    const set = new Set<number>();
    for (const c of children(root)) for (const i of paramDeps(c, memo)) set.add(i);
    out = [...set].sort((a, b) => a - b);
  }
  memo.set(root, out);
  return out;
}

/** The free parameters of a lookup, sorted (fixed levels are −1). */
export function lookupDeps(n: LookupNode): number[] {
  return [...new Set(n.params)].filter((j) => j >= 0).sort((a, b) => a - b);
}

/** Level l's indicator over the node's rows: the derivative column of θ[params[l]]. */
export function indicator(n: LookupNode, level: number): Float64Array {
  const out = new Float64Array(n.codes.length);
  for (let i = 0; i < out.length; i++) if (n.codes[i] === level) out[i] = 1;
  return out;
}
