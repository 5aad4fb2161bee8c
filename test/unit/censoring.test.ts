// Log-CDFs/log-survivals of Normal, LogNormal, Logistic, Weibull, Exponential against R in both tails, their partials
// and the Censored wrapper's (masks, truncation, bounds as variables) against finite differences; the truncated
// density integrating to 1; count truncation P(LO ≤ Y ≤ HI) with ⌈LO⌉ − 1; the censoring syntax and its checks.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { family } from '../../server/src/engine/distributions/index.ts';
import { censored } from '../../server/src/engine/distributions/censored.ts';
import { poisson } from '../../server/src/engine/distributions/poisson.ts';
import { makeOut, type DistOut, type Family } from '../../server/src/engine/distributions/types.ts';
import { checkPartials as checkAt, pointPartials as at } from './partials.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { formatText } from '../../server/src/features/format.ts';
import { completion } from '../../server/src/features/completion.ts';
import { randomTruncated } from '../../server/src/engine/distributions/truncated-random.ts';
import { logPhi } from '../../server/src/engine/eval/special.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';

type TailFn = (len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut) => void;
const MINE = ['Normal', 'LogNormal', 'Logistic', 'Weibull', 'Exponential'];
/** Central differences with step 1e-5 relative: first partials to 1e-6, second to 1e-5 (relative, floor 1). */
const FD_TOL = { d1: 1e-6, d2: 1e-5 };
const checkPartials = (fn: TailFn, x: number[], label: string, skip?: ReadonlySet<number>): void =>
  checkAt(fn, x, label, FD_TOL, skip);

const fam = (name: string): Family => family(name)!;
const tails = (
  JSON.parse(readFileSync('test/reference/r-survreg.json', 'utf8')) as {
    tails: {
      tolerance: number;
      values: { family: string; fn: 'logCdf' | 'logSurvival'; x: number[]; value: number; r: string }[];
    };
  }
).tails;

describe('log-CDF and log-survival of the five families', () => {
  for (const t of tails.values)
    test(`${t.family}.${t.fn}(${t.x.join(', ')}) = R's ${t.r}`, () => {
      const got = at(fam(t.family)[t.fn]!, t.x).lp;
      assert.ok(
        Math.abs(got - t.value) <= tails.tolerance * Math.max(1, Math.abs(t.value)),
        `${t.family}.${t.fn} at ${JSON.stringify(t.x)}: ${got}, R ${t.value} (${t.r})`,
      );
    });

  for (const name of MINE)
    test(`${name}: F + S = 1, and every partial of both matches finite differences, tails included`, () => {
      const f = fam(name);
      const rand = rng(31);
      for (let k = 0; k < 40; k++) {
        const args = f.example.map((v) => v * Math.exp(0.6 * (rand() - 0.5)));
        const med = f.mean(args) ?? 1;
        // Points from the far lower tail to the far upper tail of the distribution.
        const y = f.support.kind === 'real' ? med + (rand() - 0.5) * 30 : med * Math.exp((rand() - 0.5) * 8);
        const x = [y, ...args];
        const F = at(f.logCdf!, x).lp;
        const S = at(f.logSurvival!, x).lp;
        assert.ok(Math.abs(Math.exp(F) + Math.exp(S) - 1) < 1e-12, `${name} at ${JSON.stringify(x)}: F ${F}, S ${S}`);
        if (F > -700) checkPartials(f.logCdf!, x, `${name}.logCdf`);
        if (S > -700) checkPartials(f.logSurvival!, x, `${name}.logSurvival`);
      }
    });
});

/** The Censored wrapper over x = [y, args, R, L, LO, HI] as a TailFn (one row). */
const wrapped = (name: string): TailFn => {
  const impl = censored(fam(name), 4);
  return (len, x, order, out) => impl.logpdf(len, x, order, out);
};

describe('the Censored wrapper', () => {
  test('uncensored, right- and left-censored rows are log f, log S and log F', () => {
    const w = wrapped('Weibull');
    const f = fam('Weibull');
    const x = [2.5, 1.3, 3];
    assert.equal(at(w, [...x, 0, 0, -Infinity, Infinity]).lp, at(f.logpdf.bind(f), x).lp);
    assert.equal(at(w, [...x, 1, 0, -Infinity, Infinity]).lp, at(f.logSurvival!, x).lp);
    assert.equal(at(w, [...x, 0, 1, -Infinity, Infinity]).lp, at(f.logCdf!, x).lp);
  });

  test('partials match finite differences, with LO and HI as variables, in both tail forms of log Z', () => {
    // LO below the median uses log F(HI) − log F(LO); LO above it uses log S(LO) − log S(HI).
    const cases: [string, number[]][] = [
      ['Normal', [0.3, 0.5, 1.2, 0, 0, -1, 2]],
      ['Normal', [5.3, 0.5, 1.2, 0, 0, 4, 9]],
      ['Normal', [5.3, 0.5, 1.2, 1, 0, 4, 9]],
      ['Normal', [0.3, 0.5, 1.2, 0, 1, -1, Infinity]],
      ['Normal', [3.1, 0.5, 1.2, 0, 0, 3, Infinity]],
      ['Weibull', [1.7, 1.4, 2, 0, 0, 0.5, 3]],
      ['Weibull', [6.2, 1.4, 2, 1, 0, 5, Infinity]],
      ['LogNormal', [2.2, 0.3, 0.8, 0, 1, 0.5, 10]],
      ['Logistic', [12, 1, 2, 0, 0, 10, 20]],
      ['Exponential', [0.9, 0.7, 0, 0, 0.2, 4]],
    ];
    for (const [name, x] of cases) {
      const m = fam(name).nargs;
      // Never differentiate the masks (data) or an infinite bound.
      const skip = new Set([
        m + 1,
        m + 2,
        ...(x[m + 3] === -Infinity ? [m + 3] : []),
        ...(x[m + 4] === Infinity ? [m + 4] : []),
      ]);
      checkPartials(wrapped(name), x, `Censored(${name})`, skip);
    }
  });

  test('the truncated density integrates to 1 over (LO, HI) and is far in the tail finite', () => {
    for (const [name, args, lo, hi] of [
      ['Normal', [1.5, 2], -1, 2],
      ['Weibull', [1.4, 2], 0.5, 3],
      ['Normal', [0, 1], 30, Infinity],
    ] as [string, number[], number, number][]) {
      const impl = censored(fam(name), 4096);
      const N = 4000;
      const top = hi === Infinity ? lo + 2 : hi;
      const h = (top - lo) / N;
      const ys = Float64Array.from({ length: N }, (_, i) => lo + (i + 0.5) * h);
      const col = (v: number): Float64Array => new Float64Array(N).fill(v);
      const out = makeOut(args.length + 5, N);
      impl.logpdf(N, [ys, ...args.map(col), col(0), col(0), col(lo), col(hi)], 0, out);
      let total = 0;
      for (let i = 0; i < N; i++) total += Math.exp(out.lp[i]) * h; // midpoint rule, error O(h²)
      assert.ok(Math.abs(total - 1) < 1e-5, `${name}(${args}) truncated (${lo}, ${hi}): ∫ = ${total}`);
    }
  });

  test('count truncation is P(LO ≤ Y ≤ HI) = F(⌊HI⌋) − F(⌈LO⌉ − 1): the zero-truncated Poisson', () => {
    // A local Poisson log-CDF by summation, for values only (the family's own comes with another change).
    const logCdfSum = (y: number, l: number): number => {
      let s = 0;
      let term = Math.exp(-l);
      for (let k = 0; k <= y; k++) {
        s += term;
        term *= l / (k + 1);
      }
      return Math.log(s);
    };
    const local: Family = {
      ...poisson,
      logCdf: (len, [y, l], _o, out) => {
        for (let i = 0; i < len; i++) out.lp[i] = logCdfSum(y[i], l[i]);
      },
      logSurvival: (len, [y, l], _o, out) => {
        for (let i = 0; i < len; i++) out.lp[i] = Math.log1p(-Math.exp(logCdfSum(y[i], l[i])));
      },
    };
    const impl = censored(local, 1);
    const one = (y: number, l: number, lo: number, hi: number): number => {
      const out = makeOut(6, 1);
      impl.logpdf(
        1,
        [y, l, 0, 0, lo, hi].map((v) => Float64Array.of(v)),
        0,
        out,
      );
      return out.lp[0];
    };
    const logDpois = (y: number, l: number): number => {
      const out = makeOut(2, 1);
      poisson.logpdf(1, [Float64Array.of(y), Float64Array.of(l)], 0, out);
      return out.lp[0];
    };
    for (const [y, l] of [
      [1, 0.8],
      [3, 2.5],
      [7, 4],
    ]) {
      const want = logDpois(y, l) - Math.log1p(-Math.exp(-l));
      assert.ok(
        Math.abs(one(y, l, 1, Infinity) - want) < 1e-12,
        `ZTP y=${y} λ=${l}: ${one(y, l, 1, Infinity)} vs ${want}`,
      );
      // A fractional LO means the same: Y ≥ 0.5 is Y ≥ 1.
      assert.ok(Math.abs(one(y, l, 0.5, Infinity) - want) < 1e-12);
      // Both bounds: P(1 ≤ Y ≤ 10) = F(10) − F(0).
      const both = logDpois(y, l) - Math.log(Math.exp(logCdfSum(10, l)) - Math.exp(-l));
      assert.ok(Math.abs(one(y, l, 1, 10) - both) < 1e-12, `y=${y} λ=${l} in [1, 10]`);
    }
  });
});

describe('the censoring syntax and its checks', () => {
  const HEAD = 'data "d.csv"\nparam b0\nparam s > 0\n';
  const parsed = parseDataFile('d.csv', 'y,x,st\n1.5,2,0\n2.5,3,1\n0.5,4,2\n');
  const data: DataLoad | undefined = parsed.ok ? { ok: true, path: 'd.csv', table: parsed.table } : undefined;
  const codes = (model: string): string[] => analyze(model, data).diagnostics.map((d) => d.code);

  test('both sides and a truncation parse into the likelihood statement', () => {
    const an = analyze(
      `${HEAD}y ~ Normal(b0, s) censored right when st == 0 censored left when st == 2 truncated (-inf, 10)\n`,
    );
    const st = an.file.statements.find((s) => s.kind === 'likelihood');
    assert.ok(st?.kind === 'likelihood');
    assert.deepEqual(
      st.censored?.map((c) => c.side),
      ['right', 'left'],
    );
    assert.equal(st.truncated?.length, 1);
    assert.deepEqual(
      an.diagnostics.filter((d) => d.code === 'syntax'),
      [],
    );
  });

  test('a malformed clause is one syntax error with a range; the statements after it survive', () => {
    for (const bad of [
      'censored when y > 1',
      'censored right y > 1',
      'truncated (1 inf)',
      'truncated 1, 2',
      'censored right when',
    ]) {
      const text = `${HEAD}y ~ Normal(b0, s) ${bad}\nlet z = 2 * b0\n`;
      const an = analyze(text);
      const syn = an.diagnostics.filter((d) => d.code === 'syntax');
      assert.equal(syn.length, 1, `${bad}: ${JSON.stringify(an.diagnostics)}`);
      assert.ok(syn[0].span.start >= text.indexOf(bad) - 1 && syn[0].span.end <= text.length, bad);
      assert.ok(
        an.file.statements.some((s) => s.kind === 'let'),
        `${bad}: the let after it was lost`,
      );
    }
  });

  test('invalid-censoring: a discrete family, a condition with a parameter, a side given twice, a Mixture', () => {
    assert.ok(codes(`${HEAD}y ~ Poisson(s) censored right when st == 0\n`).includes('invalid-censoring'));
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) censored right when y > b0\n`).includes('invalid-censoring'));
    assert.ok(
      codes(`${HEAD}y ~ Normal(b0, s) censored left when st == 0 censored left when st == 1\n`).includes(
        'invalid-censoring',
      ),
    );
    assert.ok(
      codes(
        `${HEAD}param w in (0, 1)\ny ~ Mixture(w, Normal(b0, s), Normal(1, s)) censored right when st == 0\n`,
      ).includes('invalid-censoring'),
    );
    assert.ok(!codes(`${HEAD}y ~ Normal(b0, s) censored right when st == 0\n`).includes('invalid-censoring'));
  });

  test('invalid-truncation: a bound with data, two clauses, an empty interval', () => {
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) truncated (x, inf)\n`).includes('invalid-truncation'));
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) truncated (0, inf) truncated (1, 2)\n`).includes('invalid-truncation'));
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) truncated (3, -inf)\n`).includes('invalid-truncation'));
    assert.ok(!codes(`${HEAD}y ~ Normal(b0, s) truncated (b0, inf)\n`).includes('invalid-truncation'));
  });

  test('data-support: a row outside a literal truncation (open for continuous families, closed for counts)', () => {
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) truncated (1, inf)\n`).includes('data-support'));
    assert.ok(codes(`${HEAD}y ~ Normal(b0, s) truncated (0.5, 3)\n`).includes('data-support')); // 0.5 is on the open boundary
    assert.ok(!codes(`${HEAD}y ~ Normal(b0, s) truncated (0, 3)\n`).includes('data-support'));
    assert.ok(!codes(`${HEAD}x ~ Poisson(s) truncated (2, 4)\n`).includes('data-support'));
    assert.ok(codes(`${HEAD}x ~ Poisson(s) truncated (3, 4)\n`).includes('data-support'));
  });

  test('the formatter keeps the clauses and their keywords', () => {
    const text = `${HEAD}y~Normal(b0,s)   censored   right when st==0 truncated(-inf,10)\n`;
    const out = formatText(analyze(text))?.text ?? '';
    assert.match(out, /y ~ Normal\(b0, s\) censored right when st == 0 truncated \(-inf, 10\)/);
    assert.deepEqual(
      analyze(out).diagnostics.filter((d) => d.code === 'syntax'),
      [],
    );
  });
});

describe('completion of the clauses', () => {
  const labels = (text: string): string[] => completion(analyze(text), text.length).map((c) => c.label);
  const HEAD = 'data "d.csv"\nparam b0\nparam s > 0\n';
  test('after a likelihood: censored and truncated; after censored: right, left; after right: when', () => {
    assert.ok(labels(`${HEAD}y ~ Normal(b0, s) `).includes('censored'));
    assert.ok(labels(`${HEAD}y ~ Normal(b0, s) `).includes('truncated'));
    assert.ok(labels(`${HEAD}y ~ Normal(b0, s) cen`).includes('censored'));
    assert.deepEqual(
      labels(`${HEAD}y ~ Normal(b0, s) censored `).filter((l) => l === 'right' || l === 'left'),
      ['right', 'left'],
    );
    assert.ok(labels(`${HEAD}y ~ Normal(b0, s) censored right `).includes('when'));
    assert.ok(!labels(`${HEAD}y ~ Normal(b0, s) truncated (0, inf) `).includes('truncated'));
    assert.ok(!labels(`${HEAD}let z = exp(b0) `).includes('censored'));
  });
});

describe('truncated random draws', () => {
  /** E[Y | a < Y < b] for a standard Normal: (φ(a) − φ(b)) / (Φ(b) − Φ(a)), on the log scale for the tails. */
  const tnMean = (a: number, b: number): number => {
    const lphi = (x: number): number => (Number.isFinite(x) ? -0.5 * x * x - 0.5 * Math.log(2 * Math.PI) : -Infinity);
    // Z = Φ(b) − Φ(a), or S(a) − S(b) above the median so that it does not cancel.
    const logZ =
      b === Infinity
        ? logPhi(-a)
        : a === -Infinity
          ? logPhi(b)
          : a > 0
            ? Math.log(Math.exp(logPhi(-a)) - Math.exp(logPhi(-b)))
            : Math.log(Math.exp(logPhi(b)) - Math.exp(logPhi(a)));
    return Math.exp(lphi(a) - logZ) - Math.exp(lphi(b) - logZ);
  };
  test('far-tail and ordinary truncations: every draw inside, the mean as the closed form (5 SE)', () => {
    for (const [a, b] of [
      [30, Infinity],
      [-Infinity, -25],
      [-1, 0.5],
      [8, 8.5],
    ]) {
      const rand = rng(5);
      const n = 4000;
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < n; i++) {
        const y = randomTruncated(fam('Normal'), [0, 1], a, b, rand)!;
        assert.ok(y > a && y < b, `Normal(0, 1) truncated (${a}, ${b}) drew ${y}`);
        sum += y;
        sum2 += y * y;
      }
      const mean = sum / n;
      const se = Math.sqrt((sum2 / n - mean * mean) / n);
      assert.ok(
        Math.abs(mean - tnMean(a, b)) < 5 * se + 1e-9,
        `(${a}, ${b}): mean ${mean}, closed form ${tnMean(a, b)}, SE ${se}`,
      );
    }
  });
  test('a family without a log-CDF falls back to bounded rejection only (undefined, never an endless loop)', () => {
    const noCdf: Family = { ...fam('Normal'), logCdf: undefined, logSurvival: undefined };
    assert.equal(randomTruncated(noCdf, [0, 1], 40, Infinity, rng(1)), undefined);
  });
});
