// Navigation, rename, signature help and quick fixes on inline models, `|` marking the cursor: the edge cases the protocol tests skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import { parseDelimited } from '../../server/src/data/table.ts';
import { definition, highlights, references } from '../../server/src/features/navigation.ts';
import { prepareRename, rename } from '../../server/src/features/rename.ts';
import { signatureHelp } from '../../server/src/features/signature-help.ts';
import { quickFixes } from '../../server/src/features/code-actions.ts';
import type { TextEditData } from '../../server/src/features/text-edit.ts';

const table = parseDelimited('y,x\n1,2\n3,4\n5,7\n', ',');
if (!table.ok) throw new Error(table.error);
const DATA: DataLoad = { ok: true, path: 'd.csv', table: table.table };

/** The analysis of `model` without its `|`, and the cursor's offset. */
function at(model: string): { a: ReturnType<typeof analyze>; offset: number; text: string } {
  const offset = model.indexOf('|');
  const text = model.replace('|', '');
  return { a: analyze(text, DATA), offset, text };
}
const apply = (text: string, edits: readonly TextEditData[]): string =>
  [...edits]
    .sort((p, q) => q.span.start - p.span.start)
    .reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);

test('rename keeps backticks around quoted uses and renames derived quantities too', () => {
  const { a, offset, text } = at('data "d.csv"\nparam |a\nparam s > 0\ny ~ Normal(`a` + x, s)\nderive d = a * 2\n');
  const edits = rename(a, offset, 'alpha');
  assert.ok(Array.isArray(edits));
  assert.equal(
    apply(text, edits),
    'data "d.csv"\nparam alpha\nparam s > 0\ny ~ Normal(`alpha` + x, s)\nderive d = alpha * 2\n',
  );
  const d = at('data "d.csv"\nparam a\nparam s > 0\ny ~ Normal(a, s)\nderive |d = a * 2\n');
  assert.deepEqual(prepareRename(d.a, d.offset), {
    span: { start: d.text.indexOf('d ='), end: d.text.indexOf('d =') + 1 },
    placeholder: 'd',
  });
  const same = rename(d.a, d.offset, 'd');
  assert.ok(Array.isArray(same) && same.length === 1, 'renaming to the same name is allowed (a no-op)');
});

test('navigation between two names: the one starting at the cursor wins; unknown names have no references', () => {
  const { a, offset } = at('data "d.csv"\nparam a, b\nparam s > 0\ny ~ Normal(a+|b*x, s)\n');
  assert.deepEqual(definition(a, offset), { kind: 'span', span: { start: 22, end: 23 } });
  assert.equal(references(a, offset, false).length, 1);
  assert.equal(highlights(a, offset).filter((h) => h.write).length, 1);
  const u = at('data "d.csv"\nparam s > 0\ny ~ Normal(|zz, s)\n');
  assert.deepEqual(references(u.a, u.offset, true), []);
  assert.equal(definition(u.a, u.offset), undefined);
  assert.match((prepareRename(u.a, u.offset) as { error: string }).error, /not declared/);
});

test('signature help: grouping parentheses are not calls; nothing after the call is closed', () => {
  const inner = at('y ~ Normal((a + |b) * 2, s)');
  assert.equal(signatureHelp(inner.a, inner.offset)?.label, 'Normal(mu, sigma)');
  assert.equal(signatureHelp(inner.a, inner.offset)?.activeParameter, 0);
  const after = at('y ~ Normal(a, s)|\n');
  assert.equal(signatureHelp(after.a, after.offset), undefined);
  const extra = at('y ~ Poisson(a, |');
  assert.equal(
    signatureHelp(extra.a, extra.offset)?.activeParameter,
    1,
    'one past the last parameter: the editor shows none active',
  );
});

test('quick fixes: a parameter used only in a derive is not removed (that would break the derive); CRLF lines go whole', () => {
  const used = analyze('data "d.csv"\nparam a\nparam s > 0\nparam k\ny ~ Normal(a, s)\nderive d = k * 2\n', DATA);
  const unused = used.diagnostics.filter((d) => d.code === 'unused-parameter');
  assert.equal(unused.length, 1);
  assert.deepEqual(
    quickFixes(used, unused).map((f) => f.title),
    [],
  );
  const crlf = 'data "d.csv"\r\nparam a\r\nparam s > 0\r\nparam k\r\ny ~ Normal(a, s)\r\n';
  const an = analyze(crlf, DATA);
  const fix = quickFixes(
    an,
    an.diagnostics.filter((d) => d.code === 'unused-parameter'),
  )[0];
  assert.equal(apply(crlf, fix.edits), 'data "d.csv"\r\nparam a\r\nparam s > 0\r\ny ~ Normal(a, s)\r\n');
});

test('quick fixes: an unknown function gets its suggestion but is never declared as a parameter', () => {
  const an = analyze('data "d.csv"\nparam a\nparam s > 0\ny ~ Normal(exq(a), s)\n', DATA);
  const fixes = quickFixes(
    an,
    an.diagnostics.filter((d) => d.code === 'unknown-name'),
  );
  assert.deepEqual(
    fixes.map((f) => f.title),
    ['Change to `exp`'],
  );
});

test('quick fixes: declaring a name in a model with no param statement puts it after `data`', () => {
  const text = 'data "d.csv"\ny ~ Normal(m, 1)\n';
  const an = analyze(text, DATA);
  const fix = quickFixes(
    an,
    an.diagnostics.filter((d) => d.code === 'unknown-name'),
  ).find((f) => f.title.startsWith('Declare'));
  assert.ok(fix);
  assert.equal(apply(text, fix.edits), 'data "d.csv"\nparam m\ny ~ Normal(m, 1)\n');
});
