// `npm run bench:lsp`: drives the built language server (dist/server.cjs) over LSP and prints p50/p95 latencies of diagnostics, completion and hover.
import { execSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { startServer } from './client.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEBOUNCE_MS = 150;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const rows = [];
function report(name, xs, target) {
  const p50 = pct(xs, 0.5),
    p95 = pct(xs, 0.95);
  rows.push(`| ${name} | ${xs.length} | ${fmt(p50)} | ${fmt(p95)} | ${fmt(Math.max(...xs))} | ${target ?? ''} |`);
}

const files = generate(`${ROOT}bench/data/lsp`);
const s = await startServer(ROOT);
const model = await s.open(files.model);
const modelText = s.text(model);
await s.publication(model, 2); // the text checks, then the data-aware ones

// Diagnostics after an edit: an `init` value changes; the first publication is the text checks (after the debounce),
// the second the data-aware checks from the worker.
// The first 20 edits warm the JIT up and are not counted.
const syntax = [],
  server = [],
  data = [];
const line = modelText.split('\n').findIndex((l) => l.startsWith('param b_3_4 init'));
for (let i = -20; i < 60; i++) {
  const t0 = performance.now();
  const version = await s.edit(
    model,
    { line, character: 'param b_3_4 init '.length },
    { line, character: 'param b_3_4 init '.length + 1 },
    String(i % 10),
  );
  const first = await s.publication(model, 1, version);
  const second = await s.publication(model, 2, version);
  if (i < 0) continue;
  syntax.push(first.at - t0);
  server.push(first.at - t0 - DEBOUNCE_MS);
  data.push(second.at - t0);
}
report('edit → syntax + semantic diagnostics (incl. the 150 ms debounce)', syntax);
report('… the same, less the debounce (server time)', server, '≤ 30');
report('edit → data-aware diagnostics (300-line model, 240 rows)', data);

// Completion and hover on the 300-line model.
const at = (marker) => s.position(model, marker);
const spots = [at('b_2_3 * |x3'), at('pos1 ~ |Gamma'), at('let eta_4 = a_4 + |lin_4_1'), at('prior b_5_2 ~ |Normal')];
const hovers = [at('b_2_3 * |x3'), at('|b_6_7 * x7'), at('y1 ~ |Normal'), at('let |eta_1'), at('exp(|eta_3)')];
const completion = [],
  hover = [];
for (let i = 0; i < 300; i++) completion.push(await s.timed('textDocument/completion', model, spots[i % spots.length]));
for (let i = 0; i < 300; i++) hover.push(await s.timed('textDocument/hover', model, hovers[i % hovers.length]));
report('completion (300-line model)', completion, '≤ 10');
report('hover (300-line model)', hover, '≤ 10');

// The 1M-row file: opened, then re-read after touching it (cold: the worker parses the CSV), then edited (warm).
// Meanwhile, every 20 ms, completion and hover on the 300-line model, and every 4th time an edit of it: either a
// completion right after the edit (it analyses the new text first) or the time to its text diagnostics.
const busy = { c: [], h: [], cAfterEdit: [], typing: [] };
async function during(task) {
  let done = false;
  const finished = task().finally(() => {
    done = true;
  });
  for (let i = 0; !done; i++) {
    busy.c.push(await s.timed('textDocument/completion', model, spots[i % spots.length]));
    busy.h.push(await s.timed('textDocument/hover', model, hovers[i % hovers.length]));
    if (i % 4 === 2) {
      const t0 = performance.now();
      const version = await s.edit(model, { line: 0, character: 0 }, { line: 0, character: 1 }, '#');
      if (i % 8 === 2) busy.cAfterEdit.push(await s.timed('textDocument/completion', model, spots[i % spots.length]));
      else busy.typing.push((await s.publication(model, 1, version)).at - t0 - DEBOUNCE_MS);
    }
    await sleep(20);
  }
  return finished;
}
const cold = [],
  warm = [];
const large = s.uri(files.large);
cold.push(
  await during(async () => {
    const t0 = performance.now();
    await s.open(files.large);
    return (await s.publication(large, 2, 1)).at - t0;
  }),
);
for (let k = 1; k <= 4; k++) {
  cold.push(
    await during(async () => {
      const seen = s.count(large);
      utimesSync(files.largeCsv, new Date(), new Date(Date.now() + k * 1000));
      const t0 = performance.now();
      await s.watched(files.largeCsv);
      return (await s.publication(large, seen + 2)).at - t0;
    }),
  );
}
for (let i = 0; i < 5; i++) {
  warm.push(
    await during(async () => {
      const t0 = performance.now();
      const version = await s.edit(large, { line: 0, character: 2 }, { line: 0, character: 3 }, i % 2 ? 'A' : 'a');
      return (await s.publication(large, 2, version)).at - t0;
    }),
  );
}
report('1M rows: CSV changed → data-aware diagnostics (cold: parsed again)', cold, '≤ 2000');
report('1M rows: edit → data-aware diagnostics (warm, incl. debounce)', warm, '≤ 2000');
report('meanwhile: completion (300-line model)', busy.c, '≤ 10');
report('meanwhile: completion right after an edit (new text analysed first)', busy.cAfterEdit, '≤ 10');
report('meanwhile: hover', busy.h, '≤ 10');
report('meanwhile: edit → text diagnostics, less the debounce', busy.typing, '≤ 30');
await s.close();

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const nproc = execSync('nproc').toString().trim();
console.log(`Machine: ${cpu}, nproc ${nproc}, Node ${process.version}; server: dist/server.cjs (stdio).\n`);
console.log('| measurement | n | p50 ms | p95 ms | max ms | target ms |\n|---|---|---|---|---|---|');
console.log(rows.join('\n'));
