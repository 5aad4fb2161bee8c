// Fits one NIST StRD case (a generated .mle in test/nist/models) and scores it: LREs, SE digits, problems found.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';
import {
  EXACT_FITS,
  LINEAR_TARGET,
  NONLINEAR_TARGET,
  SE_TARGET,
  SIGMA_FREE_SE,
  UNIVARIATE_TARGET,
  lre,
  meets,
} from './targets.ts';

/** One run as written by scripts/nist-models.mjs into test/nist/cases.json (certified values as NIST's text). */
export interface NistCase {
  readonly kind: 'linear' | 'nonlinear' | 'univariate';
  readonly dataset: string;
  readonly start: 1 | 2 | null;
  readonly model: string;
  readonly difficulty: string;
  readonly n: number;
  readonly p: number;
  readonly digits: number;
  readonly parameters?: readonly { name: string; start?: string; estimate: string; sd: string }[];
  readonly residualSd?: string;
  readonly mean?: string;
  readonly sd?: string;
}

export interface Scored {
  readonly name: string;
  readonly start?: string;
  readonly estimate: number | null;
  readonly certified: string;
  readonly lre: number;
  readonly raw: number;
  /** Exact fits only: the relative LRE, for the record (their target is on the absolute one). */
  readonly relativeLre?: number;
  readonly se?: number | null;
  /** The SE the engine should report: NIST's SD × sqrt((n−p)/n) (or SD/s × σ̂ for sigma-free cases). */
  readonly seExpected?: number;
  readonly seLre?: number;
}

export interface RunRecord {
  readonly kind: NistCase['kind'];
  readonly dataset: string;
  readonly start: 1 | 2 | null;
  readonly difficulty: string;
  readonly model: string;
  readonly n: number;
  readonly p: number;
  readonly fitted: boolean;
  readonly converged: boolean | null;
  readonly iterations: number | null;
  readonly method: string | null;
  readonly elapsedMs: number;
  readonly diagnostics: readonly string[];
  readonly estimates: readonly Scored[];
  readonly minLre: number | null;
  readonly minSeLre: number | null;
  /** LRE of σ̂·sqrt(n/(n−p)) against the certified residual SD (reported, not a target). */
  readonly residualSdLre: number | null;
  /** Our RSS (n·σ̂²) over the certified RSS: > 1 means a worse optimum. */
  readonly rssRatio: number | null;
  readonly target: number;
  readonly seTarget: number | null;
  readonly problems: readonly string[];
  readonly pass: boolean;
}

const fmt = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined ? 'null' : Number.isFinite(x) ? x.toFixed(d) : String(x);

function fitFile(file: string): { fit?: FitJson; error?: string; ms: number } {
  const path = resolve('test/nist/models', file);
  const text = readFileSync(path, 'utf8');
  const dp = linkedDataPath(text)!;
  const t0 = performance.now();
  try {
    const res = runFit(analyze(text, loadData(resolveDataPath(path, dp), dp)), `test/nist/models/${file}`);
    const ms = performance.now() - t0;
    return res.ok
      ? { fit: res.result, ms }
      : { error: `${res.message} ${res.diagnostics.map((d) => `[${d.code}] ${d.message}`).join(' ')}`, ms };
  } catch (e) {
    return { error: `threw: ${(e as Error).stack ?? e}`, ms: performance.now() - t0 };
  }
}

/** Fits the case and scores every estimate; never throws on an engine failure (that becomes a problem). */
export function runCase(c: NistCase): RunRecord {
  const { fit, error, ms } = fitFile(c.model);
  const est = (name: string): number | null => fit?.parameters.find((q) => q.name === name)?.estimate ?? null;
  const se = (name: string): number | null => fit?.parameters.find((q) => q.name === name)?.se ?? null;
  const sigma = est('sigma');
  const problems: string[] = [];
  const exact = EXACT_FITS.has(c.dataset);
  let estimates: Scored[];
  let target: number;
  let seTarget: number | null = null;
  let residualSdLre: number | null = null;
  let rssRatio: number | null = null;

  if (c.kind === 'univariate') {
    const t = UNIVARIATE_TARGET[c.dataset];
    target = Math.min(t.mean, t.sd);
    const sd = sigma === null ? null : sigma * Math.sqrt(c.n / (c.n - 1));
    estimates = [
      { name: 'mean', estimate: est('mu'), certified: c.mean!, ...lre(est('mu'), Number(c.mean), c.digits) },
      { name: 'sd', estimate: sd, certified: c.sd!, ...lre(sd, Number(c.sd), c.digits) },
    ];
    if (fit && !meets(estimates[0], t.mean)) problems.push(`low LRE: mean ${fmt(estimates[0].lre)} < ${t.mean}`);
    if (fit && !meets(estimates[1], t.sd)) problems.push(`low LRE: sd ${fmt(estimates[1].lre)} < ${t.sd}`);
  } else {
    target = c.kind === 'linear' ? LINEAR_TARGET[c.dataset] : NONLINEAR_TARGET;
    seTarget = SE_TARGET;
    const s = Number(c.residualSd);
    const factor = Math.sqrt((c.n - c.p) / c.n);
    estimates = c.parameters!.map((q) => {
      const sd = Number(q.sd);
      const seExpected = SIGMA_FREE_SE.has(c.dataset) && sigma !== null ? (sd / s) * sigma : sd * factor;
      const l = lre(est(q.name), Number(q.estimate), c.digits, exact);
      const sl = lre(se(q.name), seExpected, c.digits);
      const rel = exact ? { relativeLre: lre(est(q.name), Number(q.estimate), c.digits).lre } : {};
      return {
        name: q.name,
        ...(q.start !== undefined ? { start: q.start } : {}),
        estimate: est(q.name),
        certified: q.estimate,
        ...l,
        ...rel,
        se: se(q.name),
        seExpected,
        seLre: sl.lre,
      };
    });
    if (sigma !== null) {
      residualSdLre = lre(sigma / factor, s, c.digits).lre;
      rssRatio = (c.n * sigma * sigma) / (s * s * (c.n - c.p));
    }
    const worst = estimates.reduce((a, b) => (b.raw < a.raw ? b : a));
    if (fit && !meets(worst, target)) {
      const away = worst.lre < 1 && rssRatio !== null && rssRatio > 1 + 1e-6;
      const kind = !away
        ? 'low LRE'
        : fit.converged
          ? `wrong optimum (RSS ${rssRatio!.toPrecision(6)} × certified)`
          : `stopped away from the optimum (RSS ${rssRatio!.toPrecision(6)} × certified)`;
      problems.push(
        `${kind}: min LRE ${fmt(worst.lre)} < ${target} (${worst.name} = ${worst.estimate}, certified ${worst.certified})`,
      );
    }
    if (fit && !exact && !SIGMA_FREE_SE.has(c.dataset) && (residualSdLre ?? 0) < SE_TARGET) {
      problems.push(
        `sigma: σ̂·sqrt(n/(n−p)) = ${sigma === null ? 'null' : (sigma / factor).toPrecision(11)} vs certified residual SD ${c.residualSd} (LRE ${fmt(residualSdLre)})`,
      );
    }
    if (fit && !exact) {
      const badSe = estimates.filter((e) => e.seLre! < SE_TARGET);
      if (badSe.length)
        problems.push(
          `SE below ${SE_TARGET} digits: ${badSe.map((e) => `${e.name} ${e.se === null ? 'null' : fmt(e.seLre)}`).join(', ')}`,
        );
    }
    if (fit && exact) {
      const badSe = estimates.filter((e) => e.se !== null && e.seLre! < SE_TARGET);
      if (badSe.length) problems.push(`exact fit: SE not ≈ 0 (${badSe.map((e) => `${e.name} ${e.se}`).join(', ')})`);
      if (!fit.diagnostics.some((d) => d.code === 'boundary'))
        problems.push('exact fit: no `boundary` diagnostic (sigma → 0 expected)');
    }
  }
  if (error) problems.unshift(`fit failed: ${error}`);
  else if (fit && !fit.converged && !exact) problems.unshift(`not converged after ${fit.iterations} iterations`);
  const scoredSe = estimates.filter((e) => e.seLre !== undefined);
  return {
    kind: c.kind,
    dataset: c.dataset,
    start: c.start,
    difficulty: c.difficulty,
    model: c.model,
    n: c.n,
    p: c.p,
    fitted: !!fit,
    converged: fit?.converged ?? null,
    iterations: fit?.iterations ?? null,
    method: fit?.method ?? null,
    elapsedMs: Math.round(ms),
    diagnostics: fit?.diagnostics.map((d) => d.code) ?? [],
    estimates,
    minLre: fit ? Math.min(...estimates.map((e) => e.lre)) : null,
    minSeLre: fit && scoredSe.length ? Math.min(...scoredSe.map((e) => e.seLre!)) : null,
    residualSdLre,
    rssRatio,
    target,
    seTarget,
    problems,
    pass: problems.length === 0,
  };
}

/** The failure message: what was fitted, from where, and every estimate against its certified value. */
export function explain(r: RunRecord): string {
  const head = `NIST ${r.kind} ${r.dataset}${r.start ? ` start ${r.start}` : ''} (${r.difficulty}; test/nist/models/${r.model}; n = ${r.n}, p = ${r.p})`;
  const status = `converged ${r.converged}, iterations ${r.iterations}, method ${r.method}, diagnostics [${r.diagnostics.join(', ')}], RSS ratio ${fmt(r.rssRatio, 8)}`;
  const rows = r.estimates.map(
    (e) =>
      `  ${e.name.padEnd(6)} ${e.start !== undefined ? `start ${e.start.padEnd(11)} ` : ''}est ${String(e.estimate).padEnd(24)} cert ${e.certified.padEnd(22)} LRE ${fmt(e.lre)}${e.relativeLre !== undefined ? ` (relative ${fmt(e.relativeLre)})` : ''}` +
      (e.seExpected !== undefined
        ? `   SE ${String(e.se).padEnd(24)} want ${e.seExpected.toPrecision(11).padEnd(18)} LRE ${fmt(e.seLre)}`
        : ''),
  );
  return [head, ...r.problems.map((p) => `  PROBLEM: ${p}`), `  ${status}`, ...rows].join('\n');
}
