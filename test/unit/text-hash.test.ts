// FitJson.source.textHash is FNV-1a 64 of the UTF-8 bytes: checked against the published FNV test vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textHash } from '../../server/src/fit/text-hash.ts';

// From the FNV reference test suite (http://www.isthe.com/chongo/src/fnv/test_fnv.c), 64-bit FNV-1a.
const VECTORS: [string, string][] = [
  ['', 'cbf29ce484222325'],
  ['a', 'af63dc4c8601ec8c'],
  ['foobar', '85944171f73967e8'],
];

test('textHash matches the FNV-1a 64 reference vectors', () => {
  for (const [text, want] of VECTORS) assert.equal(textHash(text), want, `textHash(${JSON.stringify(text)})`);
});

test('textHash hashes UTF-8 bytes, so non-ASCII text differs from its code units', () => {
  assert.notEqual(textHash('µ'), textHash('\u00b5\u0000'));
  assert.equal(textHash('µ').length, 16);
});
