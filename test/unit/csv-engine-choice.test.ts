// Which reader takes a large CSV: DuckDB only when the model reads fewer than half of its columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readsFewColumns } from '../../server/src/node/data-engine.ts';

test('fewer than half of the header names used: DuckDB; half or more, or unknown: the JS reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mle-engine-'));
  const csv = join(dir, 'd.csv');
  writeFileSync(csv, 'y,x1,x2,x3,x4,x5\n1,2,3,4,5,6\n');
  assert.equal(readsFewColumns(csv, new Set(['y', 'x1'])), true);
  assert.equal(readsFewColumns(csv, new Set(['y', 'x1', 'x2'])), false);
  assert.equal(readsFewColumns(csv, new Set(['y', 'x1', 'x2', 'x3', 'x4', 'x5'])), false);
  assert.equal(readsFewColumns(csv, undefined), false);
  const semi = join(dir, 's.csv');
  writeFileSync(semi, 'y;a;b;c\n1;2;3;4\n');
  assert.equal(readsFewColumns(semi, new Set(['y'])), true);
});
