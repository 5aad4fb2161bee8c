// No `converged: true` with a null estimate, ever: hostile inputs through every strategy and method, via runFit and the engine.
// For every result: converged ⇒ every free estimate and the logLik are finite; a result with a null estimate carries a
// diagnostic; nothing throws. The language refuses some inputs before the fit (non-finite, constant-outcome), so each
// case is also fitted by the engine directly: lowered from benign data of the same size, then the hostile columns
// written into its data nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { lower } from '../../server/src/language/lower.ts';
import { fitModel } from '../../server/src/engine/fit.ts';
import { children, type EngineModel, type Node } from '../../server/src/engine/model.ts';
import { hasErrors } from '../../server/src/language/diagnostics.ts';

/** A model per strategy or method; X is the predictor expression, INIT the `init` clause of the location parameters. */
interface Shape {
  readonly name: string;
  readonly text: string;
  /** The outcome's kind: real, a count, a positive value or a factor (categorical). */
  readonly y: 'real' | 'count' | 'factor';
}
const SHAPES: Shape[] = [
  { name: 'qr', y: 'real', text: 'param a, b INIT\nparam s > 0\ny ~ Normal(a + b * X, s)' },
  { name: 'irls', y: 'count', text: 'param a, b INIT\ny ~ Poisson(exp(a + b * X))' },
  { name: 'least-squares', y: 'real', text: 'param a, b INIT\nparam s > 0\ny ~ Normal(a * exp(b * X), s)' },
  { name: 'l1-location', y: 'real', text: 'param a, b INIT\nparam s > 0\ny ~ Laplace(a + b * X, s)' },
  { name: 'support-bounds', y: 'real', text: 'param lo INIT\nparam hi\ny ~ Uniform(lo + 0 * X, hi)' },
  {
    name: 'lasso',
    y: 'real',
    text: 'param a, b INIT\nparam s > 0\ny ~ Normal(a + b * X, s)\nprior b ~ Laplace(0, 1)',
  },
  {
    name: 'mixture-em',
    y: 'real',
    text: 'param w in (0, 1)\nparam m1, m2 INIT\nparam s1, s2 > 0\ny ~ Mixture(w, Normal(m1 + 0 * X, s1), Normal(m2, s2))',
  },
  { name: 'multinomial', y: 'factor', text: 'param a[g] ref INIT\nparam b[g] ref\ng ~ Categorical(a[g] + b[g] * X)' },
  { name: 'general', y: 'real', text: 'param a, b INIT\nparam s > 0\ny ~ StudentT(a + b * X, s, 5)' },
  ...['newton', 'bfgs', 'lbfgs', 'nelder_mead'].map((m): Shape => ({
    name: `method ${m}`,
    y: 'real',
    text: `param a, b INIT\nparam s > 0\ny ~ Normal(a + b * X, s)\nfit method = ${m}`,
  })),
  { name: 'method irls', y: 'count', text: 'param a, b INIT\ny ~ Poisson(exp(a + b * X))\nfit method = irls' },
  {
    name: 'method em',
    y: 'real',
    text: 'param w in (0, 1)\nparam m1, m2 INIT\nparam s1, s2 > 0\ny ~ Mixture(w, Normal(m1 + 0 * X, s1), Normal(m2, s2))\nfit method = em',
  },
];

/** Hostile data: columns y (or g) and x, the predictor expression and the init clause. */
interface Hostile {
  readonly name: string;
  readonly n?: number;
  readonly y?: (i: number, base: number) => number;
  readonly x?: (i: number) => number;
  readonly X?: string;
  readonly init?: string;
}
const HOSTILE: Hostile[] = [
  { name: 'benign' },
  { name: 'outcome 1e300', y: (i, b) => (i % 3 === 0 ? 1e300 : b) },
  { name: 'all outcomes ~1e300', y: (i) => 1e300 * (1 + (i % 5)) },
  { name: 'predictor 1e200', x: (i) => (i % 4 === 0 ? 1e200 : i / 7) },
  { name: 'zeros under log', x: (i) => (i % 3 === 0 ? 0 : 1 + i / 7), X: 'log(x)' },
  { name: 'init 1e300', init: 'init 1e300' },
  { name: 'constant outcome', y: () => 2 },
  { name: 'all NaN after log', x: (i) => -1 - i / 7, X: 'log(x)' },
  { name: 'single row', n: 1 },
  { name: 'every predictor 1e200', x: (i) => 1e200 * (1 + i) },
  { name: 'init -1e300 and tiny predictors', init: 'init -1e300', x: (i) => i * 1e-300 },
  { name: 'two rows, init 1e300', n: 2, init: 'init 1e300' },
];

const N = 24;
const LEVELS = ['p', 'q', 'r'];
const baseY = (shape: Shape, i: number): number =>
  shape.y === 'count' ? (i * 7) % 5 : shape.y === 'factor' ? i % 3 : Math.sin(i * 1.3) * 2 + i / 5 + (i % 2 ? 3 : -3);

function csvOf(shape: Shape, n: number, y: (i: number) => number, x: (i: number) => number): string {
  const rows = [shape.y === 'factor' ? 'g,x' : 'y,x'];
  for (let i = 0; i < n; i++) {
    const yv = y(i);
    rows.push(`${shape.y === 'factor' ? LEVELS[Math.round(yv) % 3] : String(yv)},${String(x(i))}`);
  }
  return rows.join('\n') + '\n';
}

function textOf(shape: Shape, h: Hostile): string {
  return `data "d.csv"\n${shape.text.replace('X', h.X ?? 'x').replace('INIT', h.init ?? '')}\n`;
}

interface Outcome {
  readonly converged: boolean;
  readonly estimates: readonly (number | null)[];
  readonly logLik: number | null;
  readonly diagnostics: number;
}

/** The property on one result; returns the violations. */
function violations(r: Outcome): string[] {
  const out: string[] = [];
  const nulls = r.estimates.filter((e) => e === null || !Number.isFinite(e)).length;
  if (r.converged && nulls) out.push(`converged: true with ${nulls} non-finite estimate(s)`);
  if (r.converged && (r.logLik === null || !Number.isFinite(r.logLik)))
    out.push('converged: true with no finite logLik');
  if (nulls && r.diagnostics === 0) out.push('null estimates and no diagnostic');
  return out;
}

function analysed(shape: Shape, h: Hostile, hostileData: boolean) {
  const n = h.n ?? N;
  const y = (i: number) => (hostileData && h.y ? h.y(i, baseY(shape, i)) : baseY(shape, i));
  const x = (i: number) => (hostileData && h.x ? h.x(i) : h.X === 'log(x)' ? 1 + i / 7 : i / 7);
  const csv = csvOf(shape, n, y, x);
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok, csv);
  const text = textOf(shape, h);
  return { text, csv, an: analyze(text, { ok: true, path: 'd.csv', table: t.table }), y, x, n };
}

function dataNodes(m: EngineModel): Map<string, Float64Array[]> {
  const seen = new Set<Node>();
  const out = new Map<string, Float64Array[]>();
  const stack: Node[] = [...m.terms, ...m.priors].flatMap((t) => [t.y, ...t.args]);
  while (stack.length) {
    const nd = stack.pop()!;
    if (seen.has(nd)) continue;
    seen.add(nd);
    if (nd.op === 'data') out.set(nd.name, [...(out.get(nd.name) ?? []), nd.values]);
    stack.push(...children(nd));
  }
  return out;
}

const failures: string[] = [];
let engineCases = 0;

for (const shape of SHAPES)
  for (const h of HOSTILE)
    test(`${shape.name} | ${h.name}`, () => {
      // NSN_TRACE=1 names each case as it starts (a hang, e.g. a solver loop that never ends, is then found at once).
      if (process.env.NSN_TRACE) console.error(`${new Date().toISOString()} ${shape.name} | ${h.name}`);
      const { text, csv, an } = analysed(shape, h, true);
      const show = `model:\n${text}\ndata:\n${csv}`;
      // Through the language and runFit.
      let res;
      try {
        res = runFit(an, 'm.mle');
      } catch (e) {
        assert.fail(`runFit threw ${(e as Error).stack}\n${show}`);
      }
      if (res.ok) {
        const r = res.result;
        const v = violations({
          converged: r.converged,
          estimates: r.parameters.map((p) => p.estimate),
          logLik: r.logLik,
          diagnostics: r.diagnostics.length,
        });
        if (v.length) failures.push(`${shape.name} | ${h.name} (runFit): ${v.join('; ')}`);
        assert.deepEqual(v, [], `runFit: ${v.join('; ')}\n${show}\nresult: ${JSON.stringify(r.parameters)}`);
      } else assert.ok(res.diagnostics.length > 0, `a refused fit with no diagnostic\n${show}`);
      // Through the engine: the same model lowered from benign data, the hostile columns written in.
      const benign = analysed(shape, h, false);
      if (hasErrors(benign.an.diagnostics)) return;
      const model = lower(benign.an);
      const cols = dataNodes(model);
      const hostile = analysed(shape, h, true);
      for (const [name, arrays] of cols)
        for (const a of arrays)
          for (let i = 0; i < a.length; i++)
            if (name === 'x') a[i] = hostile.x(i);
            else if (name === 'y') a[i] = hostile.y(i);
      engineCases++;
      let fit;
      try {
        fit = fitModel(model);
      } catch (e) {
        assert.fail(`fitModel threw ${(e as Error).stack}\n${show}`);
      }
      const v = violations({
        converged: fit.converged,
        estimates: fit.estimates,
        logLik: fit.logLik,
        diagnostics: fit.warnings.length,
      });
      if (v.length) failures.push(`${shape.name} | ${h.name} (engine): ${v.join('; ')}`);
      assert.deepEqual(v, [], `fitModel: ${v.join('; ')}\n${show}\nestimates: ${JSON.stringify(fit.estimates)}`);
    });

test('summary', () => {
  // The engine path must have run for most cases (a lowering that refuses everything would make the property vacuous).
  assert.ok(engineCases >= SHAPES.length * (HOSTILE.length - 2), `engine cases ${engineCases}`);
  if (failures.length) console.log(failures.join('\n'));
});
