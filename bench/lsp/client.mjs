// A minimal LSP client for the benchmark: spawns dist/server.cjs on stdio, tracks documents and timestamps every diagnostics publication.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const TIMEOUT_MS = 60_000;

export async function startServer(root) {
  const child = spawn(process.execPath, ['dist/server.cjs', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b.toString();
  });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  /** uri -> version -> publications (arrival time, diagnostics), in order. */
  const published = new Map();
  const waiters = new Set();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const byVersion = published.get(p.uri) ?? new Map();
    published.set(p.uri, byVersion);
    const list = byVersion.get(p.version) ?? [];
    byVersion.set(p.version, list);
    list.push({ at: performance.now(), diagnostics: p.diagnostics });
    for (const w of [...waiters]) w();
  });
  conn.onNotification('window/logMessage', (m) => {
    if (m.type === 1) console.error(`server error: ${m.message}`);
  });
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: null,
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ['markdown'] },
      },
    },
  });
  await conn.sendNotification('initialized', {});

  const texts = new Map();
  const versions = new Map();
  const offsetAt = (text, pos) => {
    const lines = text.split('\n');
    return lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
  };
  return {
    uri: (path) => pathToFileURL(path).href,
    text: (uri) => texts.get(uri),
    async open(path) {
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8');
      texts.set(uri, text);
      versions.set(uri, 1);
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'mle', version: 1, text },
      });
      return uri;
    },
    /** Replaces the range with `newText`; returns the new version. */
    async edit(uri, start, end, newText) {
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      const t = texts.get(uri);
      texts.set(uri, t.slice(0, offsetAt(t, start)) + newText + t.slice(offsetAt(t, end)));
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start, end }, text: newText }],
      });
      return version;
    },
    /** How many publications `uri` has had for `version` (default: the current one). */
    count: (uri, version = versions.get(uri)) => published.get(uri)?.get(version)?.length ?? 0,
    /** Tells the server that a file changed on disk, as a client's file watcher would. */
    watched: (path) =>
      conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(path).href, type: 2 }],
      }),
    /** The `n`-th publication (1-based) for `version` of `uri` (default: the current version), once it has arrived. */
    publication(uri, n, version = versions.get(uri)) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const got = published.get(uri)?.get(version) ?? [];
          if (got.length < n) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(got[n - 1]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no publication ${n} for ${uri} v${version}\n${stderr}`));
        }, TIMEOUT_MS);
        if (!check()) waiters.add(check);
      });
    },
    /** The position of `|` in `marker`, found in the document's text. */
    position(uri, marker) {
      const text = texts.get(uri);
      const at = text.indexOf(marker.replace('|', ''));
      if (at < 0) throw new Error(`${marker} not in ${uri}`);
      const offset = at + marker.indexOf('|');
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    },
    /** Milliseconds for one request at `position`; throws if the server answers null. */
    async timed(method, uri, position) {
      const t0 = performance.now();
      const r = await conn.sendRequest(method, { textDocument: { uri }, position });
      const ms = performance.now() - t0;
      if (r === null) throw new Error(`${method} answered null at ${JSON.stringify(position)}`);
      return ms;
    },
    async close() {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]).catch(
        () => undefined,
      );
      await conn.sendNotification('exit').catch(() => undefined);
      setTimeout(() => child.kill(), 2000).unref();
      conn.dispose();
    },
  };
}
