// Compares fitted models of the same data: information criteria, Akaike weights and likelihood-ratio tests of nested pairs.

import type { CompareJson, CompareModelJson, FitJson, LikelihoodRatioTestJson } from '../protocol.ts';
import { lrtPValue } from './lrt.ts';
import type { Analysis } from '../language/analysis-types.ts';

/** Each likelihood term's outcome as written, spaces removed (`log(y)` and `log( y )` are one outcome). */
export function outcomesOf(an: Analysis): string[] {
  return an.file.statements.flatMap((st) =>
    st.kind === 'likelihood' ? [an.text.slice(st.lhs.span.start, st.lhs.span.end).replace(/\s+/g, '')] : [],
  );
}

/** One fitted model: its result and the outcomes its likelihood explains (each term's left-hand side, as written). */
export interface CompareEntry {
  readonly model: string;
  readonly fit: FitJson;
  readonly outcomes: readonly string[];
}

/** Which rows of which file a model uses (`used[i]` = 1 for data row i), read before fitting. */
export interface DataIdentity {
  readonly model: string;
  /** The data file's resolved path (compared) and as shown to the user (in messages). */
  readonly file: string;
  readonly shown: string;
  readonly rows: number;
  readonly used: Uint8Array | undefined;
}

// The result shapes live in protocol.ts: the editor's compare view receives them over `mle/compare`.
export type CompareModel = CompareModelJson;
export type LikelihoodRatioTest = LikelihoodRatioTestJson;
export type { CompareJson };

const list = (rows: readonly number[]): string =>
  rows.length > 10 ? `${rows.slice(0, 10).join(', ')} … (${rows.length} rows)` : rows.join(', ');

/** Data rows (1-based) that `a` uses and `b` does not. */
function usedOnlyBy(a: DataIdentity, b: DataIdentity): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.rows; i++) if ((a.used?.[i] ?? 1) && !(b.used?.[i] ?? 1)) out.push(i + 1);
  return out;
}

/**
 * Likelihoods are comparable only over the same observations: the same file and the same used rows. Returns why
 * not, naming the first model that differs from the first model and how (file, row count, or which rows it drops).
 */
export function dataMismatch(ids: readonly DataIdentity[]): string | undefined {
  const [a, ...rest] = ids;
  for (const b of rest) {
    if (b.file !== a.file)
      return `${a.model} and ${b.model} read different data files (${a.shown} and ${b.shown}): likelihoods can only be compared on the same data.`;
    if (b.rows !== a.rows)
      return `${a.model} and ${b.model} read ${a.shown} with different row counts (${a.rows} and ${b.rows}); the file changed between reads.`;
    const dropB = usedOnlyBy(a, b);
    const dropA = usedOnlyBy(b, a);
    if (dropA.length || dropB.length) {
      const says = [
        dropB.length
          ? `${b.model} drops data row${dropB.length === 1 ? '' : 's'} (1-based, header excluded) ${list(dropB)} that ${a.model} uses`
          : '',
        dropA.length
          ? `${a.model} drops data row${dropA.length === 1 ? '' : 's'} (1-based, header excluded) ${list(dropA)} that ${b.model} uses`
          : '',
      ].filter(Boolean);
      return `${a.model} and ${b.model} use different rows of ${a.shown}: ${says.join('; ')} (a missing value in a column only one of them uses). Compare models on the same rows, e.g. by removing those rows from the file.`;
    }
  }
  return undefined;
}

/** The range of a declared constraint as written by run-fit ("> 0", "< 1", "in (0, 1)"); undefined when free. */
function rangeOf(constraint: string | undefined): [number, number] | undefined {
  if (!constraint) return undefined;
  const m = /^(>|<) (\S+)$/.exec(constraint);
  if (m) return m[1] === '>' ? [Number(m[2]), Infinity] : [-Infinity, Number(m[2])];
  const i = /^in \((\S+), (\S+)\)$/.exec(constraint);
  return i ? [Number(i[1]), Number(i[2])] : undefined;
}

const freeNames = (f: FitJson): string[] => f.parameters.filter((p) => !p.fixed).map((p) => p.name);
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Why a fitted model takes no part in ΔAIC, the weights and the tests; undefined when it does. */
function exclusion(f: FitJson): string | undefined {
  if (!f.converged) return `did not converge (${f.optimality?.condition ?? 'no verdict'})`;
  if (f.logLik === null || f.aic === null) return 'its log-likelihood could not be computed';
  return undefined;
}

/** The likelihood-ratio test of S nested in L (both eligible), or why the pair is not tested (undefined: not nested). */
function lrt(S: CompareEntry, L: CompareEntry): LikelihoodRatioTest | { readonly skip: string } | undefined {
  const s = freeNames(S.fit);
  const l = new Set(freeNames(L.fit));
  if (!s.every((x) => l.has(x)) || s.length >= l.size || !sameSet(S.outcomes, L.outcomes)) return undefined;
  if (S.fit.objective === 'posterior' || L.fit.objective === 'posterior')
    return { skip: `${S.model} in ${L.model}: not tested, a model has priors (its estimates are a posterior mode)` };
  const restricted = [...l].filter((x) => !s.includes(x));
  const boundary: string[] = [];
  for (const name of restricted) {
    const r = rangeOf(L.fit.parameters.find((p) => p.name === name)?.constraint);
    if (!r) continue;
    if (r[0] === 0 || r[1] === 0) boundary.push(name);
    else if (!(r[0] < 0 && r[1] > 0))
      return {
        skip: `${S.model} in ${L.model}: not tested, ${name}'s range excludes 0, the value it takes in the smaller model`,
      };
  }
  const df = L.fit.k - S.fit.k;
  if (df <= 0) return undefined;
  const raw = 2 * (L.fit.logLik! - S.fit.logLik!);
  // A larger model whose maximum lies below the smaller's did not find its maximum (a nested maximum cannot be lower).
  const below = raw < -1e-6 * Math.max(1, Math.abs(L.fit.logLik!));
  const statistic = Math.max(0, raw);
  const b = boundary.length;
  const notes: string[] = [];
  if (below)
    notes.push(
      `${L.model}'s log-likelihood is below ${S.model}'s by ${(-raw / 2).toPrecision(3)}: the larger fit missed its maximum (try restarts); the statistic is taken as 0`,
    );
  if (b)
    notes.push(
      `${boundary.join(', ')} = 0 ${b === 1 ? 'lies' : 'lie'} on the bound of ${b === 1 ? 'its' : 'their'} range under ${S.model}: p from the χ̄² mixture ${b === 1 ? `½χ²(${df - 1}) + ½χ²(${df})` : `of χ²(${df - b})…χ²(${df}) with binomial(${b}, ½) weights (boundary parameters taken as orthogonal)`} (Self & Liang 1987), not χ²(${df})`,
    );
  return {
    smaller: S.model,
    larger: L.model,
    statistic,
    df,
    p: lrtPValue(statistic, df, b),
    reference: b ? 'chibar2' : 'chisq',
    restricted,
    boundary,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/**
 * Information criteria for every model (ΔAIC and Akaike weights over the converged ones) and a likelihood-ratio test
 * for every nested pair: nested when the smaller model's free parameter names are a subset of the larger's and both
 * explain the same outcomes; parameters of the larger model absent from the smaller are taken as 0 there.
 */
export function compareFits(entries: readonly CompareEntry[]): CompareJson {
  const why = entries.map((e) => exclusion(e.fit));
  const ok = entries.filter((_, i) => !why[i]);
  const best = Math.min(...ok.map((e) => e.fit.aic!));
  const rel = ok.map((e) => Math.exp(-(e.fit.aic! - best) / 2));
  const total = rel.reduce((a, b) => a + b, 0);
  const models = entries.map((e, i): CompareModel => {
    const at = ok.indexOf(e);
    return {
      model: e.model,
      converged: e.fit.converged,
      verdict: e.fit.optimality?.condition ?? (e.fit.converged ? 'converged' : 'not converged'),
      objective: e.fit.objective,
      k: e.fit.k,
      n: e.fit.n,
      logLik: e.fit.logLik,
      aic: e.fit.aic,
      deltaAic: why[i] ? null : e.fit.aic! - best,
      akaikeWeight: why[i] ? null : rel[at] / total,
      bic: e.fit.bic,
    };
  });
  const tests: LikelihoodRatioTest[] = [];
  const notes: string[] = [];
  for (const S of ok)
    for (const L of ok) {
      if (S === L) continue;
      const t = lrt(S, L);
      if (!t) continue;
      if ('skip' in t) notes.push(t.skip);
      else tests.push(t);
    }
  const excluded = entries.flatMap((e, i) => (why[i] ? [{ model: e.model, reason: why[i]! }] : []));
  if (!tests.length && ok.length >= 2)
    notes.push('No pair of models is nested (by parameter names and outcomes): compare them by AIC and BIC only.');
  const d = entries[0]?.fit.data;
  return { data: d ? { path: d.path, rowsUsed: d.rowsUsed } : null, models, tests, excluded, notes };
}
