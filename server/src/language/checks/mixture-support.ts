// mixture-support: a Mixture's components must all be discrete or all continuous (a mass plus a density is no density).

import { distribution } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { asDistCall, distributionUses } from './distribution-calls.ts';

export const mixtureSupport: Check = ({ file }) => {
  const out: Diagnostic[] = [];
  for (const { call } of distributionUses(file)) {
    if (call.name.name !== 'Mixture') continue;
    const comps = call.args
      .slice(1)
      .map((a) => asDistCall(a.value))
      .flatMap((c) => {
        const info = c && distribution(c.name.name);
        return info && info.name !== 'Mixture' ? [{ call: c, info }] : [];
      });
    const discrete = comps.filter((c) => c.info.discrete);
    if (!discrete.length || discrete.length === comps.length) continue;
    const names = (xs: typeof comps): string => [...new Set(xs.map((c) => c.info.name))].join(', ');
    out.push(
      diag(
        'error',
        Codes.mixtureSupport,
        call.span,
        `The components of a Mixture must all be discrete or all continuous: ${names(discrete)} ${discrete.length === 1 ? 'is' : 'are'} discrete (a probability mass) but ${names(comps.filter((c) => !c.info.discrete))} continuous (a density), and a weighted sum of the two is neither.`,
      ),
    );
  }
  return out;
};
