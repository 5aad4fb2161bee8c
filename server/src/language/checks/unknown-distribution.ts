// unknown-distribution: the name after `~` (or a Mixture component) must be a v1 distribution; suggests the nearest.

import { DISTRIBUTIONS, distribution, nearest } from '../builtins.ts';
import { diag, Codes } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { distributionUses } from './distribution-calls.ts';

export const unknownDistribution: Check = ({ file }) =>
  distributionUses(file)
    .filter((u) => !distribution(u.call.name.name))
    .map(({ call }) => {
      const name = call.name.name;
      const sugg = nearest(
        name,
        DISTRIBUTIONS.map((d) => d.name),
      );
      return diag(
        'error',
        Codes.unknownDistribution,
        call.name.span,
        `Unknown distribution \`${name}\`${sugg ? `: did you mean \`${sugg}\`?` : '.'} Distributions: ${DISTRIBUTIONS.map((d) => d.name).join(', ')}.`,
        sugg ? { suggestion: sugg, name } : { name },
      );
    });
