// Messy and hostile data files, each with its expected reading or the error that names what is wrong (never a guess).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parseDataFile, type DataParse } from '../../server/src/data/table.ts';
import { analyze, linkedData } from '../../server/src/language/analyze.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import type { Diagnostic } from '../../server/src/language/diagnostics.ts';
import { hover } from '../../server/src/features/hover.ts';
import { sharedTable } from '../../server/src/node/data-worker-protocol.ts';

const show = (input: string | Uint8Array, r: DataParse): string =>
  `input: ${JSON.stringify(typeof input === 'string' ? input : `<${input.length} bytes>`)}\nresult: ${
    r.ok ? JSON.stringify(r.table.columns.map((c) => [c.name, Array.from(c.values)])) : r.error
  }`;

function columns(input: string | Uint8Array, path = 'd.csv', na?: string[]): Record<string, number[]> {
  const r = parseDataFile(path, input, na ? { na } : {});
  assert.ok(r.ok, show(input, r));
  return Object.fromEntries(r.table.columns.map((c) => [c.name, Array.from(c.values)]));
}

function error(input: string | Uint8Array, ...mentions: RegExp[]): string {
  const r = parseDataFile('d.csv', input);
  assert.ok(!r.ok, `expected an error\n${show(input, r)}`);
  for (const m of mentions) assert.match(r.error, m, show(input, r));
  return r.error;
}

describe('rows with more or fewer fields than the header are errors naming the line and the counts', () => {
  test('a decimal comma (1,5) is not truncated to 1: the hint names it', () => {
    const e = error('y,x\n2.0,1\n1,5,2\n', /line 3 has 3 comma-separated fields but the header has 2/, /`1,5`/);
    assert.match(e, /decimal comma/);
  });
  test('a thousands separator (6,084.0) is not read as 6', () => {
    error('y,x\n6,084.0,2\n', /line 2 has 3 .* header has 2/, /`6,084\.0` .*thousands separator/);
  });
  test('6,084 (thousands or decimal?) names both readings', () => {
    error('y,x\n6,084,2\n', /thousands separator or a decimal comma/);
  });
  test('too few fields: line and counts, blank lines counted in the line number', () => {
    error('y,x,z\n1,2,3\n\n4,5\n', /line 4 has 2 comma-separated fields but the header has 3/);
  });
  test('the count of further ragged lines is given', () => {
    error('y,x\n1,2,3\n4,5,6\n7,8\n9\n', /line 2 .*\(2 more lines also differ\)/);
    error('y,x\n1,2,3\n4,5,6\n7,8\n', /line 2 .*\(1 more line also differs\)/);
  });
  test('a `;` in a comma file suggests the delimiter', () => {
    error('y,x\n1;2\n', /line 2 has 1 comma-separated field but/, /`;`-separated/);
  });
  test('quoted fields get no decimal-comma guess (the comma is not visibly inside a number)', () => {
    const e = error('"y","x"\n"1","2","3"\n', /line 2 has 3/);
    assert.doesNotMatch(e, /decimal comma/);
  });
  test('the byte scan and papaparse report the same line (fast path vs quoted path)', () => {
    const plain = 'y,x\n1,2\n\n3,4,5\n';
    const quoted = '"y",x\n1,2\n\n3,4,5\n';
    const a = error(plain, /line 4/);
    const b = error(quoted, /line 4/);
    assert.equal(a, b);
  });
  test('a ragged line deep in a large file is found by the byte scan', () => {
    const lines = ['y,x'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i % 7}`);
    lines[40_000] = '1,5,3';
    error(lines.join('\n'), /line 40001 has 3 /);
  });
  test('an unclosed quote names its line instead of swallowing the rest of the file', () => {
    error('y,x\n1,2\n"3,4\n5,6\n', /line 3 opens a quoted field that is never closed/);
  });
});

describe('the delimiter is detected; `;` with decimal commas is the European CSV', () => {
  test('`;` and decimal commas: 1,5 is 1.5, and the format is recorded', () => {
    const r = parseDataFile('d.csv', 'y;x\n1,5;2\n-0,25;3,0e1\n');
    assert.ok(r.ok, show('', r));
    assert.deepEqual(Array.from(r.table.byName.get('y')!.values), [1.5, -0.25]);
    assert.deepEqual(Array.from(r.table.byName.get('x')!.values), [2, 30]);
    assert.deepEqual(
      { ...r.table.format, na: undefined },
      {
        delimiter: ';',
        decimalComma: true,
        lineEnding: 'LF',
        na: undefined,
      },
    );
  });
  test('with decimal commas a dotted number is unreadable, never 3.25 nor 325', () => {
    const r = parseDataFile('d.csv', 'y;x\n1,5;2\n2;3.25\n');
    assert.ok(r.ok);
    const x = r.table.byName.get('x')!;
    assert.ok(Number.isNaN(x.values[1]));
    assert.deepEqual(x.firstNonNumeric, { row: 2, text: '3.25' });
  });
  test('the byte scan and papaparse read a `;` decimal-comma file alike', () => {
    const body = '1,5;2\n2;3.25\n;NA\n-1,0e2;7\n';
    assert.deepEqual(columns(`y;x\n${body}`), columns(`"y";x\n${body}`));
    assert.deepEqual(columns(`y;x\n${body}`).y, [1.5, 2, NaN, -100]);
  });
  test('`;` without any comma keeps decimal points', () => {
    assert.deepEqual(columns('y;x\n1.5;2\n2;3.25\n'), { y: [1.5, 2], x: [2, 3.25] });
  });
  test('a tab-separated .csv and a comma-separated .tsv are read by their header', () => {
    assert.deepEqual(columns('y\tx\n1\t2\n'), { y: [1], x: [2] });
    assert.deepEqual(columns('y,x\n1,2\n', 'd.tsv'), { y: [1], x: [2] });
  });
  test('hexadecimal and Infinity are not numbers in a data file', () => {
    const r = parseDataFile('d.csv', 'y,x\n0x1F,Infinity\n');
    assert.ok(r.ok);
    assert.equal(r.table.byName.get('y')!.nonNumeric, 1);
    assert.equal(r.table.byName.get('x')!.nonNumeric, 1);
  });
});

describe('headers, binary files and line endings', () => {
  test('duplicate column names are an error (the last one does not silently win)', () => {
    error('y,x,y\n1,2,3\n', /two columns `y` \(columns 1 and 3\)/);
    error('"y","x","y"\n1,2,3\n', /two columns `y`/);
  });
  test('an empty header name is an error', () => {
    error('y,,x\n1,2,3\n', /column 2 of the header has no name/);
    error('y,x,\n1,2,\n', /column 3 .* no name \(does the header line end with a delimiter\?\)/);
  });
  test('gzip, zip (xlsx), xls, UTF-16 and NUL bytes are named, not parsed', () => {
    error(gzipSync(Buffer.from('y,x\n1,2\n')), /gzip/);
    error(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /ZIP archive .*xlsx/);
    error(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), /Excel/);
    error(new Uint8Array([0xff, 0xfe, 0x79, 0, 0x2c, 0]), /UTF-16/);
    error(new Uint8Array([0x79, 0x2c, 0x78, 0x0a, 0x31, 0, 0x32]), /NUL bytes/);
  });
  test('LF, CRLF and CR-only line endings read the same table', () => {
    const want = { y: [1, 3], x: [2, 4] };
    assert.deepEqual(columns('y,x\n1,2\n3,4\n'), want);
    assert.deepEqual(columns('y,x\r\n1,2\r\n3,4\r\n'), want);
    assert.deepEqual(columns('y,x\r1,2\r3,4\r'), want);
    assert.deepEqual(columns('"y",x\r1,2\r3,4'), want);
  });
  test('a Windows-1252 header (not valid UTF-8) keeps its accents', () => {
    const bytes = new Uint8Array([...Buffer.from('caf'), 0xe9, ...Buffer.from(',x\n1,2\n')]);
    assert.deepEqual(Object.keys(columns(bytes)), ['café', 'x']);
  });
});

describe('missing-value spellings: v1 defaults, or the model’s own list', () => {
  test('defaults: empty, NA, NaN and . are missing', () => {
    const r = parseDataFile('d.csv', 'y\n1\n\nNA\nNaN\n.\n-\n');
    assert.ok(r.ok);
    const y = r.table.byName.get('y')!;
    assert.equal(y.missing, 3);
    assert.equal(y.nonNumeric, 1);
  });
  test('`na "-", "n/a"` replaces the defaults (NA is then text), in both parsing paths', () => {
    for (const text of ['y,x\n1,-\n2,n/a\n3,NA\n4,\n', '"y",x\n1,-\n2,n/a\n3,NA\n4,\n']) {
      const r = parseDataFile('d.csv', text, { na: ['-', 'n/a'] });
      assert.ok(r.ok);
      const x = r.table.byName.get('x')!;
      assert.equal(x.missing, 3, text);
      assert.equal(x.nonNumeric, 1, text);
      assert.equal(x.firstNonNumeric?.text, 'NA');
    }
  });
  test('a numeric missing code (-999) is missing, not the number, even on the byte-scan path', () => {
    const r = parseDataFile('d.csv', 'y,x\n1,-999\n2,5\n', { na: ['-999'] });
    assert.ok(r.ok);
    assert.deepEqual(Array.from(r.table.byName.get('x')!.values), [NaN, 5]);
  });
  test('the grammar carries `na` to the edge (lexing) and to the tree (parsing)', () => {
    const text = 'data "d.csv" na "-", "n/a"\nna ~ Normal(0, 1)\n';
    assert.deepEqual(linkedData(text), { path: 'd.csv', na: ['-', 'n/a'] });
    const an = analyze(text);
    assert.deepEqual(an.dataStmt?.na?.values, ['-', 'n/a']);
    assert.equal(an.diagnostics.filter((d) => d.code === 'syntax').length, 0, 'a column called `na` still parses');
    assert.deepEqual(linkedData('data "d.csv"\nna ~ Normal(0, 1)\n'), { path: 'd.csv' });
    const plain = analyze('data "d.csv"\nna ~ Normal(0, 1)\n');
    assert.deepEqual(
      plain.diagnostics.filter((d) => d.code === 'syntax'),
      [],
      'a data statement followed by a column called `na`',
    );
    assert.deepEqual(
      plain.file.statements.map((st) => st.kind),
      ['data', 'likelihood'],
    );
  });
  test('a `na` clause without a string is a syntax error, not silently ignored', () => {
    const an = analyze('data "d.csv" na "-",\nparam a\n');
    assert.ok(an.diagnostics.some((d) => d.code === 'syntax'));
    const misspelt = analyze('data "d.csv" nb "-"\nparam a\n');
    assert.ok(
      misspelt.diagnostics.some((d) => d.code === 'syntax'),
      'only `na` introduces the clause',
    );
    assert.equal(misspelt.dataStmt?.na, undefined);
  });
});

/** Inline data as the edge delivers it. */
function inline(csv: string, na?: string[]): DataLoad {
  const r = parseDataFile('d.csv', csv, na ? { na } : {});
  return r.ok ? { ok: true, path: 'd.csv', table: r.table } : { ok: false, path: 'd.csv', error: r.error };
}
const diags = (ds: readonly Diagnostic[]): string => ds.map((d) => `${d.severity}[${d.code}] ${d.message}`).join('\n');

describe('what the model author sees', () => {
  const model = (na = ''): string => `data "d.csv"${na}\nparam a\nparam s > 0\ny ~ Normal(a + x, s)\n`;
  test('a `;` file is fitted and the data summary says how it was read', () => {
    const an = analyze(model(), inline('y;x\n1,5;1\n2,5;2\n2,0;1,5\n3,5;3\n'));
    const info = an.diagnostics.find((d) => d.code === 'data-format');
    assert.ok(info && info.severity === 'info', diags(an.diagnostics));
    assert.match(info.message, /semicolon-separated .*decimal commas/);
    const r = runFit(an, 'm.mle');
    assert.ok(r.ok, diags(an.diagnostics));
    // Closed form: a = mean(y - x) = (0.5 + 0.5 + 0.5 + 0.5) / 4.
    assert.ok(Math.abs((r.result.parameters[0].estimate ?? NaN) - 0.5) < 1e-9, JSON.stringify(r.result.parameters));
  });
  test('the data summary (hover on the path) says so too, also for the table the data worker shares', () => {
    const data = inline('y;x\n1,5;1\n2,5;2\n');
    assert.ok(data.ok);
    const shared: DataLoad = { ...data, table: sharedTable(data.table) };
    const text = model();
    const h = hover(analyze(text, shared), text.indexOf('d.csv'));
    assert.match(h?.markdown ?? '', /read as semicolon-separated with decimal commas/);
  });
  test('a ragged file is a data-file error quoting the reason', () => {
    const an = analyze(model(), inline('y,x\n1,5,2\n'));
    const e = an.diagnostics.find((d) => d.code === 'data-file');
    assert.ok(e && e.severity === 'error', diags(an.diagnostics));
    assert.match(e.message, /line 2 has 3 .*decimal comma/);
  });
  test('"null" and "n/a" cells suggest the `na` clause, not an indicator column', () => {
    const an = analyze(model(), inline('y,x\n1,2\n2,null\n3,n/a\n4,5\n'));
    const e = an.diagnostics.find((d) => d.code === 'non-numeric');
    assert.ok(e, diags(an.diagnostics));
    assert.match(e.message, /missing-value marker/);
    assert.match(e.message, /data "d\.csv" na "NA", "NaN", "\.", "null", "n\/a"/);
    assert.doesNotMatch(e.message, /indicator/);
  });
  test('with the `na` clause the same file fits, the marked rows dropped', () => {
    const an = analyze(model(' na "null", "n/a"'), inline('y,x\n1,2\n2,null\n3,n/a\n4,5\n5,6\n', ['null', 'n/a']));
    const r = runFit(an, 'm.mle');
    assert.ok(r.ok, diags(an.diagnostics));
    assert.equal(r.result.data?.rowsUsed, 3);
  });
  test('a real category is a factor: the message shows the index form, not an indicator column', () => {
    const an = analyze(model(), inline('y,x\n1,a\n2,b\n'));
    const m = an.diagnostics.find((d) => d.code === 'non-numeric')!.message;
    assert.match(m, /factor \(levels a, b\).*b\[x\]/);
    assert.doesNotMatch(m, /indicator/);
  });
  test('a dotted number in a decimal-comma file says why it is not a number', () => {
    const an = analyze(model(), inline('y;x\n1,5;2\n2;3.25\n'));
    assert.match(an.diagnostics.find((d) => d.code === 'non-numeric')!.message, /decimal commas .* write 3,25/);
  });
  test('a quoted thousands-separated number says so', () => {
    const an = analyze(model(), inline('y,x\n1,"6,084.0"\n'));
    assert.match(an.diagnostics.find((d) => d.code === 'non-numeric')!.message, /thousands separators.*6084\.0/);
  });
});

describe('names: a declaration may shadow pi or a function only with a warning; a quoted name is a column', () => {
  const csv = 'y,pi,exp\n1,10,1\n2,20,2\n3,30,3\n5,40,5\n';
  const fit = (text: string, data = inline(csv)) => {
    const an = analyze(text, data);
    const r = runFit(an, 'm.mle');
    assert.ok(r.ok, diags(an.diagnostics));
    return { an, est: Object.fromEntries(r.result.parameters.map((p) => [p.name, p.estimate ?? NaN])) };
  };
  test('a column named pi, written `pi`, is the column (not 3.14159)', () => {
    const { an, est } = fit('data "d.csv"\nparam b\nparam s > 0\ny ~ Normal(b * `pi`, s)\n');
    // Closed form, least squares through the origin: b = Σ y·pi / Σ pi².
    const b = (1 * 10 + 2 * 20 + 3 * 30 + 5 * 40) / (100 + 400 + 900 + 1600); // 340 / 3000
    assert.ok(Math.abs(est.b - b) < 1e-8, `b = ${est.b}, want ${b}`);
    assert.ok(an.diagnostics.some((d) => d.code === 'shadowed-name' && d.severity === 'warning'));
  });
  test('a column named pi, written pi, is the column too, with a warning', () => {
    const { an, est } = fit('data "d.csv"\nparam b\nparam s > 0\ny ~ Normal(b * pi, s)\n');
    assert.ok(Math.abs(est.b - 340 / 3000) < 1e-8, `b = ${est.b}, want Σ y·pi / Σ pi² = 340 / 3000`);
    assert.match(an.diagnostics.find((d) => d.code === 'shadowed-name')!.message, /means it, not the constant/);
  });
  test('a parameter named pi is the parameter', () => {
    const { an, est } = fit('data "d.csv"\nparam pi\nparam s > 0\ny ~ Normal(pi, s)\n', inline('y\n1\n2\n3\n5\n'));
    assert.ok(Math.abs(est.pi - 2.75) < 1e-8, `pi = ${est.pi}`);
    assert.ok(an.diagnostics.some((d) => d.code === 'shadowed-name'));
  });
  test('a `let` named pi is the let', () => {
    const { est } = fit(
      'data "d.csv"\nparam a\nparam s > 0\nlet pi = 0\ny ~ Normal(a + pi, s)\n',
      inline('y\n1\n2\n3\n5\n'),
    );
    assert.ok(Math.abs(est.a - 2.75) < 1e-8, `a = ${est.a}`);
  });
  test('without a declaration pi is the constant, no warning', () => {
    const { an, est } = fit('data "d.csv"\nparam b\nparam s > 0\ny ~ Normal(b * pi, s)\n', inline('y\n1\n2\n3\n5\n'));
    assert.ok(Math.abs(est.b - 11 / 4 / Math.PI) < 1e-8, `b = ${est.b}`);
    assert.ok(!an.diagnostics.some((d) => d.code === 'shadowed-name'));
  });
  test('a quoted `pi` with no such column is an unknown name, never π', () => {
    const an = analyze('data "d.csv"\nparam b\nparam s > 0\ny ~ Normal(b * `pi`, s)\n', inline('y\n1\n2\n'));
    assert.ok(
      an.diagnostics.some((d) => d.code === 'unknown-name' && /`pi`/.test(d.message)),
      diags(an.diagnostics),
    );
  });
  test('a column named like a function: the call still calls, the bare name is the column, with a warning', () => {
    const { an, est } = fit('data "d.csv"\nparam b\nparam s > 0\ny ~ Normal(b * exp + 0 * exp(0), s)\n');
    assert.ok(Math.abs(est.b - (1 + 4 + 9 + 25) / (1 + 4 + 9 + 25)) < 1e-8, `b = ${est.b}`);
    assert.match(
      an.diagnostics.find((d) => d.code === 'shadowed-name')!.message,
      /`exp\(…\)` still calls the function/,
    );
  });
});
