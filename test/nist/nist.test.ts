// NIST StRD accuracy (issue 3): every linear, nonlinear (both starts) and univariate run; LREs to test-results/nist-lre.json.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { explain, runCase, type NistCase, type RunRecord } from './nist-run.ts';

const { cases } = JSON.parse(readFileSync('test/nist/cases.json', 'utf8')) as { cases: NistCase[] };
const records: RunRecord[] = [];
const started = new Date();

const git = (...args: string[]): string | null => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

for (const c of cases) {
  const label = c.kind === 'nonlinear' ? `${c.dataset} start ${c.start}` : c.dataset;
  test(`NIST ${c.kind} ${label} (${c.difficulty})`, () => {
    const r = runCase(c);
    records.push(r);
    assert.ok(r.pass, explain(r));
  });
}

after(() => {
  // Only a full run (every case) is a valid input for scripts/accuracy-report.mjs; a filtered run writes a partial file.
  const cpu = cpus();
  const out = {
    generatedBy: 'test/nist/nist.test.ts',
    complete: records.length === cases.length,
    date: started.toISOString(),
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      platform: `${platform()} ${release()}`,
      node: process.version,
    },
    engine: {
      commit: git('rev-parse', '--short', 'HEAD'),
      uncommittedEngineChanges: (git('status', '--porcelain', '--', 'server/src') ?? '') !== '',
    },
    runs: records,
  };
  mkdirSync('test-results', { recursive: true });
  // An exact match has an infinite uncapped LRE, which JSON cannot hold: write it as the string "Infinity".
  writeFileSync(
    'test-results/nist-lre.json',
    JSON.stringify(out, (_k, v) => (v === Infinity ? 'Infinity' : v), 1) + '\n',
  );
});
