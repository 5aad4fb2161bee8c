// Messages between the compare panel (client/src/compare-panel.ts) and its webview script (compare.ts).
import type { CompareJson, FitHistoryEntry, JsonDiagnostic, SimulationCheckJson } from '../../server/src/protocol.ts';

/** The panel's three sections; each message replaces its own section only. */
export type CompareSection = 'compare' | 'history' | 'check';

export type ToCompareView =
  | { readonly type: 'running'; readonly section: CompareSection; readonly title: string }
  | { readonly type: 'compare'; readonly title: string; readonly result: CompareJson }
  | { readonly type: 'history'; readonly title: string; readonly fits: readonly FitHistoryEntry[] }
  | { readonly type: 'check'; readonly title: string; readonly result: SimulationCheckJson }
  | {
      readonly type: 'error';
      readonly section: CompareSection;
      readonly title: string;
      readonly message: string;
      readonly diagnostics: readonly JsonDiagnostic[];
    };

export type FromCompareView = { readonly type: 'ready' };

export const sectionOf = (m: ToCompareView): CompareSection =>
  m.type === 'running' || m.type === 'error' ? m.section : m.type;
