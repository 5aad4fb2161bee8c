// LineIndex offset <-> LSP position conversion: round trips, CRLF, the last line, clamping, and agreement with TextDocument.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type Position } from '../../server/src/language/positions.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

const pos = (line: number, character: number): Position => ({ line, character });

describe('position(offset)', () => {
  // text, offset, expected position
  const cases: [string, number, Position][] = [
    ['', 0, pos(0, 0)],
    ['abc', 0, pos(0, 0)],
    ['abc', 2, pos(0, 2)],
    ['abc', 3, pos(0, 3)], // end of a last line without newline
    ['ab\ncd', 2, pos(0, 2)], // the newline itself belongs to line 0
    ['ab\ncd', 3, pos(1, 0)],
    ['ab\ncd', 5, pos(1, 2)],
    ['ab\n', 3, pos(1, 0)], // after a trailing newline: an empty last line
    ['\n\n', 1, pos(1, 0)],
    ['\n\n', 2, pos(2, 0)],
    ['ab\r\ncd', 2, pos(0, 2)], // CRLF: \r ends line 0's content
    ['ab\r\ncd', 4, pos(1, 0)],
    ['ab\r\ncd', 6, pos(1, 2)],
    ['a\r\n\r\nb', 5, pos(2, 0)],
    ['a😀b\nc', 3, pos(0, 3)], // UTF-16 code units, as LSP counts them: the emoji is two
    ['a😀b\nc', 5, pos(1, 0)],
  ];
  for (const [text, offset, expected] of cases) {
    test(`${JSON.stringify(text)} @${offset}`, () =>
      assert.deepEqual(
        new LineIndex(text).position(offset),
        expected,
        `position(${offset}) in ${JSON.stringify(text)}`,
      ));
  }
});

describe('offset(position)', () => {
  const cases: [string, Position, number][] = [
    ['', pos(0, 0), 0],
    ['ab\ncd', pos(0, 0), 0],
    ['ab\ncd', pos(0, 2), 2],
    ['ab\ncd', pos(1, 0), 3],
    ['ab\ncd', pos(1, 2), 5],
    ['ab\r\ncd', pos(1, 1), 5],
    ['ab\r\ncd', pos(0, 2), 2],
    ['a😀b', pos(0, 3), 3],
  ];
  for (const [text, p, expected] of cases) {
    test(`${JSON.stringify(text)} ${JSON.stringify(p)}`, () =>
      assert.equal(new LineIndex(text).offset(p), expected, `offset(${JSON.stringify(p)}) in ${JSON.stringify(text)}`));
  }
});

describe('clamping out-of-range input', () => {
  const cases: [string, string, () => unknown, unknown][] = [
    ['negative offset → start', 'ab\ncd', () => new LineIndex('ab\ncd').position(-5), pos(0, 0)],
    ['offset past the end → end', 'ab\ncd', () => new LineIndex('ab\ncd').position(99), pos(1, 2)],
    ['offset past the end of empty text', '', () => new LineIndex('').position(3), pos(0, 0)],
    [
      'character past the end of a line → end of that line',
      'ab\ncd',
      () => new LineIndex('ab\ncd').offset(pos(0, 99)),
      2,
    ],
    [
      'character past the end of the last line → end of text',
      'ab\ncd',
      () => new LineIndex('ab\ncd').offset(pos(1, 99)),
      5,
    ],
    ['line past the last → end of text', 'ab\ncd', () => new LineIndex('ab\ncd').offset(pos(7, 0)), 5],
    ['negative character → start of the line', 'ab\ncd', () => new LineIndex('ab\ncd').offset(pos(1, -4)), 3],
    ['negative line → start of text', 'ab\ncd', () => new LineIndex('ab\ncd').offset(pos(-1, 5)), 0],
    ['negative line and character → start of text', 'ab\ncd', () => new LineIndex('ab\ncd').offset(pos(-3, -3)), 0],
    [
      'CRLF: character past the end of a line stops before \\r\\n',
      'ab\r\ncd',
      () => new LineIndex('ab\r\ncd').offset(pos(0, 99)),
      2,
    ],
    [
      'CRLF: an offset between \\r and \\n maps to the end of the line',
      'ab\r\ncd',
      () => new LineIndex('ab\r\ncd').position(3),
      pos(0, 2),
    ],
  ];
  for (const [what, text, run, expected] of cases) {
    test(what, () => assert.deepEqual(run(), expected, `${what} in ${JSON.stringify(text)}`));
  }
});

describe('round trips', () => {
  const texts = [
    '',
    'x',
    'param a\nparam b',
    'param a\nparam b\n',
    'a\n\n\nb',
    'data "x.csv"\r\nparam a\r\n\r\ny ~ Normal(a, 1)',
    'é😀\n😀é\n',
    '\n',
    '\r\n',
  ];

  test('offset(position(o)) = o for every offset that is not inside a CRLF pair', () => {
    for (const text of texts) {
      const idx = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        if (text[o - 1] === '\r' && text[o] === '\n') continue;
        assert.equal(idx.offset(idx.position(o)), o, `round trip of offset ${o} in ${JSON.stringify(text)}`);
      }
    }
  });

  test('position(offset(p)) = p for every position on a line (line end included)', () => {
    for (const text of texts) {
      const idx = new LineIndex(text);
      const lines = text.split(/\r?\n/);
      assert.equal(idx.lineCount, lines.length, `lineCount of ${JSON.stringify(text)}`);
      lines.forEach((l, line) => {
        for (let character = 0; character <= l.length; character++) {
          assert.deepEqual(
            idx.position(idx.offset(pos(line, character))),
            pos(line, character),
            `round trip of ${line}:${character} in ${JSON.stringify(text)}`,
          );
        }
      });
    }
  });

  test('range(span) converts both ends', () => {
    const text = 'param a\r\nparam sigma > 0\r\n';
    const start = text.indexOf('sigma');
    assert.deepEqual(new LineIndex(text).range({ start, end: start + 5 }), { start: pos(1, 6), end: pos(1, 11) });
    assert.deepEqual(new LineIndex(text).range({ start: 0, end: text.length }), { start: pos(0, 0), end: pos(2, 0) });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// vscode-languageserver-textdocument implements the LSP rules; LineIndex must agree with it.

function randomText(next: () => number, pieces: string[]): string {
  let s = '';
  const n = Math.floor(next() * 30);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)];
  return s;
}

/**
 * Compares every offset and a grid of positions with TextDocument: characters in and out of range, lines from 0 to
 * past the end (negative lines are in the clamping table above).
 */
function compareWithTextDocument(text: string): void {
  const idx = new LineIndex(text);
  const doc = TextDocument.create('file:///x.mle', 'mle', 1, text);
  const where = JSON.stringify(text);
  assert.equal(idx.lineCount, doc.lineCount, `lineCount of ${where}`);
  for (let o = -2; o <= text.length + 2; o++)
    assert.deepEqual(idx.position(o), doc.positionAt(o), `position(${o}) in ${where}`);
  for (let line = 0; line <= doc.lineCount + 1; line++) {
    for (let character = -2; character <= text.length + 2; character++) {
      assert.equal(
        idx.offset(pos(line, character)),
        doc.offsetAt(pos(line, character)),
        `offset(${line}:${character}) in ${where}`,
      );
    }
  }
}

describe('agreement with vscode-languageserver-textdocument', () => {
  test('LF text: 200 random texts (seed 11)', () => {
    const next = rng(11);
    for (let i = 0; i < 200; i++) compareWithTextDocument(randomText(next, ['a', 'b', ' ', '\n', '\n', '😀', 'é']));
  });

  test('CRLF text: 200 random texts (seed 12)', () => {
    const next = rng(12);
    for (let i = 0; i < 200; i++) compareWithTextDocument(randomText(next, ['a', 'b', ' ', '\r\n', '\r\n', '😀']));
  });

  test('lone \\r is a line break too (LSP: \\n, \\r\\n and \\r end lines)', () => {
    for (const text of ['a\rb', 'a\r\rb\n', 'x\r\n\ry']) compareWithTextDocument(text);
  });
});
