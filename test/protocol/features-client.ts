// A small LSP client for the editor-feature protocol tests: spawns the real server on stdio, opens documents, sends requests.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Position } from 'vscode-languageserver-protocol';
import { stopServer } from './server-process.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLES = join(ROOT, 'examples');

/** What the client answers to `workspace/configuration`, by section; tests change it to toggle settings. */
export type Settings = Record<string, unknown>;

export interface Session {
  readonly conn: MessageConnection;
  /** The server's initialize result. */
  readonly capabilities: Record<string, unknown>;
  readonly settings: Settings;
  /** Server-to-client requests seen, by method (`workspace/inlayHint/refresh`, `client/registerCapability`, …). */
  readonly seen: string[];
  /** The diagnostics of `uri`'s latest publication, once it has had `count` since it was opened. */
  diagnostics(uri: string, count?: number): Promise<unknown[]>;
  open(path: string, text?: string): Promise<string>;
  change(uri: string, text: string): Promise<void>;
  request<R>(method: string, params: Record<string, unknown>): Promise<R>;
  /** `textDocument/…` request at the position of `marker` in the document's text (`|` marks the cursor in it). */
  at<R>(method: string, uri: string, marker: string, extra?: Record<string, unknown>): Promise<R>;
  close(): Promise<void>;
}

/** Starts the server (`node --import tsx server/src/main.ts --stdio`) and initializes it as VS Code would. */
export async function startSession(clientCaps: Record<string, unknown> = DEFAULT_CAPS): Promise<Session> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--stdio'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const settings: Settings = { 'mle.inlayHints': { enabled: true } };
  const seen: string[] = [];
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  conn.onRequest((method: string, params: unknown) => {
    seen.push(method);
    if (method === 'workspace/configuration')
      return (params as { items: { section?: string }[] }).items.map((i) => settings[i.section ?? ''] ?? null);
    return null;
  });
  // A feature that throws is caught by the server's request wrapper and logged: a test must not pass over that.
  const errors: string[] = [];
  /** Diagnostics publications per document since it was (re)opened, and who waits for the next one. */
  const published = new Map<string, unknown[][]>();
  const waiters = new Set<() => void>();
  conn.onNotification((method: string, params: unknown) => {
    const p = params as { type?: number; message?: string; uri?: string; diagnostics?: unknown[] };
    if (method === 'window/logMessage' && p.type === 1) errors.push(p.message ?? '');
    if (method === 'textDocument/publishDiagnostics' && p.uri) {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p.diagnostics ?? []]);
      for (const w of [...waiters]) w();
    }
  });
  /** Resolves once `uri` has had `count` publications since it was opened. */
  const publications = (uri: string, count: number): Promise<unknown[][]> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const got = published.get(uri) ?? [];
        if (got.length < count) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(got);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${uri}: ${count} diagnostics publications expected; stderr:\n${stderr}`));
      }, 15_000);
      if (!check()) waiters.add(check);
    });
  conn.listen();
  const init = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(EXAMPLES).href,
    workspaceFolders: null,
    capabilities: clientCaps,
  });
  await conn.sendNotification('initialized', {});

  const positionOf = (text: string, marker: string): Position => {
    const bare = marker.replace('|', '');
    const at = text.indexOf(bare);
    assert.ok(at >= 0, `${JSON.stringify(bare)} is not in the document`);
    const offset = at + marker.indexOf('|');
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  const session: Session = {
    conn,
    capabilities: init.capabilities,
    settings,
    seen,
    diagnostics: async (uri, count = 1) => (await publications(uri, count)).at(-1)!,
    async open(path, text) {
      const abs = path.startsWith('/') ? path : join(EXAMPLES, path);
      const uri = pathToFileURL(abs).href;
      const body = text ?? readFileSync(abs, 'utf8');
      // Reopening is closing first, as an editor does: a second didOpen of an open document is a protocol error.
      if (texts.has(uri)) await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      texts.set(uri, body);
      versions.set(uri, 1);
      published.delete(uri);
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'mle', version: 1, text: body },
      });
      // The columns reach the editor features once the data worker has read the CSV: its diagnostics come second.
      const linked = /^\s*data\s+"([^"]+)"/m.exec(body)?.[1];
      await publications(uri, linked && existsSync(join(dirname(abs), linked)) ? 2 : 1);
      return uri;
    },
    async change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      texts.set(uri, text);
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    request: (method, params) => conn.sendRequest(method, params),
    at(method, uri, marker, extra = {}) {
      const text = texts.get(uri);
      assert.ok(text !== undefined, `${uri} is not open`);
      return conn.sendRequest(method, { textDocument: { uri }, position: positionOf(text, marker), ...extra });
    },
    async close() {
      await stopServer(conn, child);
      assert.deepEqual(errors, [], `the server logged errors; stderr:\n${stderr}`);
    },
  };
  return session;
}

/** The capabilities VS Code announces for the features under test. */
export const DEFAULT_CAPS = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown'] },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    signatureHelp: { signatureInformation: { parameterInformation: { labelOffsetSupport: true } } },
  },
  workspace: {
    configuration: true,
    inlayHint: { refreshSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
};

/** Applies LSP text edits (ranges in the original text) to `text`. */
export function applyEdits(
  text: string,
  edits: readonly { range: { start: Position; end: Position }; newText: string }[],
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: Position): number => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
