// Signature help, definition, references, highlights and rename over real LSP, on the models in examples/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  DocumentHighlight,
  Location,
  SignatureHelp,
  WorkspaceEdit,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { EXAMPLES, applyEdits, startSession, type Session } from './features-client.ts';

let s: Session;
let cars: string;
let quine: string;
let faithful: string;
let esoph: string;

before(async () => {
  s = await startSession();
  cars = await s.open('cars-normal.mle');
  quine = await s.open('quine-negbin.mle');
  faithful = await s.open('faithful-mixture.mle');
  esoph = await s.open('esoph-binomial.mle');
});
after(() => s.close());

const active = (h: SignatureHelp | null): string => {
  assert.ok(h, 'no signature help');
  const sig = h.signatures[h.activeSignature ?? 0];
  const p = sig.parameters![h.activeParameter ?? 0];
  const [a, b] = p.label as [number, number];
  return `${sig.label} @ ${sig.label.slice(a, b)}`;
};

test('the server announces the navigation capabilities', () => {
  const c = s.capabilities;
  for (const k of ['signatureHelpProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider'])
    assert.ok(c[k], k);
  assert.deepEqual(c.renameProvider, { prepareProvider: true });
});

test('signature help: a distribution, by position', async () => {
  assert.equal(active(await s.at('textDocument/signatureHelp', cars, 'Normal(|a + b')), 'Normal(mu, sigma) @ mu');
  assert.equal(active(await s.at('textDocument/signatureHelp', cars, 'speed, |sigma)')), 'Normal(mu, sigma) @ sigma');
  const h = await s.at<SignatureHelp>('textDocument/signatureHelp', cars, 'speed, |sigma)');
  assert.match(JSON.stringify(h.signatures[0].parameters![1].documentation), /standard deviation/);
});

test('signature help: by argument name, whatever the position', async () => {
  assert.equal(
    active(await s.at('textDocument/signatureHelp', quine, 'NegBinomial(mu = |exp')),
    'NegBinomial(mu, size) @ mu',
  );
  assert.equal(
    active(await s.at('textDocument/signatureHelp', quine, 'size = |theta')),
    'NegBinomial(mu, size) @ size',
  );
  const named = await s.open(
    join(EXAMPLES, 'named-order.mle'),
    'data "cars.csv"\nparam a\nparam s > 0\ndist ~ Normal(sigma = s, mu = a)\n',
  );
  assert.equal(active(await s.at('textDocument/signatureHelp', named, 'mu = |a')), 'Normal(mu, sigma) @ mu');
});

test('signature help: functions, and inside Mixture components', async () => {
  assert.equal(active(await s.at('textDocument/signatureHelp', quine, 'exp(|eta')), 'exp(x) @ x');
  assert.equal(active(await s.at('textDocument/signatureHelp', faithful, 'Mixture(|w')), 'Mixture(w, D1, D2) @ w');
  assert.equal(
    active(await s.at('textDocument/signatureHelp', faithful, 'Normal(mu1, |sigma1')),
    'Normal(mu, sigma) @ sigma',
  );
  assert.equal(
    active(await s.at('textDocument/signatureHelp', faithful, 'sigma1), |Normal(mu2')),
    'Mixture(w, D1, D2) @ D2',
  );
  assert.equal(await s.at('textDocument/signatureHelp', cars, '|dist ~'), null);
});

test('signature help while typing an unfinished call', async () => {
  const draft = await s.open(join(EXAMPLES, 'draft-sig.mle'), 'data "cars.csv"\nparam a, b\ndist ~ Gamma(a, pow(b, ');
  assert.equal(active(await s.at('textDocument/signatureHelp', draft, 'pow(b, |')), 'pow(x, y) @ y');
  await s.change(draft, 'data "cars.csv"\nparam a, b\ndist ~ Gamma(a, ');
  assert.equal(active(await s.at('textDocument/signatureHelp', draft, 'Gamma(a, |')), 'Gamma(shape, rate) @ rate');
});

test('go to definition: a parameter use jumps to its declaration, a let use to its let', async () => {
  const def = await s.at<Location>('textDocument/definition', cars, 'a + |b * speed');
  assert.deepEqual(def, { uri: cars, range: { start: { line: 4, character: 9 }, end: { line: 4, character: 10 } } });
  const let_ = await s.at<Location>('textDocument/definition', esoph, 'logistic(|eta)');
  assert.equal(let_.range.start.line, 12);
  assert.equal(let_.range.start.character, 4);
});

test('go to definition: a column jumps to its cell in the CSV header', async () => {
  const def = await s.at<Location>('textDocument/definition', cars, 'b * |speed');
  assert.equal(def.uri, pathToFileURL(join(EXAMPLES, 'cars.csv')).href);
  assert.deepEqual(def.range.start.line, 0);
  assert.equal(def.range.end.character - def.range.start.character, 'speed'.length);
});

test('find references: with and without the declaration', async () => {
  const all = await s.at<Location[]>('textDocument/references', cars, 'param a, |b', {
    context: { includeDeclaration: true },
  });
  assert.deepEqual(
    all.map((l) => `${l.range.start.line}:${l.range.start.character}`),
    ['4:9', '7:18', '10:29'],
  );
  const uses = await s.at<Location[]>('textDocument/references', cars, 'param a, |b', {
    context: { includeDeclaration: false },
  });
  assert.equal(uses.length, 2);
  assert.deepEqual(
    await s.at('textDocument/references', cars, '|Normal', { context: { includeDeclaration: true } }),
    [],
  );
});

test('document highlights: the declaration is the write, the uses reads', async () => {
  const hs = await s.at<DocumentHighlight[]>('textDocument/documentHighlight', esoph, 'b_alc * |alc');
  // `alc` is a column: no declaration in the model, only reads.
  assert.ok(hs.length >= 1 && hs.every((h) => h.kind === 2));
  const p = await s.at<DocumentHighlight[]>('textDocument/documentHighlight', esoph, 'exp(|b_alc)');
  assert.deepEqual(
    p.map((h) => h.kind),
    [3, 2, 2],
  );
});

test('prepare rename: the name and its range; a column or an unknown place is refused with a reason', async () => {
  const r = await s.at<{ range: unknown; placeholder: string }>('textDocument/prepareRename', esoph, 'logistic(|eta)');
  assert.equal(r.placeholder, 'eta');
  await assert.rejects(s.at('textDocument/prepareRename', cars, '|speed, sigma'), /column of the data file/);
  assert.equal(await s.at('textDocument/prepareRename', cars, '|Normal'), null);
});

test('rename a parameter and a let everywhere they occur', async () => {
  const text = (await import('node:fs')).readFileSync(join(EXAMPLES, 'cars-normal.mle'), 'utf8');
  const edit = await s.at<WorkspaceEdit>('textDocument/rename', cars, 'a + |b', { newName: 'slope' });
  const renamed = applyEdits(text, edit.changes![cars] as TextEdit[]);
  assert.match(renamed, /param a, slope\n/);
  assert.match(renamed, /Normal\(a \+ slope \* speed, sigma\)/);
  assert.match(renamed, /derive dist_at_20 = a \+ 20 \* slope/);
  const letEdit = await s.at<WorkspaceEdit>('textDocument/rename', esoph, 'logistic(|eta)', { newName: 'lin_pred' });
  assert.equal(letEdit.changes![esoph].length, 2);
});

test('rename refuses names that collide with a symbol, a column, a keyword, a function or a distribution', async () => {
  const cases: [string, RegExp][] = [
    ['sigma', /already a parameter/],
    ['speed', /already a column/],
    ['dist_at_20', /already a derived quantity/],
    ['param', /keyword/],
    ['exp', /function/],
    ['Normal', /distribution/],
    ['pi', /constant/],
    ['2b', /not a valid name/],
  ];
  for (const [name, why] of cases) {
    await assert.rejects(
      s.at('textDocument/rename', cars, 'a + |b', { newName: name }),
      (e: Error) => {
        assert.match(e.message, /Cannot rename `b`/);
        assert.match(e.message, why);
        return true;
      },
      name,
    );
  }
});
