// Data viewer webview: a virtualised table of a model's data, rows fetched in blocks from the host (mle/dataRows).
// Importing the stylesheet makes esbuild emit dist/data-viewer.css beside dist/data-viewer.js (the panel links both).
import './data-viewer.css';
import type { DataColumnSummary, DataRowsResponse } from '../../server/src/protocol.ts';
import { BLOCK, blocksFor, blocksToDrop, firstRowAt, scrollHeight } from './data-blocks.ts';
import type { FromDataViewer, ToDataViewer } from './data-messages.ts';
import { h } from './dom.ts';
import { formatNumber } from './format.ts';
import { keptFirstRow, reloadNote, scrollTopFor, versionOf } from './data-refresh.ts';

declare function acquireVsCodeApi(): { postMessage(message: FromDataViewer): void };

const vscode = acquireVsCodeApi();
/** Every row is one line of this height (CSS sets the same), so the row at an offset is a division. */
const ROW_PX = 22;

interface Block {
  readonly rows: DataRowsResponse['rows'];
  readonly dropped: ReadonlySet<number>;
}

let session = -1;
let file = '';
let meta: DataRowsResponse | undefined;
const blocks = new Map<number, Block>();
const pending = new Set<number>();
let frame = 0;
/** After a reload: the row to scroll back to once the new version's size is known, and the rows before it. */
let keep: { row: number; total: number; onDisk: boolean } | undefined;
/** The summary's note on the last reload ('' before any). */
let note = '';

const app = document.getElementById('app')!;
const title = h('h1', {}, 'Data');
const summary = h('p', { id: 'summary' }, 'Loading…');
const reload = h('button', { id: 'reload', type: 'button', title: 'Read the rows again' }, 'Reload');
const thead = h('thead');
const tbody = h('tbody');
const table = h('table', { id: 'grid' }, thead, tbody);
const spacer = h('div', { id: 'spacer' });
const scroller = h('div', { id: 'scroller', tabindex: 0 }, table, spacer);
app.replaceChildren(h('header', {}, title, summary, reload), scroller);

const request = (start: number, count: number): void => vscode.postMessage({ type: 'rows', session, start, count });

function reset(): void {
  meta = undefined;
  blocks.clear();
  pending.clear();
  thead.replaceChildren();
  tbody.replaceChildren();
  summary.textContent = 'Loading…';
  request(0, BLOCK);
  pending.add(0);
}

/** Reads the rows again (the file changed on disk, or Reload), keeping the first row in view where it was. */
function refresh(onDisk: boolean): void {
  if (meta) {
    const visible = visibleRows();
    keep = { row: firstRowAt(scroller.scrollTop, room(), visible, meta.total), total: meta.total, onDisk };
  }
  reset();
}

const visibleRows = (): number => Math.max(1, Math.ceil((scroller.clientHeight - thead.offsetHeight) / ROW_PX));
const room = (): number => scroller.scrollHeight - scroller.clientHeight;

const num = (x: number | null | undefined): string => formatNumber(x, 4);

/** The header line under a column's name, and the full summary as its tooltip. */
function headerCell(c: DataColumnSummary): HTMLTableCellElement {
  const na = c.missing ? `, ${c.missing} missing` : '';
  let line: string;
  let tip: string;
  if (c.type === 'factor') {
    const lv = c.levels ?? [];
    const k = lv.length + (c.otherLevels ?? 0);
    line = `factor · ${k} levels${na}`;
    tip =
      lv.map((l) => `${l.level}: ${l.count}`).join('\n') + (c.otherLevels ? `\n… ${c.otherLevels} more levels` : '');
  } else {
    line = `n=${c.n}${na} · ${num(c.min)} / ${num(c.mean)} / ${num(c.max)}`;
    tip = `numeric\nn = ${c.n}\nmissing = ${c.missing}\nmin = ${num(c.min)}\nmean = ${num(c.mean)}\nmax = ${num(c.max)}`;
  }
  const cls = c.used ? 'used' : undefined;
  return h(
    'th',
    { class: cls, title: `${c.name}${c.used ? ' (used by the model)' : ''}\n${tip}` },
    c.name,
    h('div', { class: 'stats' }, line),
  );
}

function showMeta(w: DataRowsResponse): void {
  meta = w;
  title.textContent = `Data: ${w.path}`;
  const dropped = w.droppedTotal ? ` · ${w.droppedTotal.toLocaleString()} dropped by the model (highlighted)` : '';
  if (keep) note = reloadNote(new Date(), w.total, keep.total, keep.onDisk);
  const reloaded = note ? ` · ${note}` : '';
  summary.textContent = `${file} · ${w.total.toLocaleString()} rows · ${w.columns.length} columns${dropped}${reloaded}`;
  thead.replaceChildren(h('tr', {}, h('th', { class: 'rownum' }, '#'), ...w.columns.map(headerCell)));
  spacer.style.height = `${scrollHeight(w.total, ROW_PX)}px`;
  if (keep) {
    const visible = visibleRows();
    scroller.scrollTop = scrollTopFor(keptFirstRow(keep.row, visible, w.total), room(), visible, w.total);
    keep = undefined;
  }
}

/** Draws the rows in view from the cached blocks, asking for the blocks it lacks. */
function draw(): void {
  frame = 0;
  if (!meta) return;
  const visible = visibleRows();
  const first = firstRowAt(scroller.scrollTop, room(), visible, meta.total);
  const wanted = blocksFor(first, visible, meta.total);
  for (const b of wanted)
    if (!blocks.has(b) && !pending.has(b)) {
      pending.add(b);
      request(b * BLOCK, BLOCK);
    }
  for (const b of blocksToDrop([...blocks.keys()], wanted[0] ?? 0)) blocks.delete(b);
  const cols = meta.columns.length;
  const trs: HTMLTableRowElement[] = [];
  for (let i = first; i < Math.min(meta.total, first + visible); i++) {
    const block = blocks.get(Math.floor(i / BLOCK));
    const cells = block?.rows[i % BLOCK];
    const tds = cells
      ? cells.map((c) => (c === null ? h('td', { class: 'na' }, 'NA') : h('td', {}, c)))
      : Array.from({ length: cols }, () => h('td', { class: 'loading' }, '…'));
    const dropped = block?.dropped.has(i);
    trs.push(
      h(
        'tr',
        {
          class: dropped ? 'dropped' : undefined,
          title: dropped ? 'The model drops this row (a missing value in a column it uses)' : undefined,
        },
        h('td', { class: 'rownum' }, String(i + 1)),
        ...tds,
      ),
    );
  }
  tbody.replaceChildren(...trs);
}

const schedule = (): void => {
  if (!frame) frame = requestAnimationFrame(draw);
};

scroller.addEventListener('scroll', schedule, { passive: true });
window.addEventListener('resize', schedule);
reload.addEventListener('click', () => refresh(false));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data as ToDataViewer | null;
  if (typeof m !== 'object' || m === null || !('type' in m)) return;
  if (m.type === 'model') {
    session = m.session;
    file = m.file;
    scroller.scrollTop = 0;
    keep = undefined;
    note = '';
    return reset();
  }
  if (m.session !== session) return;
  if (m.type === 'changed') return refresh(true);
  if (m.type === 'error') {
    pending.clear();
    summary.textContent = m.message;
    summary.className = 'error';
    return;
  }
  if (m.type === 'rows') {
    // Never show windows of two versions of the file together: an older answer is dropped, a newer one reloads.
    const version = meta ? versionOf(meta, m.window) : 'same';
    if (version === 'older') return;
    if (version === 'newer') return refresh(true);
    const b = Math.floor(m.start / BLOCK);
    pending.delete(b);
    blocks.set(b, { rows: m.window.rows, dropped: new Set(m.window.dropped) });
    summary.className = '';
    if (!meta) showMeta(m.window);
    schedule();
  }
});

vscode.postMessage({ type: 'ready' });
