// The interfaces of a density (values and exact partials over a chunk of rows) and of a family's descriptor.

/** Outputs over rows [0, len): lp, first partials d1[a], second partials d2[tri(a, b)] for a ≤ b. Index 0 is y. */
export interface DistOut {
  readonly lp: Float64Array;
  readonly d1: Float64Array[];
  readonly d2: Float64Array[];
}

export interface DistImpl {
  readonly name: string;
  /** Number of arguments, y excluded. */
  readonly nargs: number;
  /**
   * Fills out.lp (and out.d1 for order ≥ 1, out.d2 for order 2) for rows [0, len). x[0] is y, x[1..] the arguments.
   * `k` is the precomputed data-only normalising constant per row (see dataConstant), when the engine has it.
   * Invalid arguments give lp = -Infinity (the optimizer backs off); derivatives there are unspecified.
   */
  logpdf(len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut, k?: Float64Array): void;
  /**
   * Expected second derivatives E[∂²lp/∂a∂b] over the arguments (negative Fisher information), packed like d2 with
   * index 0 (y) left at zero. Absent where no closed form is implemented; the engine then falls back to observed.
   */
  fisher?(len: number, x: readonly Float64Array[], out: DistOut): void;
  /** A term of lp that depends only on y (and on the listed arguments), computed once per fit when they are data. */
  readonly dataConstant?: { readonly args: readonly number[]; readonly f: (x: readonly number[]) => number };
}

/** What values an argument accepts; `positive` arguments trigger `unconstrained-scale`; integers are data. */
export type ArgDomain = 'real' | 'positive' | 'probability' | 'nonnegative-integer';

export interface ArgInfo {
  readonly name: string;
  readonly domain: ArgDomain;
  readonly doc: string;
}

/** The support of the observed data ('binomial': 0..size; 'uniform': lower..upper). */
export type SupportKind =
  'real' | 'positive' | 'nonnegative' | 'unit-open' | 'binary' | 'count' | 'binomial' | 'uniform';

export interface Support {
  readonly kind: SupportKind;
  readonly discrete: boolean;
  /** For messages and hover, e.g. "y ≥ 0". */
  readonly text: string;
}

/** Text for hover and documentation. */
export interface FamilyDoc {
  readonly density: string;
  readonly mean: string;
  readonly variance: string;
  readonly closedFormMle?: string;
  readonly notes?: string;
}

/**
 * One distribution family the language offers: its density with partials plus everything else the engine and the
 * editor need to know about it, so that adding a family is one file and one registry line.
 */
export interface Family extends DistImpl {
  readonly args: readonly ArgInfo[];
  readonly support: Support;
  readonly doc: FamilyDoc;
  /** A typical valid argument vector (tests perturb it; docs may show it). */
  readonly example: readonly number[];
  /** E[y] from the arguments; undefined where it does not exist (Cauchy, StudentT with ν ≤ 1). */
  mean(args: readonly number[]): number | undefined;
  /**
   * Natural-scale moment or quantile estimates of every argument from a sample (weights optional). `known[a]` is the
   * value of argument a when it is data (Binomial size), so the others can be estimated given it.
   */
  starts(y: Float64Array, w?: Float64Array, known?: readonly (number | undefined)[]): number[];
  /** One draw from a uniform generator on [0, 1). */
  random(args: readonly number[], rand: () => number): number;
  /** Closed-form weighted MLE of the arguments, in their order, where one exists (EM's M-step). */
  weightedMle?(y: Float64Array, w: Float64Array): number[] | undefined;
  /** log P(Y ≤ y) and log P(Y > y) with partials, packed like logpdf (for censoring; not every family yet). */
  logCdf?(len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut): void;
  logSurvival?(len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut): void;
}

/** Links a fused form may absorb. */
export type FusedLink = 'logistic' | 'exp' | 'Phi';

/** A density the engine rewrites `family(…, link(η), …)` to, for tail accuracy and speed (e.g. BernoulliLogit). */
export interface FusedForm extends DistImpl {
  readonly fuses: { readonly family: string; readonly arg: number; readonly link: FusedLink };
}

/** Index of the pair (a, b), a ≤ b, in the packed upper triangle of a K×K symmetric matrix. */
export function tri(a: number, b: number, K: number): number {
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  return a * K - (a * (a - 1)) / 2 + (b - a);
}

export function makeOut(K: number, C: number): DistOut {
  return {
    lp: new Float64Array(C),
    d1: Array.from({ length: K }, () => new Float64Array(C)),
    d2: Array.from({ length: (K * (K + 1)) / 2 }, () => new Float64Array(C)),
  };
}
