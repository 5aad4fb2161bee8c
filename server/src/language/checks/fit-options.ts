// invalid-option: `fit` options must be known and take allowed values; at most one `fit` statement.

import { FIT_OPTIONS, fitOption, nearest } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

/** Caps that keep a fit's work bounded (each restart is a whole fit; Newton needs tens of iterations, not millions). */
const LIMITS: Readonly<Record<string, number>> = { restarts: 1000, maxiter: 100_000, bootstrap: 100_000 };
const LIMIT_WHY: Readonly<Record<string, string>> = {
  restarts:
    'each restart is a whole fit. If 1,000 starts do not find the same optimum twice, the likelihood is too multimodal for restarts to settle it: simplify the model or give inits.',
  bootstrap: 'each replicate is a whole refit; 100,000 replicates already pin percentile intervals to the third digit.',
  maxiter:
    'Newton and quasi-Newton converge in tens to hundreds of iterations; a fit that needs more is stuck (try other inits or method = nelder_mead).',
};

export const fitOptions: Check = ({ file }) => {
  const out: Diagnostic[] = [];
  const fits = file.statements.filter((s) => s.kind === 'fit');
  fits
    .slice(1)
    .forEach((s) =>
      out.push(
        diag(
          'error',
          Codes.invalidOption,
          s.span,
          'Only one `fit` statement is allowed; merge the options into the first.',
        ),
      ),
    );
  for (const st of fits) {
    if (st.kind !== 'fit') continue;
    const seen = new Set<string>();
    for (const o of st.options) {
      const info = fitOption(o.name.name);
      if (!info) {
        const s = nearest(
          o.name.name,
          FIT_OPTIONS.map((x) => x.name),
        );
        out.push(
          diag(
            'error',
            Codes.invalidOption,
            o.name.span,
            `Unknown fit option \`${o.name.name}\`${s ? `: did you mean \`${s}\`?` : '.'} Options: ${FIT_OPTIONS.map((x) => x.name).join(', ')}.`,
            s ? { suggestion: s } : undefined,
          ),
        );
        continue;
      }
      if (seen.has(info.name))
        out.push(diag('error', Codes.invalidOption, o.name.span, `Fit option \`${info.name}\` is given twice.`));
      seen.add(info.name);
      const v = o.value;
      if (!v) continue;
      if (info.kind === 'word') {
        if (v.kind !== 'word' || !info.values!.includes(v.word)) {
          const got = v.kind === 'word' ? v.word : String(v.value);
          const s = v.kind === 'word' ? nearest(v.word, info.values!) : undefined;
          out.push(
            diag(
              'error',
              Codes.invalidOption,
              v.span,
              `\`${info.name}\` must be one of ${info.values!.join(', ')}; got \`${got}\`.${s ? ` Did you mean \`${s}\`?` : ''}`,
              s ? { suggestion: s } : undefined,
            ),
          );
        }
        continue;
      }
      if (v.kind !== 'number') {
        out.push(diag('error', Codes.invalidOption, v.span, `\`${info.name}\` takes a number.`));
        continue;
      }
      if (info.kind === 'integer' && !Number.isInteger(v.value))
        out.push(diag('error', Codes.invalidOption, v.span, `\`${info.name}\` takes a whole number.`));
      else if (info.name === 'level' && !(v.value > 0 && v.value < 1))
        out.push(diag('error', Codes.invalidOption, v.span, '`level` must lie strictly between 0 and 1, e.g. 0.95.'));
      else if (LIMITS[info.name] !== undefined && v.value > LIMITS[info.name])
        out.push(
          diag(
            'error',
            Codes.invalidOption,
            v.span,
            `\`${info.name}\` is at most ${LIMITS[info.name].toLocaleString('en-US')}: ${LIMIT_WHY[info.name]}`,
          ),
        );
      else if (
        (info.name === 'restarts' || info.name === 'maxiter' || info.name === 'bootstrap') &&
        v.value < (info.name === 'maxiter' ? 1 : 0)
      )
        out.push(
          diag(
            'error',
            Codes.invalidOption,
            v.span,
            `\`${info.name}\` must be ${info.name === 'maxiter' ? 'at least 1' : '0 or more'}.`,
          ),
        );
      else if (info.name === 'tol' && !(v.value > 0))
        out.push(diag('error', Codes.invalidOption, v.span, '`tol` must be positive.'));
    }
  }
  return out;
};
