// The editor's fit settings (FitRequestParams.defaults) apply to options the model leaves out, never over its own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitDefaults } from '../../server/src/protocol.ts';

const BASE = `data "leuk.csv"\nparam rate > 0\ntime ~ Exponential(rate)\n`;

function fit(text: string, defaults?: FitDefaults) {
  const t = parseDataFile('examples/leuk.csv', readFileSync('examples/leuk.csv', 'utf8'));
  assert.ok(t.ok);
  const r = runFit(analyze(text, { ok: true, path: 'examples/leuk.csv', table: t.table }), 'm.mle', {}, { defaults });
  assert.ok(r.ok, JSON.stringify(r));
  return r.result;
}

test('defaults set level, ci and se when the model has no fit options for them', () => {
  const plain = fit(BASE);
  const d = fit(BASE, { level: 0.9, ci: 'profile', se: 'sandwich' });
  assert.equal(plain.level, 0.95);
  assert.equal(d.level, 0.9, JSON.stringify(d.level));
  assert.ok(plain.parameters[0].ci.profile === undefined);
  assert.ok(d.parameters[0].ci.profile !== undefined, 'ci = profile from the defaults');
  assert.ok(d.parameters[0].seRobust !== null, 'se = sandwich from the defaults');
  // A 90% interval is narrower than the 95% one.
  const w = (x: typeof d) => x.parameters[0].ci.wald[1]! - x.parameters[0].ci.wald[0]!;
  assert.ok(w(d) < w(plain), `${w(d)} vs ${w(plain)}`);
});

test("the model's own fit options win over the defaults", () => {
  const own = fit(`${BASE}fit level = 0.99, ci = wald, se = observed\n`, { level: 0.9, ci: 'profile', se: 'sandwich' });
  assert.equal(own.level, 0.99);
  assert.ok(own.parameters[0].ci.profile === undefined, 'ci = wald in the model');
  assert.equal(own.parameters[0].seRobust, null);
  // Only the options the model sets are kept: the others still come from the defaults.
  const mixed = fit(`${BASE}fit level = 0.99\n`, { level: 0.9, ci: 'profile' });
  assert.equal(mixed.level, 0.99);
  assert.ok(mixed.parameters[0].ci.profile !== undefined);
});

test('invalid default values are ignored', () => {
  const bad = fit(BASE, { level: 1.5, ci: 'bogus' as 'wald', se: 'x' as 'observed' });
  assert.equal(bad.level, 0.95);
  assert.ok(bad.parameters[0].ci.profile === undefined);
});
