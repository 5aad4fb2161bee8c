// The language server's data boundary: workspace folders, Restricted Mode, and `na` spellings through the data worker.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { FitResponse } from '../../server/src/protocol.ts';
import { accessSettings } from '../../server/src/lsp/access.ts';
import { stopServer } from './server-process.ts';

const ROOT = new URL('../..', import.meta.url);
const TIMEOUT_MS = 15_000;

// A workspace with a model folder inside it, and a CSV beside (outside) the workspace.
const top = mkdtempSync(join(tmpdir(), 'mle-lsp-hostile-'));
const ws = join(top, 'ws');
mkdirSync(join(ws, 'models'), { recursive: true });
writeFileSync(join(top, 'outside.csv'), 'y\n1\n2\n');
writeFileSync(join(ws, 'shared.csv'), 'y\n1\n2\n4\n');
writeFileSync(join(ws, 'models', 'na.csv'), 'y\n1\n-\n2\nn/a\n4\n');
after(() => rmSync(top, { recursive: true, force: true }));

const model = (data: string): string => `${data}\nparam m\nparam s > 0\ny ~ Normal(m, s)\n`;

interface Server {
  readonly conn: MessageConnection;
  readonly child: ChildProcess;
  open(name: string, text: string): Promise<string>;
  diagnostics(
    uri: string,
    what: string,
    ok: (p: PublishDiagnosticsParams) => boolean,
  ): Promise<PublishDiagnosticsParams>;
}

async function start(initializationOptions: object, capabilities: object = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--stdio'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const listeners = new Set<() => void>();
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const l of [...listeners]) l();
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
    capabilities,
    initializationOptions,
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    child,
    async open(name, text) {
      const uri = pathToFileURL(join(ws, 'models', name)).href;
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'mle', version: 1, text },
      });
      return uri;
    },
    diagnostics: (uri, what, ok) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const latest = published.filter((p) => p.uri === uri).at(-1);
          if (!latest || !ok(latest)) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(latest);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const last = published.filter((p) => p.uri === uri).at(-1);
          reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last?.diagnostics)}\n${stderr}`));
        }, TIMEOUT_MS);
        if (!check()) listeners.add(check);
      }),
  };
}

const dataFileMessage = (p: PublishDiagnosticsParams): string | undefined =>
  p.diagnostics.find((d) => d.code === 'data-file')?.message;

describe('a trusted workspace', async () => {
  const s = await start({ trusted: true });
  after(() => stopServer(s.conn, s.child));

  test('data outside the workspace folders is refused with a data-file error naming the setting', async () => {
    const uri = await s.open('outside.mle', model('data "../../outside.csv"'));
    const p = await s.diagnostics(uri, 'the refusal', (x) => !!dataFileMessage(x));
    assert.match(dataFileMessage(p)!, /outside the workspace folders .*mle\.data\.allowOutsideWorkspace/);
    const r = await s.conn.sendRequest<FitResponse>('mle/fit', { uri });
    assert.ok(!r.ok);
  });
  test('data elsewhere in the workspace is read (up from the model folder)', async () => {
    const uri = await s.open('shared.mle', model('data "../shared.csv"'));
    const r = await s.conn.sendRequest<FitResponse>('mle/fit', { uri });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(Math.abs((r.result.parameters[0].estimate ?? NaN) - 7 / 3) < 1e-6);
  });
  test('`na "-", "n/a"` reaches the data worker: the fit drops those rows', async () => {
    const uri = await s.open('na.mle', model('data "na.csv" na "-", "n/a"'));
    const r = await s.conn.sendRequest<FitResponse>('mle/fit', { uri });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.result.data?.rowsUsed, 3);
    assert.ok(Math.abs((r.result.parameters[0].estimate ?? NaN) - 7 / 3) < 1e-6);
  });
  test('without the clause the same file is non-numeric, with the `na` hint', async () => {
    const uri = await s.open('na-default.mle', model('data "na.csv"'));
    const p = await s.diagnostics(uri, 'non-numeric', (x) => x.diagnostics.some((d) => d.code === 'non-numeric'));
    assert.match(p.diagnostics.find((d) => d.code === 'non-numeric')!.message, /missing-value marker/);
  });
});

describe('workspace folders added and removed while the server runs', async () => {
  const s = await start({ trusted: true }, { workspace: { workspaceFolders: true } });
  after(() => stopServer(s.conn, s.child));
  const folders = (added: string[], removed: string[]) =>
    s.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: {
        added: added.map((p) => ({ uri: pathToFileURL(p).href, name: p })),
        removed: removed.map((p) => ({ uri: pathToFileURL(p).href, name: p })),
      },
    });

  test('a folder added around the data makes it readable; removing it refuses the data again', async () => {
    const uri = await s.open('moving.mle', model('data "../../outside.csv"'));
    await s.diagnostics(uri, 'the refusal', (x) => !!dataFileMessage(x));
    await folders([top], []);
    await s.diagnostics(uri, 'the data read', (x) => !dataFileMessage(x));
    const r = await s.conn.sendRequest<FitResponse>('mle/fit', { uri });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(Math.abs((r.result.parameters[0].estimate ?? NaN) - 1.5) < 1e-6);
    await folders([], [top]);
    await s.diagnostics(uri, 'the refusal again', (x) => !!dataFileMessage(x));
    assert.ok(!(await s.conn.sendRequest<FitResponse>('mle/fit', { uri })).ok);
  });
});

describe('Restricted Mode (an untrusted workspace)', async () => {
  const s = await start({ trusted: false });
  after(() => stopServer(s.conn, s.child));

  test('no data is read: a data-file error says why; text checks still run', async () => {
    const uri = await s.open('r.mle', model('data "../shared.csv"').replace('Normal(', 'Normall('));
    const p = await s.diagnostics(uri, 'the refusal', (x) => !!dataFileMessage(x));
    assert.match(dataFileMessage(p)!, /Restricted Mode; trust this workspace/);
    assert.ok(p.diagnostics.some((d) => d.code === 'unknown-distribution'));
  });
  test('no model is fitted', async () => {
    const uri = await s.open('r2.mle', model('data "../shared.csv"'));
    const r = await s.conn.sendRequest<FitResponse>('mle/fit', { uri });
    assert.ok(!r.ok);
    assert.match(r.message, /not fitted: .*Restricted Mode/);
  });
});

test('initialize: workspace folders, else the root URI; trust and the setting from initializationOptions', () => {
  const base = { processId: null, capabilities: {}, rootUri: 'file:///r' };
  assert.deepEqual(accessSettings({ ...base, workspaceFolders: null }), {
    roots: ['/r'],
    allowOutside: false,
    trusted: true,
  });
  assert.deepEqual(
    accessSettings({
      ...base,
      workspaceFolders: [{ uri: 'file:///a', name: 'a' }],
      initializationOptions: { trusted: false, allowDataOutsideWorkspace: true },
    }),
    { roots: ['/a'], allowOutside: true, trusted: false },
  );
});
