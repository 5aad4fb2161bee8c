// `node bench/lsp/run-big.mjs` (after `node scripts/build.mjs`): the language server on a 1.7 MB model (36,000 lets),
// p50/p95 of edit → text diagnostics, edit → data-aware diagnostics, and a completion sent right after an edit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './client.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEBOUNCE_MS = 150;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const dir = join(ROOT, 'bench/data/lsp');
mkdirSync(dir, { recursive: true });
const csv = ['x,y', ...Array.from({ length: 50 }, (_, i) => `${(i % 7) + 1},${Math.sin(i) + i / 10}`)].join('\n');
writeFileSync(join(dir, 'big.csv'), `${csv}\n`);
const lines = ['data "big.csv"', 'param a, b', 'param s > 0', 'let v0 = a + b * x'];
for (let i = 1; i < 36_000; i++) lines.push(`let v${i} = v${i - 1} * 0.5 + ${i % 97} * b + log(x + ${(i % 13) + 1})`);
lines.push('y ~ Normal(v35999, s)');
const path = join(dir, 'big.mle');
writeFileSync(path, `${lines.join('\n')}\n`);

const s = await startServer(ROOT);
const t0 = performance.now();
const uri = await s.open(path);
await s.publication(uri, 2);
console.log(`open → data-aware diagnostics: ${(performance.now() - t0).toFixed(0)} ms`);
const line = 1004; // `let v1000 = …`
const text = [],
  data = [],
  completion = [];
for (let i = -2; i < 12; i++) {
  const t1 = performance.now();
  const version = await s.edit(uri, { line, character: 22 }, { line, character: 23 }, String(i % 9 >= 0 ? i % 9 : 1));
  const first = await s.publication(uri, 1, version);
  const second = await s.publication(uri, 2, version);
  if (i >= 0) {
    text.push(first.at - t1);
    data.push(second.at - t1);
  }
  // A completion right after an edit: the server analyses the new text before answering.
  await s.edit(uri, { line, character: 22 }, { line, character: 23 }, '5');
  const ms = await s.timed('textDocument/completion', uri, { line: line + 1, character: 12 });
  if (i >= 0) completion.push(ms);
  await s.publication(uri, 2);
}
// A syntax error typed into the model (`let v1000 = * …`): the broken statement is re-parsed, not the file.
const broken = [];
for (let i = -1; i < 8; i++) {
  const t1 = performance.now();
  const version = await s.edit(uri, { line, character: 12 }, { line, character: 12 }, '* ');
  const first = await s.publication(uri, 1, version);
  if (!first.diagnostics.some((d) => d.code === 'syntax')) throw new Error('the typo gave no syntax error');
  if (i >= 0) broken.push(first.at - t1);
  await s.edit(uri, { line, character: 12 }, { line, character: 14 }, '');
  await s.publication(uri, 2);
}
await s.close();
const row = (name, xs) => `| ${name} | ${xs.length} | ${pct(xs, 0.5).toFixed(0)} | ${pct(xs, 0.95).toFixed(0)} |`;
console.log('| measurement (1.7 MB model) | n | p50 ms | p95 ms |\n|---|---|---|---|');
console.log(row(`edit → text diagnostics (incl. ${DEBOUNCE_MS} ms debounce)`, text));
console.log(row('edit → data-aware diagnostics', data));
console.log(row('completion sent right after an edit', completion));
console.log(row(`edit making a syntax error → text diagnostics (incl. ${DEBOUNCE_MS} ms debounce)`, broken));
