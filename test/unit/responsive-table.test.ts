// Narrow panels (client/webview/responsive-table.ts, styles.css): the columns that do not fit move into the detail row,
// least important first (estimate, SE and p stay longest), and no rule of the stylesheet clips a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collapsedColumns } from '../../client/webview/responsive-table.ts';
import { DERIVED_COLLAPSE, PARAMETER_COLLAPSE } from '../../client/webview/tables.ts';

// Widths as measured in VS Code at 500 px (content 413 px): name 70, estimate 80, SE 80, p 70, CI 2×85, plot 172, z 70.
const groups = [
  { col: 'z', width: 70 },
  { col: 'plot', width: 172 },
  { col: 'wald', width: 170 },
  { col: 'p', width: 70 },
  { col: 'se', width: 80 },
];
const natural = 70 + 80 + 80 + 70 + 170 + 172 + 70;

test('everything stays in the row when it fits (1,200 px)', () => {
  assert.deepEqual(collapsedColumns(natural, 1200, groups), []);
  assert.deepEqual(collapsedColumns(natural, natural, groups), [], 'exactly as wide as the container');
});

test('below the measured width the fewest groups move, least important first', () => {
  // 712 − 70 (z) = 642 > 600: the plot goes too; 470 fits.
  assert.deepEqual(collapsedColumns(natural, 600, groups), ['z', 'plot']);
  // 413 px: 470 − 170 = 300 — the interval moves as well; estimate, SE and p stay.
  assert.deepEqual(collapsedColumns(natural, 413, groups), ['z', 'plot', 'wald']);
  assert.deepEqual(collapsedColumns(natural, natural - 1, groups), ['z']);
});

test('a long name wraps before a number leaves the row: its shrink counts against the overflow', () => {
  // A name 120 px wider: at 413 px p would leave the row too, unless the name wraps.
  assert.deepEqual(collapsedColumns(natural + 120, 413, groups), ['z', 'plot', 'wald', 'p']);
  assert.deepEqual(collapsedColumns(natural + 120, 413, groups, 120), ['z', 'plot', 'wald']);
  assert.deepEqual(collapsedColumns(natural + 120, natural, groups, 120), []);
});

test('when even all groups are not enough, all go (the name then wraps)', () => {
  assert.deepEqual(
    collapsedColumns(natural, 100, groups),
    groups.map((g) => g.col),
  );
});

test('estimate, SE and p leave last; z and the plot first; the name and estimate never', () => {
  for (const order of [PARAMETER_COLLAPSE, DERIVED_COLLAPSE] as readonly (readonly string[])[]) {
    assert.ok(!order.includes('estimate') && !order.includes('name'), order.join(' '));
    assert.equal(order[order.length - 1], 'se', order.join(' '));
    assert.ok(order.indexOf('plot') < order.indexOf('wald'), order.join(' '));
  }
  assert.deepEqual(PARAMETER_COLLAPSE.slice(0, 2), ['z', 'plot']);
  assert.ok(PARAMETER_COLLAPSE.indexOf('wald') < PARAMETER_COLLAPSE.indexOf('p'));
});

/** The stylesheet's rules as [selector, body] (comments removed; no nesting in this file). */
function rules(css: string): [string, string][] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => [m[1].trim(), m[2]]);
}

test('no rule clips or ellipsises text: numbers are shown in full (e.g. 1.56252e-12)', () => {
  const css = readFileSync(new URL('../../client/webview/styles.css', import.meta.url), 'utf8');
  const clipping = rules(css).filter(([, body]) => /text-overflow|overflow(-x|-y)?\s*:\s*(hidden|clip)/.test(body));
  assert.deepEqual(clipping, [], 'rules that would cut a number');
  // Cells and detail items never wrap inside a number; no max-width on a number cell squeezes one.
  const cells = rules(css).find(([sel]) => sel.replace(/\s/g, '') === 'th,td');
  assert.match(cells?.[1] ?? '', /white-space:\s*nowrap/);
  const item = rules(css).find(([sel]) => sel === '.detail-part');
  assert.match(item?.[1] ?? '', /white-space:\s*nowrap/);
  const squeezed = rules(css).filter(([sel, body]) => /\.num|\bnum\b|td\b(?!\.)/.test(sel) && /max-width/.test(body));
  assert.deepEqual(squeezed, [], 'a number cell with a max-width');
});
