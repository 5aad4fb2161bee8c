// The line shown where a likelihood term's fit-to-data plot would be, saying why it has none (FitJson.plotNotes).
import './fit-to-data.css';
import { h } from './dom.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Note = NonNullable<FitJson['plotNotes']>[number];

export function plotNote(n: Note): HTMLElement {
  return h('p', { class: 'plot-note', 'data-term': n.term }, h('code', {}, n.term), ` — ${n.reason}`);
}
