// Table export formats: CSV quoting (RFC 4180), Markdown pipe escaping and alignment, LaTeX specials; estimate rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRows, toCsv, toLatex, toMarkdown } from '../../client/webview/table-export.ts';
import type { FitJson } from '../../server/src/protocol.ts';

const rows = [
  ['Parameter', 'Estimate', 'Note'],
  ['b_x', '-1.5', 'a, "quoted" note'],
  ['s|2', '1e-12', 'line\nbreak'],
  ['r_100%', '—', 'x_1 & {y} $z$ #~^\\'],
];

test('CSV: commas, quotes and line breaks quoted with doubled quotes; CRLF rows', () => {
  assert.equal(
    toCsv(rows),
    'Parameter,Estimate,Note\r\nb_x,-1.5,"a, ""quoted"" note"\r\ns|2,1e-12,"line\nbreak"\r\nr_100%,—,x_1 & {y} $z$ #~^\\\r\n',
  );
});

test('Markdown: pipes and backslashes escaped, line breaks flattened, numeric column right-aligned', () => {
  const md = toMarkdown(rows).split('\n');
  assert.equal(md[0], '| Parameter | Estimate | Note |');
  assert.equal(md[1], '| --- | ---: | --- |');
  assert.equal(md[3], '| s\\|2 | 1e-12 | line break |');
  assert.equal(md[4], '| r_100% | — | x_1 & {y} $z$ #~^\\\\ |');
});

test('LaTeX: every TeX special escaped, a booktabs tabular with r for numeric columns', () => {
  const tex = toLatex(rows).split('\n');
  assert.equal(tex[0], '\\begin{tabular}{lrl}');
  assert.equal(tex[2], 'Parameter & Estimate & Note \\\\');
  assert.equal(tex[4], 'b\\_x & -1.5 & a, "quoted" note \\\\');
  assert.equal(
    tex[6],
    'r\\_100\\% & --- & x\\_1 \\& \\{y\\} \\$z\\$ \\#\\textasciitilde{}\\textasciicircum{}\\textbackslash{} \\\\',
  );
  assert.equal(tex.at(-2), '\\end{tabular}');
});

test('estimate rows: full precision, empty for null, the status of a non-regular parameter', () => {
  const fit = {
    parameters: [
      { name: 'a', estimate: 0.1234567890123, se: 0.01, z: 12.3, p: 1e-30, ci: { wald: [0.1, 0.14] }, seRobust: null },
      {
        name: 'b',
        estimate: 2,
        se: null,
        z: null,
        p: null,
        ci: { wald: [null, null] },
        seRobust: null,
        notIdentified: true,
      },
      { name: 's', estimate: 0, se: null, z: null, p: null, ci: { wald: [null, null] }, seRobust: null, edge: 0 },
    ],
    derived: [],
  } as unknown as FitJson;
  const r = estimateRows(fit);
  assert.deepEqual(r[1].slice(0, 5), ['a', '0.1234567890123', '0.01', '12.3', '1e-30']);
  assert.equal(r[2][2], '');
  assert.equal(r[2].at(-1), 'not identified');
  assert.equal(r[3].at(-1), 'at bound 0');
});
