// Whether an observation lies in a family's support (the data-support check and the plots use it).

import type { SupportKind } from './types.ts';

/** True when y is possible under the support; `size` only matters for 'binomial' (NaN: unknown). */
export function inSupport(s: SupportKind, y: number, size = NaN): boolean {
  switch (s) {
    case 'real':
    case 'uniform':
      return Number.isFinite(y);
    case 'positive':
      return y > 0 && Number.isFinite(y);
    case 'nonnegative':
      return y >= 0 && Number.isFinite(y);
    case 'unit-open':
      return y > 0 && y < 1;
    case 'binary':
      return y === 0 || y === 1;
    case 'count':
      return y >= 0 && Number.isInteger(y);
    case 'binomial':
      return y >= 0 && Number.isInteger(y) && (Number.isNaN(size) || y <= size);
  }
}
