// Writes the language-server benchmark's inputs, deterministically: a 300-line joint model on a small CSV, and a 1M-row CSV with its model.
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A seeded generator (mulberry32), so every run writes the same files. */
function rng(seed) {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const poisson = (lambda) => {
    let k = 0;
    for (let p = u(), l = Math.exp(-lambda); p > l; p *= u()) k++;
    return k;
  };
  return { u, normal, poisson };
}

const X = 10;
const TERMS = [
  { y: 'y1', dist: (eta) => `Normal(${eta}, sigma_1)`, scale: 'sigma_1' },
  { y: 'y2', dist: (eta) => `Normal(${eta}, sigma_2)`, scale: 'sigma_2' },
  { y: 'count1', dist: (eta) => `Poisson(exp(${eta}))` },
  { y: 'count2', dist: (eta) => `Poisson(exp(${eta}))` },
  { y: 'bin1', dist: (eta) => `Bernoulli(logistic(${eta}))` },
  { y: 'pos1', dist: (eta) => `Gamma(shape_6, shape_6 / exp(${eta}))`, scale: 'shape_6' },
];

/** The small CSV: ten predictors and one outcome column per likelihood term. */
function smallCsv(rows) {
  const r = rng(7);
  const head = [...Array.from({ length: X }, (_, j) => `x${j + 1}`), ...TERMS.map((t) => t.y)];
  const lines = [head.join(',')];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: X }, () => 2 * r.u() - 1);
    const lin = (k) => 0.3 + x.reduce((s, v, j) => s + v * 0.05 * (((j + k) % 5) - 2), 0);
    const y = [
      lin(1) + 0.5 * r.normal(),
      lin(2) + 0.8 * r.normal(),
      r.poisson(Math.exp(lin(3))),
      r.poisson(Math.exp(lin(4))),
      r.u() < 1 / (1 + Math.exp(-lin(5))) ? 1 : 0,
      Math.exp(lin(6) + 0.3 * r.normal()),
    ];
    lines.push(
      [...x.map((v) => v.toFixed(4)), ...y.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(4)))].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A realistic 300-line model: per term a commented block of parameters, one let per predictor, the likelihood, priors and derived quantities. */
function bigModel() {
  const out = [
    '# Benchmark model: six outcomes, each a regression on ten predictors, fitted jointly.',
    'data "small.csv"',
    '',
  ];
  TERMS.forEach((t, i) => {
    const k = i + 1;
    out.push(
      `# Outcome ${t.y}: intercept, ten slopes and ${t.scale ? `the scale ${t.scale}` : 'no scale parameter'}.`,
      `param a_${k} init 0.1`,
    );
    for (let j = 1; j <= X; j++) out.push(`param b_${k}_${j} init 0`);
    if (t.scale) out.push(`param ${t.scale} > 0 init 1`);
    out.push('');
    for (let j = 1; j <= X; j++) out.push(`let lin_${k}_${j} = b_${k}_${j} * x${j}`);
    out.push(
      `let eta_${k} = a_${k} + ${Array.from({ length: X }, (_, j) => `lin_${k}_${j + 1}`).join(' + ')}`,
      `${t.y} ~ ${t.dist(`eta_${k}`)}`,
      '',
    );
    for (let j = 1; j <= 3; j++) out.push(`prior b_${k}_${j} ~ Normal(0, 10)`);
    out.push(`derive effect_${k}_1_2 = b_${k}_1 - b_${k}_2`, `derive mean_${k} = exp(a_${k})`, '');
  });
  let n = 0;
  while (out.length < 298)
    out.push(`# Contrast ${++n}.`, `derive contrast_${n} = b_1_${(n % X) + 1} - b_2_${(n % X) + 1}`);
  out.push('fit method = newton');
  return `${out.slice(0, 300).join('\n')}\n`;
}

/** Writes the 1M-row CSV in chunks (about 30 MB); a linear model and a count model read it. */
function writeLargeCsv(path, rows) {
  const r = rng(11);
  const fd = openSync(path, 'w');
  writeSync(fd, 'y,x1,x2,x3,count,group\n');
  for (let start = 0; start < rows; start += 50_000) {
    const chunk = [];
    for (let i = start; i < Math.min(rows, start + 50_000); i++) {
      const x1 = 10 * r.u(),
        x2 = 5 * r.u(),
        x3 = r.u();
      const y = 1 + 0.5 * x1 - 0.3 * x2 + 2 * x3 + r.normal();
      chunk.push(
        `${y.toFixed(4)},${x1.toFixed(3)},${x2.toFixed(3)},${x3.toFixed(4)},${r.poisson(Math.exp(0.2 + x3))},${i % 3}`,
      );
    }
    writeSync(fd, `${chunk.join('\n')}\n`);
  }
  closeSync(fd);
}

export const LARGE_MODEL = [
  '# A linear regression and a count model on a 1,000,000-row file.',
  'data "large-1000000.csv"',
  'param a, b1, b2, b3',
  'param sigma > 0',
  'param c0, c1',
  'let mu = a + b1 * x1 + b2 * x2 + b3 * x3',
  'y ~ Normal(mu, sigma)',
  'count ~ Poisson(exp(c0 + c1 * x3))',
  '',
].join('\n');

/** Writes every input into `dir` (the 1M-row file only if absent: it never changes) and returns their paths. */
export function generate(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'small.csv'), smallCsv(240));
  writeFileSync(join(dir, 'model.mle'), bigModel());
  const large = join(dir, 'large-1000000.csv');
  if (!existsSync(large)) writeLargeCsv(large, 1_000_000);
  writeFileSync(join(dir, 'large.mle'), LARGE_MODEL);
  return { model: join(dir, 'model.mle'), large: join(dir, 'large.mle'), largeCsv: large };
}
