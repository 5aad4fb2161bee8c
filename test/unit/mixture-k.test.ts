// The K-component Mixture form: a simplex w[1:K] takes exactly K components; components must agree on discreteness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';

const DATA = 'y\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n';

function diags(body: string): string[] {
  const t = parseDataFile('d.csv', DATA);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${body}\n`, { ok: true, path: 'd.csv', table: t.table });
  return an.diagnostics.map((d) => `${d.severity}[${d.code}] ${d.message}`);
}

const HEAD = 'param w[1:3] simplex\nparam mu[1:3]\nparam s[1:3] > 0\n';
const N = (k: number): string => `Normal(mu[${k}], s[${k}])`;

test('three components for a 3-element simplex: no diagnostic (the simplex needs no (0, 1) constraint)', () => {
  assert.deepEqual(diags(`${HEAD}y ~ Mixture(w, ${N(1)}, ${N(2)}, ${N(3)})`), []);
});

test('two components for a 3-element simplex: arity error naming K', () => {
  const d = diags(`${HEAD}y ~ Mixture(w, ${N(1)}, ${N(2)})`);
  assert.ok(
    d.some((x) => x.startsWith('error[arity] `Mixture` with the 3-element simplex `w` takes 3 components')),
    d.join('\n'),
  );
});

test('named arguments are refused in the K-component form', () => {
  const d = diags(`${HEAD}y ~ Mixture(w, D1 = ${N(1)}, ${N(2)}, ${N(3)})`);
  assert.ok(
    d.some((x) => x.startsWith('error[arity] With a simplex weight vector')),
    d.join('\n'),
  );
});

test('a simplex element as a scalar elsewhere stays valid, a bare simplex outside Mixture is an index error', () => {
  assert.ok(diags(`${HEAD}y ~ Normal(mu[1], w)`).some((x) => x.startsWith('error[invalid-index]')));
});

test('a discrete and a continuous component: mixture-support error naming both', () => {
  const d = diags(`${HEAD}param lambda > 0\ny ~ Mixture(w, ${N(1)}, ${N(2)}, Poisson(lambda))`);
  const hit = d.find((x) => x.startsWith('error[mixture-support]'));
  assert.ok(hit, d.join('\n'));
  assert.match(hit, /Poisson is discrete .* but Normal continuous/);
});

test('all-discrete components are fine', () => {
  const d = diags('param w in (0, 1)\nparam l1, l2 > 0\ny ~ Mixture(w, Poisson(l1), Poisson(l2))');
  assert.deepEqual(
    d.filter((x) => x.startsWith('error')),
    [],
  );
});
