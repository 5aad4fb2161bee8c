// The editor's fit settings (level, ci, se) as options for those the model's `fit` statement does not set.

import type { Analysis } from '../language/analysis-types.ts';
import type { FitOptions } from '../engine/model.ts';
import type { FitDefaults } from '../protocol.ts';

const CI = new Set(['wald', 'profile']);
const SE = new Set(['observed', 'expected', 'sandwich']);

/**
 * Only valid values, and only for options the model text leaves out: a model that says `fit level = 0.9` fits at 0.9
 * whatever the settings, so the same file gives the same results in the editor and in `mle fit`.
 */
export function editorDefaults(an: Analysis, defaults: FitDefaults | undefined): Partial<FitOptions> {
  if (!defaults) return {};
  const set = new Set<string>();
  for (const st of an.file.statements) if (st.kind === 'fit') for (const o of st.options) set.add(o.name.name);
  const out: { level?: number; ci?: FitOptions['ci']; se?: FitOptions['se'] } = {};
  const { level, ci, se } = defaults;
  if (!set.has('level') && typeof level === 'number' && level > 0 && level < 1) out.level = level;
  if (!set.has('ci') && typeof ci === 'string' && CI.has(ci)) out.ci = ci;
  if (!set.has('se') && typeof se === 'string' && SE.has(se)) out.se = se;
  return out;
}
