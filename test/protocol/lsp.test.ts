// The language server over real LSP on stdio: diagnostics as you type, data file watching, completion, hover and mle/fit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { CompletionItem, Hover, PublishDiagnosticsParams, Registration } from 'vscode-languageserver-protocol';
import type { FitResponse } from '../../server/src/protocol.ts';
import { stopServer } from './server-process.ts';

const ROOT = new URL('../..', import.meta.url);
const TIMEOUT_MS = 15_000;

const CSV = 'y,x\n4.1,1\n5.3,2\n3.8,3\n6.0,4\n5.1,5\n4.7,6\n';
const GOOD = 'data "d.csv"\nparam mu\nparam sigma > 0\ny ~ Normal(mu, sigma)\n';
const BROKEN = GOOD.replace('Normal(', 'Normall(');
const DRAFT = 'data "d.csv"\nparam mu\nparam sigma > 0\nlet e = mu + \ny ~ \n';

let dir: string;
let child: ChildProcess;
let conn: MessageConnection;
let stderr = '';
const registrations: Registration[] = [];
const published: PublishDiagnosticsParams[] = [];
const listeners = new Set<() => void>();

/** Resolves with the first publication (already received or coming) for `uri` that satisfies `ok`; rejects after a timeout. */
function diagnosticsFor(
  uri: string,
  what: string,
  ok: (p: PublishDiagnosticsParams) => boolean,
): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const mine = published.filter((p) => p.uri === uri);
      const latest = mine[mine.length - 1];
      if (!latest || !ok(latest)) return false;
      listeners.delete(check);
      clearTimeout(timer);
      resolve(latest);
      return true;
    };
    const timer = setTimeout(() => {
      listeners.delete(check);
      const last = published.filter((p) => p.uri === uri).at(-1);
      reject(
        new Error(
          `timed out waiting for ${what}; last: ${JSON.stringify(last?.diagnostics)}\nserver stderr: ${stderr}`,
        ),
      );
    }, TIMEOUT_MS);
    if (!check()) listeners.add(check);
  });
}

const uriOf = (name: string): string => pathToFileURL(join(dir, name)).href;
const open = (name: string, text: string): Promise<void> =>
  conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uriOf(name), languageId: 'mle', version: 1, text },
  });
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-lsp-'));
  writeFileSync(join(dir, 'd.csv'), CSV);
  writeFileSync(join(dir, 'other.tsv'), 'a\tb\n1\t2\n');
  child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--stdio'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const l of [...listeners]) l();
  });
  conn.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  const init = await conn.sendRequest<{ capabilities: { completionProvider?: unknown; hoverProvider?: boolean } }>(
    'initialize',
    {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: null,
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown'] },
        },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    },
  );
  assert.ok(init.capabilities.completionProvider);
  assert.equal(init.capabilities.hoverProvider, true);
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, child, dir));

test('an unknown distribution is reported with its range, code, source and suggestion', async () => {
  await open('model.mle', BROKEN);
  const p = await diagnosticsFor(uriOf('model.mle'), 'unknown-distribution', (x) =>
    codes(x).includes('unknown-distribution'),
  );
  const d = p.diagnostics.find((x) => x.code === 'unknown-distribution')!;
  assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } });
  assert.equal(d.severity, 1);
  assert.equal(d.source, 'mle');
  assert.equal((d.data as { suggestion?: string }).suggestion, 'Normal');
});

test('fixing the text clears the diagnostics', async () => {
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: uriOf('model.mle'), version: 2 },
    contentChanges: [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 11 } }, text: 'Normal' }],
  });
  const p = await diagnosticsFor(uriOf('model.mle'), 'the fixed version', (x) => x.version === 2);
  assert.deepEqual(p.diagnostics, []);
});

test('a burst of keystrokes is checked once, for the last version', async () => {
  const uri = uriOf('model.mle');
  const end = { line: 4, character: 0 };
  for (const [version, text] of [
    [3, '#'],
    [4, ' a'],
    [5, ' comment'],
  ] as const) {
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: end, end }, text }],
    });
    end.character += text.length;
  }
  const p = await diagnosticsFor(uri, 'version 5', (x) => x.version === 5);
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(
    published.filter((x) => x.uri === uri && (x.version === 3 || x.version === 4)),
    [],
  );
});

test('the client is asked to watch data files, and a changed CSV re-checks the model', async () => {
  assert.ok(
    registrations.some(
      (r) =>
        r.method === 'workspace/didChangeWatchedFiles' &&
        JSON.stringify(r.registerOptions).includes('**/*.{csv,tsv,parquet,duckdb,ddb}'),
    ),
    JSON.stringify(registrations),
  );
  writeFileSync(join(dir, 'd.csv'), CSV.replace('5.3', 'abc'));
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('d.csv'), type: 2 }] });
  await diagnosticsFor(uriOf('model.mle'), 'non-numeric after the CSV changed', (x) =>
    codes(x).includes('non-numeric'),
  );
  writeFileSync(join(dir, 'd.csv'), CSV);
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('d.csv'), type: 2 }] });
  await diagnosticsFor(uriOf('model.mle'), 'clean after the CSV was restored', (x) => x.diagnostics.length === 0);
});

test('completion after `~ ` offers distributions as snippets', async () => {
  await open('draft.mle', DRAFT);
  const items = await conn.sendRequest<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: uriOf('draft.mle') },
    position: { line: 4, character: 4 },
  });
  const normal = items.find((i) => i.label === 'Normal');
  assert.ok(normal, items.map((i) => i.label).join(', '));
  assert.equal(normal.insertTextFormat, 2);
  assert.deepEqual(normal.textEdit, {
    range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } },
    newText: 'Normal(${1:mu}, ${2:sigma})',
  });
  for (const d of ['Poisson', 'Bernoulli', 'Mixture'])
    assert.ok(
      items.some((i) => i.label === d),
      d,
    );
});

test('completion after an operator offers parameters and columns with their summary', async () => {
  const items = await conn.sendRequest<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: uriOf('draft.mle') },
    position: { line: 3, character: 13 },
  });
  const labels = items.map((i) => i.label);
  for (const name of ['mu', 'sigma', 'y', 'x', 'exp', 'pi'])
    assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
  assert.equal(items.find((i) => i.label === 'x')?.detail, 'column · numeric · n=6, missing 0, range 1–6');
});

test('completion inside `data "` lists the data files beside the model', async () => {
  await open('empty.mle', 'data "');
  const items = await conn.sendRequest<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri: uriOf('empty.mle') },
    position: { line: 0, character: 6 },
  });
  assert.deepEqual(
    items.map((i) => i.label),
    ['d.csv', 'other.tsv'],
  );
});

test('hover on a column shows its summary; on a distribution its density', async () => {
  const column = await conn.sendRequest<Hover>('textDocument/hover', {
    textDocument: { uri: uriOf('model.mle') },
    position: { line: 3, character: 0 },
  });
  const text = (column.contents as { value: string }).value;
  assert.match(text, /\*\*column\*\* `y`/);
  assert.match(text, /n = 6 · missing 0/);
  assert.match(text, /min 3\.8 · mean 4\.833 · max 6/);
  assert.deepEqual(column.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } });
  const dist = await conn.sendRequest<Hover>('textDocument/hover', {
    textDocument: { uri: uriOf('model.mle') },
    position: { line: 3, character: 6 },
  });
  assert.match((dist.contents as { value: string }).value, /\*\*Normal\*\*\(mu, sigma\)/);
});

test('mle/fit fits the open document with its data', async () => {
  const r = await conn.sendRequest<FitResponse>('mle/fit', { uri: uriOf('model.mle') });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(
    r.result.parameters.map((p) => p.name),
    ['mu', 'sigma'],
  );
  const mean = [4.1, 5.3, 3.8, 6.0, 5.1, 4.7].reduce((a, b) => a + b) / 6;
  assert.ok(
    Math.abs(r.result.parameters[0].estimate! - mean) < 1e-6,
    `mu = ${r.result.parameters[0].estimate}, want ${mean}`,
  );
});

test('mle/fit on a model with errors returns them instead of a fit; requests on unknown documents answer null', async () => {
  const r = await conn.sendRequest<FitResponse>('mle/fit', { uri: uriOf('draft.mle') });
  assert.equal(r.ok, false);
  const none = await conn.sendRequest('textDocument/hover', {
    textDocument: { uri: uriOf('nowhere.mle') },
    position: { line: 0, character: 0 },
  });
  assert.equal(none, null);
});
