// The byte-level numeric scan must agree with the papaparse path cell for cell (values, missing, non-numeric).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile, parseDelimited } from '../../server/src/data/table.ts';

const tricky =
  [
    'a,b,c,d',
    '1,-2.5,3e-3,.5',
    '5.,+7,-0,1E+22',
    '0.1234567890123456789,12345678901234567890,1e-400,1e400',
    ' 3 , 4 ,NA,',
    'TRUE,false,NaN,.',
    'x1,2,3,4',
    ',,,',
    '7,8,,',
    '9,10,11,12',
    '0.000001,123456.789012,-9.99e-5,2.2250738585072014e-308',
  ].join('\r\n') + '\n\n';

function same(x: number, y: number): boolean {
  return (Number.isNaN(x) && Number.isNaN(y)) || Object.is(x, y) || x === y;
}

test('fast scan and papaparse agree on every cell, count and first non-numeric row', () => {
  const bytes = new TextEncoder().encode(tricky);
  const fast = parseDataFile('t.csv', bytes);
  const slow = parseDelimited(tricky, ',');
  assert.ok(fast.ok && slow.ok);
  assert.equal(fast.table.rows, slow.table.rows, 'row count');
  for (const s of slow.table.columns) {
    const f: typeof s = fast.table.byName.get(s.name)!;
    assert.ok(f, `column ${s.name}`);
    for (let i = 0; i < s.values.length; i++)
      assert.ok(
        same(f.values[i], s.values[i]),
        `${s.name}[${i}]: fast ${f.values[i]} vs papaparse ${s.values[i]}\ninput:\n${tricky}`,
      );
    assert.equal(f.missing, s.missing, `${s.name} missing`);
    assert.equal(f.nonNumeric, s.nonNumeric, `${s.name} non-numeric`);
    assert.deepEqual(f.firstNonNumeric, s.firstNonNumeric, `${s.name} first non-numeric`);
    assert.ok(same(f.mean, s.mean) && same(f.min, s.min) && same(f.max, s.max), `${s.name} summary`);
  }
});

test('random decimal numbers parse exactly as Number() does (Clinger fast path or fallback)', () => {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['x,y'];
  const expect: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const digits = 1 + Math.floor(rand() * 18);
    const mant = Array.from({ length: digits }, () => Math.floor(rand() * 10)).join('');
    const dot = Math.floor(rand() * (digits + 1));
    const exp = rand() < 0.3 ? `e${Math.floor(rand() * 60) - 30}` : '';
    const text = `${rand() < 0.5 ? '-' : ''}${mant.slice(0, dot)}.${mant.slice(dot)}${exp}`.replace(/^(-?)\.$/, '$10');
    lines.push(`${text},1`);
    expect.push(Number(text));
  }
  const r = parseDataFile('r.csv', new TextEncoder().encode(lines.join('\n')));
  assert.ok(r.ok);
  const x = r.table.byName.get('x')!.values;
  expect.forEach((v, i) => assert.ok(same(x[i], v), `row ${i + 1}: "${lines[i + 1]}" → ${x[i]}, Number() gives ${v}`));
});

test('digit runs at the limits of the fast reading (9 and 10 digits, 2^53, leading zeros) read exactly as Number()', () => {
  let seed = 2026;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const digits = (k: number): string => Array.from({ length: k }, () => Math.floor(rand() * 10)).join('');
  const near = ['9007199254740991', '9007199254740992', '9007199254740993', '9007199254740999', '4503599627370497'];
  const texts: string[] = ['999999999', '1000000000', '0.999999999', '0.1000000000', '00000000000.5', '-0.0'];
  for (let i = 0; i < 20000; i++) {
    const r = rand();
    let t: string;
    if (r < 0.3) {
      // 16–17 significant digits around 2^53, with the decimal mark anywhere.
      const m = near[Math.floor(rand() * near.length)] + (rand() < 0.3 ? digits(1) : '');
      const dot = Math.floor(rand() * (m.length + 1));
      t = `${m.slice(0, dot)}.${m.slice(dot)}`;
    } else if (r < 0.6) t = `${digits(8 + Math.floor(rand() * 4))}.${digits(8 + Math.floor(rand() * 4))}`;
    else if (r < 0.8) t = `${'0'.repeat(Math.floor(rand() * 12))}${digits(1 + Math.floor(rand() * 12))}`;
    else
      t = `0.${'0'.repeat(Math.floor(rand() * 12))}${digits(1 + Math.floor(rand() * 9))}e${Math.floor(rand() * 30) - 15}`;
    texts.push(`${rand() < 0.5 ? '-' : ''}${t}`.replace(/^(-?)\.$/, '$10'));
  }
  const r = parseDataFile('r.csv', new TextEncoder().encode(['x,y', ...texts.map((t) => `${t},1`)].join('\n')));
  assert.ok(r.ok);
  const x = r.table.byName.get('x')!.values;
  texts.forEach((t, i) => assert.ok(Object.is(x[i], Number(t)), `"${t}" → ${x[i]}, Number() gives ${Number(t)}`));
});

test('a quoted body falls back to papaparse (quotes handled)', () => {
  const text = '"a","b"\n"1","x, y"\n2,3\n';
  const r = parseDataFile('q.csv', new TextEncoder().encode(text));
  assert.ok(r.ok);
  assert.deepEqual(Array.from(r.table.byName.get('a')!.values), [1, 2]);
  assert.equal(r.table.byName.get('b')!.firstNonNumeric?.text, 'x, y');
});

test('a text column (factor) read by the fast scan keeps the same cells, counts and levels as papaparse', () => {
  const text =
    ['y,grp,x', '1, A ,0.5', '2,B,1', '3,,2', '4,NA,3', '5,7,4', '6,A,5', '7,\tB,6', '8,Zé,7', '9,B,8'].join('\n') +
    '\n';
  const fast = parseDataFile('t.csv', new TextEncoder().encode(text));
  const slow = parseDelimited(text, ',');
  assert.ok(fast.ok && slow.ok);
  for (const s of slow.table.columns) {
    const f: typeof s = fast.table.byName.get(s.name)!;
    const what = `${s.name}\ninput:\n${text}`;
    assert.deepEqual(f.cells, s.cells, `cells of ${what}`);
    assert.equal(f.nonNumeric, s.nonNumeric, `nonNumeric of ${what}`);
    assert.equal(f.missing, s.missing, `missing of ${what}`);
    assert.deepEqual(f.firstNonNumeric, s.firstNonNumeric, `firstNonNumeric of ${what}`);
    assert.deepEqual(f.levels, s.levels, `levels of ${what}`);
    for (let i = 0; i < s.values.length; i++) assert.ok(same(f.values[i], s.values[i]), `${what}[${i}]`);
  }
  assert.deepEqual(fast.table.byName.get('grp')!.cells, ['A', 'B', '', 'NA', '7', 'A', 'B', 'Zé', 'B']);
});

test('random bodies mixing plain numbers with spaces, gaps, text, CRLF and blank lines: fast scan = papaparse', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cell = (): string => {
    const r = rand();
    if (r < 0.6) return (rand() * 200 - 100).toFixed(Math.floor(rand() * 8));
    if (r < 0.7) return ` ${Math.floor(rand() * 50)} `;
    if (r < 0.78) return '';
    if (r < 0.84) return 'NA';
    if (r < 0.9) return `${Math.floor(rand() * 9)}e${Math.floor(rand() * 9) - 4}`;
    return '-.5';
  };
  for (let round = 0; round < 20; round++) {
    const lines = ['a,b,c'];
    for (let i = 0; i < 200; i++) lines.push(rand() < 0.03 ? '' : [cell(), cell(), cell()].join(','));
    const text = lines.join(rand() < 0.5 ? '\n' : '\r\n') + (rand() < 0.5 ? '\n' : '');
    const fast = parseDataFile('t.csv', new TextEncoder().encode(text));
    const slow = parseDelimited(text, ',');
    assert.ok(fast.ok && slow.ok, `round ${round}`);
    assert.equal(fast.table.rows, slow.table.rows, `rows, round ${round}`);
    for (const s of slow.table.columns) {
      const f: typeof s = fast.table.byName.get(s.name)!;
      for (let i = 0; i < s.values.length; i++)
        assert.ok(same(f.values[i], s.values[i]), `${s.name}[${i}] ${f.values[i]} vs ${s.values[i]}\n${text}`);
      assert.equal(f.values.length, s.values.length);
      assert.equal(f.missing, s.missing, `${s.name} missing\n${text}`);
      // The scan tallies the summaries as it reads; the general path sweeps the column afterwards: the same doubles.
      for (const k of ['min', 'max', 'mean', 'integer'] as const)
        assert.ok(Object.is(f[k], s[k]), `${s.name} ${k}: fast ${f[k]} vs papaparse ${s[k]}\n${text}`);
      assert.deepEqual(f.distinct, s.distinct, `${s.name} distinct\n${text}`);
    }
  }
});
