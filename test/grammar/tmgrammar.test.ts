// Runs the TextMate grammar's scope assertions (test/grammar/*.mle, vscode-tmgrammar-test format) under `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = join(root, 'test/grammar');
const cases = readdirSync(here).filter((f) => f.endsWith('.mle')).sort();

test('every grammar test file passes vscode-tmgrammar-test', () => {
  assert.ok(cases.length >= 4, `grammar test files: ${cases.join(', ')}`);
  const cli = createRequire(import.meta.url).resolve('vscode-tmgrammar-test/dist/unit.js');
  const r = spawnSync(process.execPath, [cli, '--compact', '--grammar', 'syntaxes/mle.tmLanguage.json', ...cases.map((f) => `test/grammar/${f}`)], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `vscode-tmgrammar-test failed:\n${r.stdout}${r.stderr}`);
});

test('each file starts with the SYNTAX TEST header for source.mle and asserts something', () => {
  for (const f of cases) {
    const text = readFileSync(join(here, f), 'utf8');
    assert.match(text.split('\n')[0], /^# SYNTAX TEST "source\.mle" "[^"]+"$/, f);
    assert.match(text, /^#\s*(\^+|<-+) /m, `${f} has no assertions`);
  }
});

test('the files named after an example test that example\'s own lines', () => {
  const named = cases.filter((f) => existsSync(join(root, 'examples', f)));
  assert.ok(named.length >= 3, named.join(', '));
  for (const f of named) {
    const example = new Set(readFileSync(join(root, 'examples', f), 'utf8').split('\n'));
    // Source lines are the ones that are not assertions (`#` then `^` or `<-`) and not the header.
    const source = readFileSync(join(here, f), 'utf8').split('\n').slice(1).filter((l) => l.trim() && !/^#\s*(\^|<-)/.test(l));
    for (const line of source) assert.ok(example.has(line), `${f}: "${line}" is not a line of examples/${f}`);
  }
});
