// Export controls: each plot as SVG or PNG, each table as CSV, Markdown or LaTeX; the extension writes the clipboard/file.
import { h } from './dom.ts';
import type { FromWebview } from './messages.ts';
import { formatTable, type Rows, type TableFormat } from './table-export.ts';

type Post = (message: FromWebview) => void;

// Styles that come from styles.css (and the theme's variables) and must travel inline with an exported SVG.
const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size'];

/** The SVG as a standalone document: computed styles inlined, since the panel's stylesheet does not go with it. */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from: Element[] = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const to: Element[] = [clone, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** PNG at twice the SVG's size, on the panel's background, as a data: URL (an SVG blob drawn into a canvas). */
function pngData(svg: SVGSVGElement, done: (dataUrl: string) => void): void {
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  const img = new Image();
  img.onload = () => {
    const w = Number(svg.getAttribute('width')) || 400;
    const ht = Number(svg.getAttribute('height')) || 300;
    const canvas = document.createElement('canvas');
    canvas.width = 2 * w;
    canvas.height = 2 * ht;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.fillStyle = getComputedStyle(document.body).backgroundColor || '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      done(canvas.toDataURL('image/png'));
    }
    URL.revokeObjectURL(url);
  };
  img.src = url;
}

/**
 * A table's text, header first; the forest-plot column and the narrow-panel detail rows (copies of cells of their row)
 * are left out; `exact` uses full-precision data-value.
 */
export function tableRows(table: HTMLTableElement, exact: boolean): Rows {
  const body = Array.from(table.querySelectorAll('tbody tr:not(.detail)'));
  const skip = new Set<number>();
  Array.from(body[0]?.querySelectorAll('th, td') ?? []).forEach((c, j) => c.classList.contains('plot') && skip.add(j));
  const text = (c: Element): string => {
    const v = c.getAttribute('data-value');
    return exact && v !== null && v !== 'null' ? v : (c.textContent ?? '').trim();
  };
  const row = (tr: Element): string[] =>
    Array.from(tr.querySelectorAll('th, td'))
      .filter((_, j) => !skip.has(j))
      .map(text);
  const head = table.querySelector('thead tr');
  return [...(head ? [row(head)] : []), ...body.map(row)];
}

const slug = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'plot';

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'export', title }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Adds the export toolbars under every plot (figure > svg) and table in `root`. */
export function addExportControls(root: HTMLElement, post: Post): void {
  root.querySelectorAll('figure').forEach((fig, i) => {
    const svg = fig.querySelector('svg');
    if (!svg) return;
    const name = `${slug(fig.dataset.plot ?? fig.className)}-${slug(fig.dataset.term ?? String(i + 1))}`;
    fig.append(
      h(
        'div',
        { class: 'export-bar' },
        button('SVG', 'Save this plot as SVG', () =>
          post({ type: 'export', format: 'svg', action: 'save', name, data: svgText(svg) }),
        ),
        button('PNG', 'Save this plot as PNG', () =>
          pngData(svg, (data) => post({ type: 'export', format: 'png', action: 'save', name, data })),
        ),
        button('Copy SVG', 'Copy the SVG markup', () =>
          post({ type: 'export', format: 'svg', action: 'copy', name, data: svgText(svg) }),
        ),
      ),
    );
  });
  root.querySelectorAll('table').forEach((table) => {
    const name = table.id || 'table';
    const copy = (format: TableFormat, label: string): HTMLButtonElement =>
      button(label, `Copy the table as ${label}`, () =>
        post({
          type: 'export',
          format,
          action: 'copy',
          name,
          data: formatTable(tableRows(table, format === 'csv'), format),
        }),
      );
    table.after(
      h(
        'div',
        { class: 'export-bar' },
        copy('csv', 'CSV'),
        copy('markdown', 'Markdown'),
        copy('latex', 'LaTeX'),
        button('Save CSV', 'Save the table as a CSV file', () =>
          post({
            type: 'export',
            format: 'csv',
            action: 'save',
            name,
            data: formatTable(tableRows(table, true), 'csv'),
          }),
        ),
      ),
    );
  });
}
