// Quick fixes, the "▶ Fit model" code lens, estimate inlay hints (and their setting) and hover after a fit, over real LSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CodeAction, CodeLens, Diagnostic, Hover, InlayHint, TextEdit } from 'vscode-languageserver-protocol';
import type { FitResponse } from '../../server/src/protocol.ts';
import { EXAMPLES, applyEdits, startSession, type Session } from './features-client.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(() => s.close());

/** Opens `text` as a model beside the examples' data, waits for its data-aware diagnostics, and returns the fixes for `code`. */
async function fixesFor(
  name: string,
  text: string,
  code: string,
): Promise<{ actions: CodeAction[]; apply: (title: string) => string }> {
  const uri = await s.open(join(EXAMPLES, name), text);
  const diags = (await s.diagnostics(uri, 2)) as Diagnostic[];
  const mine = diags.filter((d) => d.code === code);
  assert.ok(mine.length, `no ${code} in ${JSON.stringify(diags)}`);
  const actions = await s.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: mine[0].range,
    context: { diagnostics: [mine[0]] },
  });
  const apply = (title: string): string => {
    const a = actions.find((x) => x.title === title);
    assert.ok(a, `${title} not in ${actions.map((x) => x.title).join(' | ')}`);
    assert.equal(a.kind, 'quickfix');
    assert.deepEqual(a.diagnostics, [mine[0]]);
    return applyEdits(text, a.edit!.changes![uri] as TextEdit[]);
  };
  return { actions, apply };
}

const CARS = 'data "cars.csv"\nparam a, b\nparam sigma > 0\n';

test('did you mean: an unknown distribution and an unknown name are replaced by the suggestion', async () => {
  const d = await fixesFor('fix-dist.mle', `${CARS}dist ~ Normall(a + b * speed, sigma)\n`, 'unknown-distribution');
  assert.equal(d.apply('Change to `Normal`'), `${CARS}dist ~ Normal(a + b * speed, sigma)\n`);
  assert.equal(d.actions[0].isPreferred, true);
  const n = await fixesFor('fix-name.mle', `${CARS}dist ~ Normal(a + b * sped, sigma)\n`, 'unknown-name');
  assert.equal(n.apply('Change to `speed`'), `${CARS}dist ~ Normal(a + b * speed, sigma)\n`);
});

test('an undeclared name can be declared as a parameter after the last param statement', async () => {
  const f = await fixesFor(
    'fix-declare.mle',
    `${CARS}# the model\ndist ~ Normal(a + b * speed + c0, sigma)\n`,
    'unknown-name',
  );
  assert.equal(
    f.apply('Declare `c0` as a parameter'),
    `data "cars.csv"\nparam a, b\nparam sigma > 0\nparam c0\n# the model\ndist ~ Normal(a + b * speed + c0, sigma)\n`,
  );
});

test('an unconstrained scale gets `> 0`; a probability gets `in (0, 1)`; in a shared statement, split off or constrain all', async () => {
  const one = await fixesFor(
    'fix-scale.mle',
    'data "cars.csv"\nparam a, b\nparam sigma\ndist ~ Normal(a + b * speed, sigma)\n',
    'unconstrained-scale',
  );
  assert.equal(one.apply('Declare `param sigma > 0`'), `${CARS}dist ~ Normal(a + b * speed, sigma)\n`);
  const shared = await fixesFor(
    'fix-shared.mle',
    'data "leuk.csv"\nparam shape, rate init 0.1\ntime ~ Gamma(shape, rate)\n',
    'unconstrained-scale',
  );
  assert.equal(
    shared.apply('Declare `param shape > 0` on its own line'),
    'data "leuk.csv"\nparam rate init 0.1\nparam shape > 0 init 0.1\ntime ~ Gamma(shape, rate)\n',
  );
  assert.equal(
    shared.apply('Add `> 0` to `param shape, rate`'),
    'data "leuk.csv"\nparam shape, rate > 0 init 0.1\ntime ~ Gamma(shape, rate)\n',
  );
  const p = await fixesFor('fix-prob.mle', 'data "infert.csv"\nparam p\ncase ~ Bernoulli(p)\n', 'unconstrained-scale');
  assert.equal(p.apply('Declare `param p in (0, 1)`'), 'data "infert.csv"\nparam p in (0, 1)\ncase ~ Bernoulli(p)\n');
});

test('an unused parameter is removed from its statement, or with its line when it is alone', async () => {
  const shared = await fixesFor(
    'fix-unused.mle',
    `data "cars.csv"\nparam a, unused, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)\n`,
    'unused-parameter',
  );
  assert.equal(shared.apply('Remove the unused parameter `unused`'), `${CARS}dist ~ Normal(a + b * speed, sigma)\n`);
  const alone = await fixesFor(
    'fix-alone.mle',
    `${CARS}param z\ndist ~ Normal(a + b * speed, sigma)\n`,
    'unused-parameter',
  );
  assert.equal(alone.apply('Remove the unused parameter `z`'), `${CARS}dist ~ Normal(a + b * speed, sigma)\n`);
});

test('the code lens runs the client command mle.fitModel with the document URI, above the first likelihood', async () => {
  const uri = await s.open('cars-normal.mle');
  const lenses = await s.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 1);
  assert.deepEqual(lenses[0].command, { title: '▶ Fit model', command: 'mle.fitModel', arguments: [uri] });
  assert.equal(lenses[0].range.start.line, 7);
});

test('after mle/fit: estimate ± SE hints after each declaration, hover with estimate and CI, a lens with the last fit', async () => {
  const uri = await s.open('cars-normal.mle');
  const whole = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } };
  assert.deepEqual(await s.request('textDocument/inlayHint', whole), [], 'no hints before a fit');
  const refreshes = s.seen.filter((m) => m === 'workspace/inlayHint/refresh').length;
  const fit = await s.request<FitResponse>('mle/fit', { uri });
  assert.ok(fit.ok);
  assert.equal(
    s.seen.filter((m) => m === 'workspace/inlayHint/refresh').length,
    refreshes + 1,
    'the client is asked to redraw hints',
  );

  const hints = await s.request<InlayHint[]>('textDocument/inlayHint', whole);
  assert.deepEqual(
    hints.map((h) => `${h.position.line}:${h.position.character}`),
    ['4:7', '4:10', '5:11', '10:17'],
  );
  assert.match(String(hints[0].label), /^= -17\.58 ± \d+\.\d+$/);
  const b = fit.result.parameters.find((p) => p.name === 'b')!;
  assert.equal(hints[1].label, `= ${Number(b.estimate!.toPrecision(4))} ± ${Number(b.se!.toPrecision(4))}`);
  assert.match(JSON.stringify(hints[0].tooltip), /95% CI \[/);

  const h = await s.at<Hover>('textDocument/hover', uri, 'a + |b * speed');
  const md = (h.contents as { value: string }).value;
  assert.match(md, /\*\*parameter\*\* `b`/);
  assert.match(md, /\*\*Last fit:\*\* `3\.932 ± [\d.]+`/);
  assert.match(md, /95% CI \[[\d.]+, [\d.]+\] \(Wald\) · \[[\d.]+, [\d.]+\] \(profile\)/);

  const lenses = await s.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[1].command!.title, /^last fit: logLik -206\.6 · AIC 419\.2 · n = 50$/);
});

test('the setting mle.inlayHints.enabled turns the hints off and on; a settings change asks for a redraw', async () => {
  const uri = await s.open('cars-normal.mle');
  assert.ok((await s.request<FitResponse>('mle/fit', { uri })).ok);
  const whole = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } };
  assert.equal((await s.request<InlayHint[]>('textDocument/inlayHint', whole)).length, 4);
  assert.ok(s.seen.includes('client/registerCapability'), 'registered for configuration changes');
  s.settings['mle.inlayHints'] = { enabled: false };
  const refreshes = s.seen.filter((m) => m === 'workspace/inlayHint/refresh').length;
  await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(await s.request('textDocument/inlayHint', whole), []);
  assert.ok(s.seen.filter((m) => m === 'workspace/inlayHint/refresh').length > refreshes);
  s.settings['mle.inlayHints'] = { enabled: true };
  assert.equal((await s.request<InlayHint[]>('textDocument/inlayHint', whole)).length, 4);
});
