// Factor GLMs with 60 levels (62 parameters: the block-arrowhead path of IRLS, the normal equations and the
// covariance) against R's glm / lm (r-factor-glm.json from r-factor-glm.R, tolerances stored there).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { arrowStructure } from '../../server/src/engine/linalg/arrowhead.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Params = Record<string, { readonly estimate: number; readonly se: number }>;
interface Case {
  readonly r: string;
  readonly model: string;
  readonly parameters: Params;
  readonly logLik: number;
}
const ref = JSON.parse(readFileSync('test/reference/r-factor-glm.json', 'utf8')) as {
  data: string;
  tolerance: { estimate: number; se: number; logLik: number; note: string };
} & Record<'poisson' | 'logistic' | 'normal', Case>;
const csv = readFileSync(ref.data, 'utf8');

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

function fit(model: string, text = csv): { r: FitJson; diagnostics: string[] } {
  const t = parseDataFile('d.csv', text);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${model}\n`, { ok: true, path: 'd.csv', table: t.table });
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, `fit failed for\n${model}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return { r: r.result, diagnostics: an.diagnostics.map((d) => `${d.code}: ${d.message}`) };
}

for (const key of ['poisson', 'logistic', 'normal'] as const) {
  const c = ref[key];
  test(`60-level factor, ${key}: estimates, SEs and logLik of R's ${c.r}`, () => {
    const { r, diagnostics } = fit(c.model);
    const tol = ref.tolerance;
    assert.equal(r.converged, true);
    assert.deepEqual(
      diagnostics.filter((d) => !d.startsWith('info')),
      [],
    );
    const ours = Object.fromEntries(r.parameters.filter((p) => !p.fixed).map((p) => [p.name, p]));
    const show = (name: string): string =>
      `${key} ${name}: ours ${JSON.stringify(ours[name])}, R ${JSON.stringify(c.parameters[name])}`;
    assert.equal(Object.keys(ours).length, Object.keys(c.parameters).length);
    for (const [name, p] of Object.entries(c.parameters)) {
      const o = ours[name];
      assert.ok(o && o.estimate !== null && rel(o.estimate, p.estimate) <= tol.estimate, show(name));
      assert.ok(o.se !== null && rel(o.se, p.se) <= tol.se, show(name));
    }
    assert.ok(r.logLik !== null && rel(r.logLik, c.logLik) <= tol.logLik, `${key} logLik ${r.logLik} vs ${c.logLik}`);
  });
}

test('the 62-parameter information is an arrowhead: 60 − 1 levels diagonal, a and b shared', () => {
  // The fit's covariance has the inverse's structure; the information the engine inverts is checked directly.
  const P = 61;
  const info = new Float64Array(P * P);
  for (let i = 0; i < P; i++) info[i * P + i] = 2;
  for (let i = 2; i < P; i++) info[i] = info[i * P] = info[P + i] = info[i * P + 1] = 0.5;
  const a = arrowStructure(info, P);
  assert.ok(a, 'structure found');
  assert.deepEqual([...a.shared], [0, 1]);
  assert.equal(a.diag.length, P - 2);
});

test('a covariate constant within levels is still reported not identifiable with 60 levels', () => {
  // z = the level's number: a + g[grp] + c·z has the direction c = 1, g[l] = −(l − 1)·…: the rank drop the dense
  // path reports must survive the structured spectrum.
  const lines = csv.trim().split('\n');
  const withZ = [lines[0] + ',z', ...lines.slice(1).map((l) => `${l},${Number(l.split(',')[3].slice(1)) * 0.5}`)].join(
    '\n',
  );
  const { diagnostics } = fit(
    'param a\nparam g[grp] ref\nparam b, c\ny ~ Poisson(exp(a + g[grp] + b * x + c * z))',
    withZ,
  );
  const ni = diagnostics.filter((d) => d.startsWith('not-identifiable'));
  assert.equal(ni.length, 1, diagnostics.join('\n'));
  assert.match(ni[0], /`c`/);
});

test('without ref, the intercept and the 60 levels are one dependency, reported once', () => {
  const { diagnostics } = fit('param a\nparam g[grp]\nparam b\ny ~ Poisson(exp(a + g[grp] + b * x))');
  const ni = diagnostics.filter((d) => d.startsWith('not-identifiable'));
  assert.equal(ni.length, 1, diagnostics.join('\n'));
});
