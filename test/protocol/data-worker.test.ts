// The data worker over real LSP: completion answers during a large data analysis, stale results are dropped, a changed CSV is re-checked.
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
import type { CompletionItem, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { FitResponse } from '../../server/src/protocol.ts';
import { grace, stopServer } from './server-process.ts';

const ROOT = new URL('../..', import.meta.url);
const TIMEOUT_MS = 30_000;
const ROWS = 200_000;

/** `ROWS` rows of y, x, k; x is missing on every 1000th row, so the data-aware analysis reports `missing-rows`. */
function largeCsv(shift: number): string {
  const lines = ['y,x,k'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `${(((i * 7919) % 1000) / 100 + shift).toFixed(2)},${i % 1000 === 7 ? 'NA' : ((i * 104729) % 997) / 100},${i % 5}`,
    );
  return `${lines.join('\n')}\n`;
}
const model = (csv: string): string => `data "${csv}"\nparam a, b\nparam sigma > 0\ny ~ Normal(a + b * x, sigma)\n`;

let dir: string;
let child: ChildProcess;
let conn: MessageConnection;
let stderr = '';
/** Every event in arrival order: publications and answered requests. */
const events: ({ kind: 'publish'; p: PublishDiagnosticsParams } | { kind: 'answer'; what: string })[] = [];
const listeners = new Set<() => void>();
const uriOf = (name: string): string => pathToFileURL(join(dir, name)).href;
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));
const publications = (uri: string): PublishDiagnosticsParams[] =>
  events.flatMap((e) => (e.kind === 'publish' && e.p.uri === uri ? [e.p] : []));

/** Resolves with the index in `events` of the first publication for `uri` (from index `from`) that satisfies `ok`. */
function waitFor(uri: string, what: string, ok: (p: PublishDiagnosticsParams) => boolean, from = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const i = events.findIndex((e, j) => j >= from && e.kind === 'publish' && e.p.uri === uri && ok(e.p));
      if (i < 0) return false;
      listeners.delete(check);
      clearTimeout(timer);
      resolve(i);
      return true;
    };
    const timer = setTimeout(() => {
      listeners.delete(check);
      reject(
        new Error(
          `timed out waiting for ${what}; got ${JSON.stringify(publications(uri).map((p) => [p.version, codes(p)]))}\n${stderr}`,
        ),
      );
    }, TIMEOUT_MS);
    if (!check()) listeners.add(check);
  });
}

const open = (name: string, text: string): Promise<void> =>
  conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uriOf(name), languageId: 'mle', version: 1, text },
  });
const replaceAll = (name: string, version: number, text: string): Promise<void> =>
  conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: uriOf(name), version },
    contentChanges: [{ text }],
  });
const completion = (name: string, line: number, character: number): Promise<CompletionItem[]> =>
  conn
    .sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: uriOf(name) },
      position: { line, character },
    })
    .then((items) => {
      events.push({ kind: 'answer', what: `completion ${name}` });
      return items;
    });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-worker-'));
  writeFileSync(join(dir, 'a.csv'), largeCsv(0));
  writeFileSync(join(dir, 'b.csv'), largeCsv(0));
  child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--stdio'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    events.push({ kind: 'publish', p });
    for (const l of [...listeners]) l();
  });
  conn.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    if (m.type === 1) stderr += `${m.message}\n`;
  });
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: null,
    capabilities: {},
  });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, child, dir));

test('completion answers, and the text diagnostics are out, while the worker still loads and analyses a large CSV', async () => {
  await open('a.mle', model('a.csv'));
  const items = await completion('a.mle', 3, 4);
  assert.ok(
    items.some((i) => i.label === 'Normal'),
    'distributions are offered without the data',
  );
  const data = await waitFor(uriOf('a.mle'), 'the data-aware diagnostics', (p) => codes(p).includes('missing-rows'));
  const answered = events.findIndex((e) => e.kind === 'answer' && e.what === 'completion a.mle');
  const textOnly = events.findIndex((e) => e.kind === 'publish' && e.p.uri === uriOf('a.mle'));
  assert.ok(answered < data, `completion answered (event ${answered}) before the data diagnostics (event ${data})`);
  assert.ok(
    textOnly < data && !codes((events[textOnly] as { p: PublishDiagnosticsParams }).p).includes('missing-rows'),
  );
  // Then the column summaries the worker sent serve completion: no column values went over on any keystroke.
  const after = await completion('a.mle', 3, 19);
  assert.match(
    after.find((i) => i.label === 'x')?.detail ?? JSON.stringify(after.map((i) => i.label)),
    new RegExp(`column · numeric · n=${ROWS}, missing ${ROWS / 1000}`),
  );
});

test('results for older versions are dropped: publications never go back to an older version', async () => {
  const uri = uriOf('b.mle');
  // Version 1's text diagnostics are out, so its data analysis has started (slow: b.csv is not loaded yet);
  // versions 2 and 3 arrive while it runs.
  await open('b.mle', model('b.csv'));
  await waitFor(uri, 'the text diagnostics of version 1', (p) => p.version === 1);
  await replaceAll('b.mle', 2, model('b.csv').replace('Normal(a + b * x', 'Normal(a + b * x + 0'));
  await replaceAll('b.mle', 3, `${model('b.csv')}# final\n`);
  await waitFor(
    uri,
    'the data-aware diagnostics of version 3',
    (p) => p.version === 3 && codes(p).includes('missing-rows'),
  );
  await grace(500);
  const versions = publications(uri).map((p) => p.version ?? 0);
  assert.deepEqual(
    versions,
    [...versions].sort((x, y) => x - y),
    `versions in publication order: ${versions.join(', ')}`,
  );
  assert.ok(
    !publications(uri).some((p) => p.version === 1 && codes(p).includes('missing-rows')),
    'the analysis of version 1 was not published',
  );
  assert.ok(
    !publications(uri).some((p) => p.version === 2 && codes(p).includes('missing-rows')),
    'nor that of version 2',
  );
});

test('a CSV changed on disk is checked again; a fit always uses the file as it is now', async () => {
  const uri = uriOf('a.mle');
  const from = events.length;
  writeFileSync(join(dir, 'a.csv'), largeCsv(0).replaceAll(',NA,', ',1,').replace('\n0.00,', '\nabc,'));
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('a.csv'), type: 2 }] });
  const i = await waitFor(uri, 'non-numeric after the CSV changed', (p) => codes(p).includes('non-numeric'), from);
  assert.ok(!codes((events[i] as { p: PublishDiagnosticsParams }).p).includes('missing-rows'));

  // No watcher notice this time: the worker still sees the new modification time and size.
  writeFileSync(join(dir, 'a.csv'), 'y,x,k\n1,1,0\n2,2,1\n3,3,0\n5,4,1\n');
  const fit = await conn.sendRequest<FitResponse>('mle/fit', { uri });
  assert.ok(fit.ok, JSON.stringify(fit));
  assert.equal(fit.result.n, 4);
  assert.ok(Math.abs(fit.result.parameters[1].estimate! - 1.3) < 1e-6, `b = ${fit.result.parameters[1].estimate}`);
});

test('after an edit, the last data-aware diagnostics stay (moved with the text) until the new ones arrive: no flicker', async () => {
  const uri = uriOf('c.mle');
  writeFileSync(join(dir, 'c.csv'), 'y,x,k\n1,1,0\n2,NA,1\n3,3,0\n5,4,1\n4,5,0\n');
  await open('c.mle', model('c.csv'));
  const first = await waitFor(
    uri,
    'missing-rows on version 1',
    (p) => p.version === 1 && codes(p).includes('missing-rows'),
  );
  const line = (p: PublishDiagnosticsParams): number | undefined =>
    p.diagnostics.find((d) => d.code === 'missing-rows')?.range.start.line;
  const before = line((events[first] as { p: PublishDiagnosticsParams }).p)!;
  await replaceAll('c.mle', 2, `# a new first line\n${model('c.csv')}`);
  const textOnly = await waitFor(uri, 'the first publication of version 2', (p) => p.version === 2);
  assert.equal(line((events[textOnly] as { p: PublishDiagnosticsParams }).p), before + 1);
  const data = await waitFor(uri, 'the data-aware publication of version 2', (p) => p.version === 2, textOnly + 1);
  assert.equal(line((events[data] as { p: PublishDiagnosticsParams }).p), before + 1);
});
