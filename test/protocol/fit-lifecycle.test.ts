// A fit's lifecycle over real LSP: cancelled and superseded fits stop their thread, progress arrives, stale fits stop showing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeLens, Hover, InlayHint } from 'vscode-languageserver-protocol';
import type { FitFreshnessParams, FitProgressParams, FitResponse, FitStatus } from '../../server/src/protocol.ts';
import { textHash } from '../../server/src/fit/text-hash.ts';
import { DEFAULT_CAPS, startSession, type Session } from './features-client.ts';

const SMALL_CSV = 'y,x\n4.1,1\n5.3,2\n3.8,3\n6.0,4\n5.1,5\n4.7,6\n';
const SMALL = 'data "small.csv"\nparam mu\nparam sigma > 0\ny ~ Normal(mu, sigma)\n';
// Some 17 s of one core from the CLI: long enough that every step below happens while it runs.
const BIG =
  'data "big.csv"\nparam a\nparam b\nparam s > 0\nparam nu > 0\ny ~ StudentT(a + b * x, s, nu)\nfit ci = profile\n';

/** 300,000 rows of a heavy-tailed regression from a seeded generator (the same file every run). */
function bigCsv(): string {
  let seed = 1;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const rows = ['y,x'];
  for (let i = 0; i < 300_000; i++) {
    const x = rand() * 10;
    const t = (rand() - 0.5) / (rand() + 0.05);
    rows.push(`${(1 + 0.5 * x + t).toFixed(5)},${x.toFixed(4)}`);
  }
  return rows.join('\n') + '\n';
}

let dir: string;
let s: Session;
const progress: FitProgressParams[] = [];
const freshness: FitFreshnessParams[] = [];
let bigUri: string;
let smallUri: string;
let otherUri: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-fit-lifecycle-'));
  writeFileSync(join(dir, 'big.csv'), bigCsv());
  writeFileSync(join(dir, 'small.csv'), SMALL_CSV);
  s = await startSession({
    ...DEFAULT_CAPS,
    workspace: { ...DEFAULT_CAPS.workspace, codeLens: { refreshSupport: true } },
  });
  s.conn.onNotification('mle/fitProgress', (p: FitProgressParams) => progress.push(p));
  s.conn.onNotification('mle/fitFreshness', (p: FitFreshnessParams) => freshness.push(p));
  bigUri = await s.open(join(dir, 'big.mle'), BIG);
  smallUri = await s.open(join(dir, 'small.mle'), SMALL);
  otherUri = await s.open(join(dir, 'other.mle'), SMALL.replace('mu', 'm').replace('Normal(mu', 'Normal(m'));
});

after(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves when `ok` holds (polled every 20 ms); rejects after `ms` with `what`. */
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const threads = async (): Promise<number> => (await s.request<FitStatus>('mle/fitStatus', {})).threads;

/** A fit request that records when and how it ended in `events`. */
function fit(
  uri: string,
  name: string,
  events: string[],
  cts?: CancellationTokenSource,
): Promise<FitResponse | ResponseError<unknown>> {
  return s.conn.sendRequest<FitResponse>('mle/fit', { uri, progressId: name }, cts?.token).then(
    (r) => {
      events.push(`${name}:${r.ok ? 'fitted' : 'failed'}`);
      return r;
    },
    (e: ResponseError<unknown>) => {
      events.push(`${name}:${e.code === -32800 ? 'cancelled' : `error ${e.code}`}`);
      return e;
    },
  );
}

test('a long fit reports progress, another model fits beside it, and cancelling it stops its thread', async () => {
  const events: string[] = [];
  const cts = new CancellationTokenSource();
  const big = fit(bigUri, 'big', events, cts);
  await until('an optimising progress report with an iteration', () =>
    progress.some((p) => p.progressId === 'big' && p.phase === 'optimising' && (p.iteration ?? 0) >= 1),
  );
  const first = progress.find((p) => p.progressId === 'big')!;
  assert.equal(first.phase, 'preparing', 'the first report is sent before the data is loaded');
  const iterating = progress.find((p) => p.progressId === 'big' && p.iteration !== undefined)!;
  assert.equal(iterating.uri, bigUri);
  assert.ok(
    Number.isFinite(iterating.objective) && iterating.objective! < 0,
    `objective: ${JSON.stringify(iterating)}`,
  );
  assert.ok(iterating.elapsedMs > 0);
  assert.equal(await threads(), 1, 'the big fit runs in a thread of its own');

  // Another model is not queued behind the big one: it completes while the big one still runs.
  const small = await fit(otherUri, 'other', events);
  assert.ok(!(small instanceof ResponseError) && small.ok, JSON.stringify(small));
  assert.deepEqual(events, ['other:fitted'], 'the small fit finished first');

  const cancelledAt = Date.now();
  cts.cancel();
  const answer = await big;
  // Generous: the uncancelled fit runs 17 s or more; a thread that is not stopped answers only when it ends.
  const answerMs = Date.now() - cancelledAt;
  assert.ok(answerMs < 5_000, `the cancelled fit answered ${answerMs} ms after the cancel`);
  const reportsAtAnswer = progress.filter((p) => p.progressId === 'big').length;
  assert.ok(answer instanceof ResponseError, 'a cancelled fit answers with an error');
  assert.equal(answer.code, -32800, 'RequestCancelled');
  await until('the cancelled fit thread to end', async () => (await threads()) === 0, 5_000);

  // The next fit starts at once, while the cancelled one would still have been running (some 17 s).
  const after = await fit(smallUri, 'small', events);
  assert.ok(!(after instanceof ResponseError) && after.ok);
  assert.deepEqual(events, ['other:fitted', 'big:cancelled', 'small:fitted']);
  assert.equal(
    progress.filter((p) => p.progressId === 'big').length,
    reportsAtAnswer,
    'no progress from the cancelled fit after its answer',
  );
  await until('the finished fit threads to end', async () => (await threads()) === 0, 5_000);
});

test('a newer fit of the same model replaces the running one, whose request answers cancelled', async () => {
  const events: string[] = [];
  const first = fit(bigUri, 'big1', events);
  await until('the first fit to iterate', () =>
    progress.some((p) => p.progressId === 'big1' && p.iteration !== undefined),
  );
  const cts = new CancellationTokenSource();
  const second = fit(bigUri, 'big2', events, cts);
  const replaced = await first;
  assert.ok(replaced instanceof ResponseError && replaced.code === -32800, 'the replaced fit answers cancelled');
  assert.match(replaced.message, /newer fit/);
  await until('the second fit to iterate', () =>
    progress.some((p) => p.progressId === 'big2' && p.iteration !== undefined),
  );
  assert.equal(await threads(), 1, 'only the newer fit runs');
  cts.cancel();
  await second;
  await until('no fit thread left', async () => (await threads()) === 0, 5_000);
  assert.deepEqual(events, ['big1:cancelled', 'big2:cancelled']);
});

test('FitJson.source: the model text hash and the data file stamp', async () => {
  const r = await s.request<FitResponse>('mle/fit', { uri: smallUri });
  assert.ok(r.ok);
  assert.equal(r.result.source?.textHash, textHash(SMALL));
  assert.equal(r.result.source?.data?.path, join(dir, 'small.csv'));
  assert.equal(r.result.source?.data?.size, SMALL_CSV.length);
  assert.ok((r.result.source?.data?.mtimeMs ?? 0) > 0);
});

test('an edit makes the last fit stale: no estimates in hover and hints, the lens says out of date; undo restores it', async () => {
  const r = await s.request<FitResponse>('mle/fit', { uri: smallUri });
  assert.ok(r.ok);
  const whole = {
    textDocument: { uri: smallUri },
    range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
  };
  const hoverMd = async (): Promise<string> =>
    ((await s.at<Hover>('textDocument/hover', smallUri, 'Normal(|mu')).contents as { value: string }).value;
  const lensTitles = async (): Promise<string[]> =>
    (await s.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: smallUri } })).map(
      (l) => l.command!.title,
    );
  assert.match(await hoverMd(), /Last fit:/);
  assert.ok((await s.request<InlayHint[]>('textDocument/inlayHint', whole)).length > 0);
  assert.match((await lensTitles())[1], /^last fit: logLik/);

  const seen = freshness.length;
  await s.change(smallUri, SMALL + '# a comment\n');
  await until('a stale notification', () => freshness.length > seen);
  assert.deepEqual(freshness.at(-1), { uri: smallUri, stale: true, reason: 'model' });
  assert.doesNotMatch(await hoverMd(), /Last fit:/);
  assert.deepEqual(await s.request<InlayHint[]>('textDocument/inlayHint', whole), []);
  assert.deepEqual(await lensTitles(), ['▶ Fit model (results out of date)']);

  await s.change(smallUri, SMALL);
  await until('a fresh notification', () => freshness.length > seen + 1);
  assert.deepEqual(freshness.at(-1), { uri: smallUri, stale: false });
  assert.match(await hoverMd(), /Last fit:/);
});

test('a changed data file makes the last fit stale (data)', async () => {
  const r = await s.request<FitResponse>('mle/fit', { uri: smallUri });
  assert.ok(r.ok);
  const seen = freshness.length;
  const refreshes = s.seen.filter((m) => m === 'workspace/codeLens/refresh').length;
  writeFileSync(join(dir, 'small.csv'), SMALL_CSV + '5.5,7\n');
  const csvUri = pathToFileURL(join(dir, 'small.csv')).href;
  await s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: csvUri, type: 2 }] });
  await until('a stale notification', () => freshness.length > seen);
  assert.deepEqual(freshness.at(-1), { uri: smallUri, stale: true, reason: 'data' });
  await until('a code lens refresh', () => s.seen.filter((m) => m === 'workspace/codeLens/refresh').length > refreshes);
  const lenses = await s.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: smallUri } });
  assert.deepEqual(
    lenses.map((l) => l.command!.title),
    ['▶ Fit model (results out of date)'],
  );
});
