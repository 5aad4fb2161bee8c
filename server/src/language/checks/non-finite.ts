// non-finite / extreme-value (before fitting): an outcome or a data-only part of an argument that is infinite or NaN
// in some row makes the likelihood unevaluable whatever the parameters; values beyond 1e150 overflow when squared.

import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { EngineModel, Node, Term } from '../../engine/model.ts';
import { dataParts, evalData } from '../../engine/eval/data-eval.ts';

/** Beyond this magnitude a square (a variance, a Normal log-density) overflows to infinity. */
const EXTREME = 1e150;

/** A short text of a node, for messages (columns by name). */
export function nodeText(node: Node, budget = 60): string {
  const t = (x: Node): string => {
    switch (x.op) {
      case 'const':
        return String(x.value);
      case 'param':
        return `θ${x.index}`;
      case 'data':
        return x.name;
      case 'neg':
        return `-${t(x.a)}`;
      case 'call':
        return `${x.fn}(${t(x.a)})`;
      case 'bin':
        return `(${t(x.a)} ${x.fn} ${t(x.b)})`;
      default:
        return 'ifelse(…)';
    }
  };
  const s = t(node).replace(/^\((.*)\)$/, '$1');
  return s.length > budget ? `${s.slice(0, budget - 1)}…` : s;
}

/** The data file row (1-based, header excluded) of used row i. */
function fileRow(an: Analysis, i: number): number {
  const mask = an.rowsUsed;
  if (!mask) return i + 1;
  for (let r = 0, u = 0; r < mask.length; r++) if (mask[r] && u++ === i) return r + 1;
  return i + 1;
}

const fmt = (x: number): string =>
  Number.isNaN(x) ? 'NaN' : x === Infinity ? '∞' : x === -Infinity ? '−∞' : String(x);

/** The outcome and the data-only parts of the arguments, with what each is called in messages. */
function parts(t: Term, n: number): { what: string; values: Float64Array }[] {
  const out: { what: string; values: Float64Array }[] = [];
  const y = t.y.op === 'param' ? undefined : evalData(t.y, n);
  if (y) out.push({ what: `the outcome \`${nodeText(t.y)}\``, values: y });
  for (const a of t.args) {
    if (a.op === 'data') out.push({ what: `column \`${a.name}\``, values: a.values });
    for (const p of dataParts(a, n)) out.push({ what: `\`${nodeText(p.node)}\``, values: p.values });
  }
  return out;
}

export function nonFiniteBeforeFit(an: Analysis, model: EngineModel | undefined): Diagnostic[] {
  if (!model) return [];
  const out: Diagnostic[] = [];
  const said = new Set<string>();
  for (const t of model.terms) {
    const st = an.file.statements[t.source];
    for (const { what, values } of parts(t, model.n)) {
      if (said.has(what)) continue;
      let bad = -1;
      let big = -1;
      for (let i = 0; i < values.length && bad < 0; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) bad = i;
        else if (big < 0 && Math.abs(v) > EXTREME) big = i;
      }
      if (bad >= 0) {
        said.add(what);
        const row = fileRow(an, bad);
        out.push(
          diag(
            'error',
            Codes.nonFinite,
            st.span,
            `${what} is ${fmt(values[bad])} in data row ${row} (file line ${row + 1}), whatever the parameters: the likelihood cannot be evaluated there. Fix or drop the row, or write the expression so it stays finite (e.g. \`log(x + 1)\`, or \`ifelse(x > 0, log(x), 0)\`).`,
            { row },
          ),
        );
      } else if (big >= 0) {
        said.add(what);
        const row = fileRow(an, big);
        out.push(
          diag(
            'warning',
            Codes.extremeValue,
            st.span,
            `${what} is ${fmt(values[big])} in data row ${row} (file line ${row + 1}): beyond ±1e150 its square overflows, so variances and log-densities become infinite and the fit cannot be trusted. Rescale it (e.g. divide by 1e6, or take its log).`,
            { row },
          ),
        );
      }
    }
  }
  return out;
}
