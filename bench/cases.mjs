// Benchmark cases: deterministic data generators (seeded PRNG, streaming CSV writer, fixed decimals), the
// matching .mle models, and the reference-tool scripts that fit the same CSV. Generated files go to bench/data/.

import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Bump when a generator changes, so cached files are regenerated. */
const GEN_VERSION = 1;

// ---------------------------------------------------------------- PRNG
/** sfc32 seeded through splitmix32: fast, 32-bit, passes PractRand; identical on every platform. */
export function rng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  /** Uniform on (0, 1), 53-bit resolution. */
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const th = 2 * Math.PI * uniform();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  /** Poisson by sequential inversion (fine for the small means used here). */
  const poisson = (lambda) => {
    let k = 0,
      p = Math.exp(-lambda),
      cdf = p;
    const u = uniform();
    while (u > cdf && k < 10000) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  };
  return { uniform, normal, poisson };
}

// ---------------------------------------------------------------- cases
const P = 10;
const xs = Array.from({ length: P }, (_, j) => `x${j + 1}`);
const logisticBeta = [-0.5, 0.5, -0.25, 0.3, 0, 0.1, -0.4, 0.2, 0.15, -0.1, 0.05];
const poissonBeta = [0.7, 0.15, -0.1, 0.12, 0, 0.05, -0.15, 0.08, 0.06, -0.04, 0.02];
const gaussBeta = [1.0, 0.5, -0.25, 0.3, 0, 0.1, -0.4, 0.2, 0.15, -0.1, 0.05];
const gaussSigma = 2;

/** A regression CSV: y then x1..x10, x ~ N(0, 1) with 6 decimals (≈ 97 bytes a row for the logistic case). */
function regressionRows(kind, beta) {
  return (r, n, emit) => {
    const x = new Float64Array(P);
    for (let i = 0; i < n; i++) {
      let eta = beta[0];
      for (let j = 0; j < P; j++) {
        // Round first so that y is generated from exactly the covariates in the file.
        const v = Number(r.normal().toFixed(6));
        x[j] = v;
        eta += beta[j + 1] * v;
      }
      let y;
      if (kind === 'logistic') y = r.uniform() < 1 / (1 + Math.exp(-eta)) ? '1' : '0';
      else if (kind === 'poisson') y = String(r.poisson(Math.exp(eta)));
      else y = (eta + gaussSigma * r.normal()).toFixed(6);
      let line = y;
      for (let j = 0; j < P; j++) line += ',' + x[j].toFixed(6);
      emit(line);
    }
  };
}

const linear = () => 'b0 + ' + xs.map((x, j) => `b${j + 1} * ${x}`).join(' + ');
const regressionParams = `param ${['b0', ...xs.map((_, j) => `b${j + 1}`)].join(', ')}`;
const regressionNames = { ours: ['b0', ...xs.map((_, j) => `b${j + 1}`)], ref: ['(Intercept)', ...xs] };

const mix = { w: 0.35, mu1: 0, s1: 1, mu2: 3, s2: 1.5 };
export const mixtureStart = { w: 0.5, mu1: -0.5, mu2: 2.5, sigma1: 1, sigma2: 1 };
const biexp = { b1: 3, b2: 1.2, b3: 1.5, b4: 0.15, sigma: 0.1 };
export const biexpStart = { b1: 2, b2: 0.8, b3: 1, b4: 0.1 };

/** Multinomial logit: 5 classes A…E (A the reference), 3 covariates; class k's log-odds a_k + Σ_j b_jk x_j. */
const multiClasses = ['A', 'B', 'C', 'D', 'E'];
const multiCoef = [
  [0.4, 0.5, -0.3, 0.2],
  [-0.2, -0.4, 0.6, 0.1],
  [0.1, 0.3, 0.3, -0.5],
  [-0.5, 0.8, -0.2, 0.4],
];
/** Ten covariates: the first three as above, the others small and of both signs. */
const multiCoef10 = multiCoef.map((c, k) => [
  ...c,
  ...[1, 2, 3, 4, 5, 6, 7].map((j) => (((k * 5 + j * 3) % 9) - 4) / 10),
]);

/** A multinomial-logit case: classes A…E, covariates x1…xP ~ N(0, 1) where P + 1 = the length of a coef row. */
function multinomialCase({ id, rows, quickRows, seed, coef, target }) {
  const P = coef[0].length - 1;
  const xs = Array.from({ length: P }, (_, j) => `x${j + 1}`);
  const bs = xs.map((_, j) => `b${j + 1}`);
  return {
    id,
    title: `Multinomial logit: 5 classes, ${P} covariates`,
    rows,
    quickRows,
    seed,
    header: ['y', ...xs],
    gen: (r, n, emit) => {
      const eta = new Float64Array(5);
      const x = new Array(P);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < P; j++) x[j] = Number(r.normal().toFixed(6));
        let s = 1;
        for (let k = 1; k < 5; k++) {
          const c = coef[k - 1];
          let e = c[0];
          for (let j = 0; j < P; j++) e += c[j + 1] * x[j];
          eta[k] = Math.exp(e);
          s += eta[k];
        }
        // Inversion of the softmax probabilities (class A has weight 1).
        let u = r.uniform() * s;
        let k = 0;
        for (u -= 1; u > 0 && k < 4;) u -= eta[++k];
        emit(`${multiClasses[k]},${x.map((v) => v.toFixed(6)).join(',')}`);
      }
    },
    model: (csv) =>
      `# Benchmark: multinomial logit, 5 classes, ${P} covariates (generated by bench/cases.mjs); R: nnet::multinom\ndata "${csv}"\n\nparam a[y] ref\n${bs.map((b) => `param ${b}[y] ref\n`).join('')}\ny ~ Categorical(a[y] + ${bs.map((b, j) => `${b}[y] * ${xs[j]}`).join(' + ')})\n`,
    names: {
      ours: ['a', ...bs].flatMap((p) => multiClasses.slice(1).map((k) => `${p}[${k}]`)),
      ref: ['(Intercept)', ...xs].flatMap((x) => multiClasses.slice(1).map((k) => `${k}:${x}`)),
    },
    r: ['multinom.R'],
    py: null,
    target,
    rLabel: 'nnet::multinom + summary',
  };
}

/**
 * Every case. `quickRows` is the size used by `--quick` (a smoke run of the harness). `ref` names the reference
 * scripts; `target` is the issue's speed bar for our fit (seconds) when there is one.
 */
export const CASES = [
  {
    id: 'logistic',
    title: 'Logistic regression',
    rows: 1_000_000,
    quickRows: 20_000,
    seed: 1001,
    header: ['y', ...xs],
    gen: regressionRows('logistic', logisticBeta),
    model: (csv) =>
      `# Benchmark: logistic regression, 10 covariates (generated by bench/cases.mjs)\ndata "${csv}"\n\n${regressionParams}\n\ny ~ Bernoulli(logistic(${linear()}))\n`,
    names: regressionNames,
    r: ['glm.R', 'logistic'],
    py: ['glm.py', 'logistic'],
    refTimes: { R: 4.0, statsmodels: 3.4 },
    target: 0.5,
    loadTarget: 1.0,
    loadRef: { R: 28.6, statsmodels: 1.1 },
    rLabel: 'glm + summary',
    pyLabel: 'Logit',
  },
  {
    id: 'poisson',
    title: 'Poisson regression',
    rows: 1_000_000,
    quickRows: 20_000,
    seed: 1002,
    header: ['y', ...xs],
    gen: regressionRows('poisson', poissonBeta),
    model: (csv) =>
      `# Benchmark: Poisson regression, 10 covariates (generated by bench/cases.mjs)\ndata "${csv}"\n\n${regressionParams}\n\ny ~ Poisson(exp(${linear()}))\n`,
    names: regressionNames,
    r: ['glm.R', 'poisson'],
    py: ['glm.py', 'poisson'],
    refTimes: { R: 6.74, statsmodels: 3.84 },
    target: 0.6,
    rLabel: 'glm + summary',
    pyLabel: 'GLM Poisson',
  },
  {
    id: 'gaussian',
    title: 'Gaussian linear regression',
    rows: 1_000_000,
    quickRows: 20_000,
    seed: 1003,
    header: ['y', ...xs],
    gen: regressionRows('gaussian', gaussBeta),
    model: (csv) =>
      `# Benchmark: Gaussian linear regression, 10 covariates (generated by bench/cases.mjs)\ndata "${csv}"\n\n${regressionParams}\nparam sigma > 0\n\ny ~ Normal(${linear()}, sigma)\n`,
    names: { ours: [...regressionNames.ours, 'sigma'], ref: [...regressionNames.ref, 'sigma'] },
    r: ['glm.R', 'gaussian'],
    py: ['glm.py', 'gaussian'],
    refTimes: { R: 1.29, statsmodels: 0.68 },
    target: 0.3,
    rLabel: 'lm + summary',
    pyLabel: 'OLS',
  },
  {
    id: 'mixture',
    title: '2-component normal mixture',
    rows: 100_000,
    quickRows: 5_000,
    seed: 1004,
    header: ['y'],
    gen: (r, n, emit) => {
      for (let i = 0; i < n; i++) {
        const y = r.uniform() < mix.w ? mix.mu1 + mix.s1 * r.normal() : mix.mu2 + mix.s2 * r.normal();
        emit(y.toFixed(6));
      }
    },
    model: (csv) => {
      const s = mixtureStart;
      return `# Benchmark: two-component normal mixture (generated by bench/cases.mjs); R: optim BFGS from the same start\ndata "${csv}"\n\nparam w in (0, 1) init ${s.w}\nparam mu1 init ${s.mu1}\nparam mu2 init ${s.mu2}\nparam sigma1 > 0 init ${s.sigma1}\nparam sigma2 > 0 init ${s.sigma2}\n\ny ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))\n`;
    },
    names: { ours: ['w', 'mu1', 'mu2', 'sigma1', 'sigma2'], ref: ['w', 'mu1', 'mu2', 'sigma1', 'sigma2'] },
    r: ['mixture.R'],
    py: null,
    rLabel: 'optim BFGS + hessian',
  },
  {
    id: 'nonlinear',
    title: 'Nonlinear: biexponential decay, 5 parameters',
    rows: 100_000,
    quickRows: 5_000,
    seed: 1005,
    header: ['x', 'y'],
    gen: (r, n, emit) => {
      for (let i = 0; i < n; i++) {
        const x = Number((20 * r.uniform()).toFixed(6));
        const y = biexp.b1 * Math.exp(-biexp.b2 * x) + biexp.b3 * Math.exp(-biexp.b4 * x) + biexp.sigma * r.normal();
        emit(x.toFixed(6) + ',' + y.toFixed(6));
      }
    },
    model: (csv) => {
      const s = biexpStart;
      return `# Benchmark: y = b1*exp(-b2*x) + b3*exp(-b4*x) + Normal noise (generated by bench/cases.mjs); R: nls from the same start\ndata "${csv}"\n\nparam b1 init ${s.b1}\nparam b2 init ${s.b2}\nparam b3 init ${s.b3}\nparam b4 init ${s.b4}\nparam sigma > 0 init 1\n\ny ~ Normal(b1 * exp(-b2 * x) + b3 * exp(-b4 * x), sigma)\n`;
    },
    names: { ours: ['b1', 'b2', 'b3', 'b4', 'sigma'], ref: ['b1', 'b2', 'b3', 'b4', 'sigma'] },
    r: ['nls.R'],
    py: null,
    rLabel: 'nls + summary',
  },
  multinomialCase({ id: 'multinomial', rows: 100_000, quickRows: 5_000, seed: 1006, coef: multiCoef, target: 1.0 }),
  multinomialCase({ id: 'multinomial-1m', rows: 1_000_000, quickRows: 20_000, seed: 1007, coef: multiCoef10 }),
];

// ---------------------------------------------------------------- generation with a cache
function specHash(c, rows) {
  return createHash('sha256')
    .update(JSON.stringify({ v: GEN_VERSION, id: c.id, rows, seed: c.seed, gen: c.gen.toString(), header: c.header }))
    .digest('hex')
    .slice(0, 10);
}

/**
 * Writes (once) the CSV and the .mle of a case into `dir`; returns their paths and whether the CSV was reused.
 * The file name carries a hash of the generator and its parameters; a cached file is reused when its size
 * matches the manifest written next to it.
 */
export function ensureCase(c, dir, rows) {
  mkdirSync(dir, { recursive: true });
  const base = `${c.id}-${rows}-${specHash(c, rows)}`;
  const csv = join(dir, `${base}.csv`);
  const manifestPath = join(dir, `${base}.json`);
  const mle = join(dir, `${c.id}${rows === c.rows ? '' : '-' + rows}.mle`);
  let cached = false;
  let manifest;
  if (existsSync(csv) && existsSync(manifestPath)) {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    cached = statSync(csv).size === manifest.bytes;
  }
  if (!cached) {
    // Drop files of this case and size left by an older generator version (they can be ~100 MB each).
    for (const f of readdirSync(dir))
      if (f.startsWith(`${c.id}-${rows}-`) && !f.startsWith(base)) rmSync(join(dir, f), { force: true });
    const t0 = performance.now();
    const tmp = csv + '.tmp';
    const fd = openSync(tmp, 'w');
    const hash = createHash('sha256');
    let buf = c.header.join(',') + '\n';
    let bytes = 0;
    const flush = () => {
      const b = Buffer.from(buf, 'utf8');
      hash.update(b);
      writeSync(fd, b);
      bytes += b.length;
      buf = '';
    };
    c.gen(rng(c.seed), rows, (line) => {
      buf += line + '\n';
      if (buf.length > 1 << 20) flush();
    });
    flush();
    closeSync(fd);
    renameSync(tmp, csv);
    manifest = {
      case: c.id,
      rows,
      seed: c.seed,
      generatorVersion: GEN_VERSION,
      bytes,
      sha256: hash.digest('hex'),
      generatedSeconds: (performance.now() - t0) / 1000,
    };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
  const text = c.model(`${base}.csv`);
  if (!existsSync(mle) || readFileSync(mle, 'utf8') !== text) writeFileSync(mle, text);
  return {
    csv,
    mle,
    cached,
    bytes: manifest.bytes,
    sha256: manifest.sha256,
    generatedSeconds: manifest.generatedSeconds,
  };
}
