// normalizeLineEndings looks for a CR only before the first LF: the same answer as the whole-file search it replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLineEndings } from '../../server/src/data/sniff.ts';

/** The whole-file version (the first CR anywhere), as it was. */
function reference(bytes: Uint8Array): { bytes: Uint8Array; ending: string } {
  const lf = bytes.indexOf(10);
  const cr = bytes.indexOf(13);
  if (cr < 0) return { bytes, ending: 'LF' };
  if (lf >= 0 && (lf === cr + 1 || lf < cr)) return { bytes, ending: lf === cr + 1 ? 'CRLF' : 'LF' };
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < out.length; i++) if (out[i] === 13 && out[i + 1] !== 10) out[i] = 10;
  return { bytes: out, ending: 'CR' };
}

test('random mixes of CR, LF and text: the same ending and bytes as the whole-file search', () => {
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 3000; round++) {
    const bytes = Uint8Array.from({ length: Math.floor(rand() * 12) }, () => {
      const r = rand();
      return r < 0.2 ? 13 : r < 0.4 ? 10 : 49;
    });
    const got = normalizeLineEndings(bytes);
    const want = reference(bytes);
    const what = `bytes [${Array.from(bytes).join(',')}]`;
    assert.equal(got.ending, want.ending, what);
    assert.deepEqual(Array.from(got.bytes), Array.from(want.bytes), what);
  }
});
