// Tables as text for the clipboard or a file: CSV (RFC 4180), Markdown (GitHub pipes) and LaTeX (tabular); pure.
import type { FitJson } from '../../server/src/protocol.ts';

export type TableFormat = 'csv' | 'markdown' | 'latex';
/** The first row is the header. */
export type Rows = readonly (readonly string[])[];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function toCsv(rows: Rows): string {
  const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** GitHub Markdown: pipes escaped, line breaks flattened; numeric columns (all cells numbers or "—") right-aligned. */
export function toMarkdown(rows: Rows): string {
  if (rows.length === 0) return '';
  const cell = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const numeric = rows[0].map((_, j) => rows.length > 1 && rows.slice(1).every((r) => isNumberText(r[j] ?? '')));
  const line = (r: readonly string[]): string => `| ${r.map(cell).join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n') + '\n';
}

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '—': '---',
  '−': '-',
  '∞': '$\\infty$',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** A booktabs tabular; TeX's specials escaped, line breaks flattened (a newline would end the row), numbers right. */
export function toLatex(rows: Rows): string {
  if (rows.length === 0) return '';
  const esc = (v: string): string => v.replace(/[\\&%$#_{}~^—−∞<>]/g, (c) => LATEX_SPECIAL[c]).replace(/\r?\n/g, ' ');
  const numeric = rows[0].map((_, j) => rows.length > 1 && rows.slice(1).every((r) => isNumberText(r[j] ?? '')));
  const line = (r: readonly string[]): string => `${r.map(esc).join(' & ')} \\\\`;
  return [
    `\\begin{tabular}{${numeric.map((n) => (n ? 'r' : 'l')).join('')}}`,
    '\\toprule',
    line(rows[0]),
    '\\midrule',
    ...rows.slice(1).map(line),
    '\\bottomrule',
    '\\end{tabular}',
    '',
  ].join('\n');
}

export function formatTable(rows: Rows, format: TableFormat): string {
  return format === 'csv' ? toCsv(rows) : format === 'markdown' ? toMarkdown(rows) : toLatex(rows);
}

function isNumberText(v: string): boolean {
  return v === '—' || v === '' || /^[-−]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v) || /^< ?\d/.test(v);
}

/** The estimates of a fit as rows (full precision, empty for null), with each row's status: for "Save Results". */
export function estimateRows(fit: FitJson): Rows {
  const v = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x));
  const status = (p: FitJson['parameters'][number]): string =>
    p.fixed
      ? 'fixed'
      : p.edge !== undefined
        ? `at bound ${p.edge}`
        : p.notIdentified
          ? 'not identified'
          : p.clipped
            ? `interval clipped (${p.clipped})`
            : '';
  const head = ['name', 'estimate', 'se', 'z', 'p', 'ci_low', 'ci_high', 'profile_low', 'profile_high', 'se_robust'];
  return [
    [...head, 'status'],
    ...fit.parameters.map((p) => [
      p.name,
      v(p.estimate),
      v(p.se),
      v(p.z),
      v(p.p),
      v(p.ci.wald[0]),
      v(p.ci.wald[1]),
      v(p.ci.profile?.[0]),
      v(p.ci.profile?.[1]),
      v(p.seRobust),
      status(p),
    ]),
    ...fit.derived.map((d) => [
      d.name,
      v(d.estimate),
      v(d.se),
      '',
      '',
      v(d.ci.wald[0]),
      v(d.ci.wald[1]),
      v(d.ci.profile?.[0]),
      v(d.ci.profile?.[1]),
      '',
      'derived',
    ]),
  ];
}
