// Hover on inline models, `|` marking the cursor: distributions, functions, columns, parameters, lets, fit options, the data file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import { parseDelimited } from '../../server/src/data/table.ts';
import { hover } from '../../server/src/features/hover.ts';

const CSV = 'y,x,g\n1.5,2,0\n2.5,NA,1\n3.5,4,1\n6,8,0\n';
const table = parseDelimited(CSV, ',');
if (!table.ok) throw new Error(table.error);
const DATA: DataLoad = { ok: true, path: 'd.csv', table: table.table };

const MODEL = `data "d.csv"
param a, b
param s > 0 init 1
param unused
let m = a + b * x
y ~ Normal(m, s)
derive ratio = exp(b)
fit ci = profile
`;

/** The hover Markdown where `marker` (a unique snippet with `|` in it) stands in MODEL. */
function hoverAt(marker: string): string | undefined {
  const at = MODEL.indexOf(marker.replace('|', ''));
  assert.ok(at >= 0, `${marker} not in the model`);
  return hover(analyze(MODEL, DATA), at + marker.indexOf('|'))?.markdown;
}

test('a distribution: signature, density, support, arguments, mean and variance', () => {
  const md = hoverAt('Nor|mal');
  assert.match(md ?? '', /\*\*Normal\*\*\(mu, sigma\) — continuous distribution/);
  assert.match(md ?? '', /support:\*\* all real numbers/);
  assert.match(md ?? '', /- `sigma`: standard deviation \(> 0\)/);
  assert.match(md ?? '', /\*\*mean:\*\* `mu` · \*\*variance:\*\* `sigma\^2`/);
});

test('a function', () => {
  assert.match(hoverAt('e|xp(b)') ?? '', /\*\*function\*\* `exp\(x\)`/);
});

test('a column: type, size, missing, range and distinct values, and whether the model uses it', () => {
  const x = hoverAt('b * |x') ?? '';
  assert.match(x, /\*\*column\*\* `x` · numeric \(integer\) · from `d.csv`/);
  assert.match(x, /n = 4 · missing 1/);
  assert.match(x, /min 2 · mean 4\.667 · max 8/);
  assert.match(x, /values: 2, 4, 8/);
  assert.match(x, /3 of 4 rows are used/);
  assert.match(hoverAt('|y ~') ?? '', /numeric · from/);
});

test('a parameter: constraint, init and where it is used', () => {
  const s = hoverAt('param |s') ?? '';
  assert.match(s, /\*\*parameter\*\* `s` > 0 · init 1/);
  assert.match(s, /Used in: likelihood of `y` \(line 6\)/);
  assert.match(hoverAt('a + |b') ?? '', /Used in: let `m` \(line 5\), derive `ratio` \(line 7\)/);
  assert.match(hoverAt('param |unused') ?? '', /\(unconstrained\)[\s\S]*Not used in the model/);
});

test('a let says whether it is per row; a derive what is reported', () => {
  assert.match(hoverAt('Normal(|m') ?? '', /\*\*let\*\* `m` = `a \+ b \* x`[\s\S]*One value per row \(uses `x`\)/);
  assert.match(hoverAt('derive |ratio') ?? '', /\*\*derive\*\* `ratio` = `exp\(b\)`[\s\S]*delta-method/);
});

test('fit options, keywords and the data file', () => {
  assert.match(hoverAt('fit |ci') ?? '', /\*\*fit option\*\* `ci` — `wald` \| `profile`/);
  assert.match(hoverAt('ci = pro|file') ?? '', /fit option/);
  assert.match(hoverAt('|derive') ?? '', /delta-method SE/);
  assert.match(
    hoverAt('"d.|csv"') ?? '',
    /\*\*data\*\* `d.csv` — 4 rows · 3 used, 1 dropped[\s\S]*3 columns: `y`, `x`, `g`/,
  );
});

test('nothing on punctuation or numbers', () => {
  assert.equal(hoverAt('y |~'), undefined);
  assert.equal(hoverAt('> |0'), undefined);
});
