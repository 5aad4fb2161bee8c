// unknown-name: every name must be a column, parameter, earlier let or constant; suggests the nearest name.

import { clauseExprs, walkExpr, type Expr } from '../ast.ts';
import { CONSTANTS, FUNCTIONS, DISTRIBUTIONS, nearest } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { constantOf } from '../scope.ts';
import { isSummary } from '../lower-calls.ts';

export const unknownName: Check = (ctx) => {
  const out: Diagnostic[] = [];
  const { file, scope } = ctx;
  // Without loaded data any undeclared name might be a column: say nothing rather than guess.
  const columnsKnown = ctx.data?.ok === true;
  const letOrder = new Map<string, number>();
  file.statements.forEach((st, i) => {
    if (st.kind === 'let' && !letOrder.has(st.name.name)) letOrder.set(st.name.name, i);
  });
  const candidates = [...scope.symbols.keys(), ...Object.keys(CONSTANTS)];

  const check = (e: Expr | undefined, stmtIndex: number, allowParams = true, allowColumns = true, where = ''): void => {
    if (!e) return;
    // A column summary (mean(x), sd(x), …) is one number: its columns are allowed where columns are not.
    const inSummary = new Set<number>();
    walkExpr(e, (x) => {
      if (x.kind === 'call' && isSummary(x.callee.name))
        x.args.forEach((a) => walkExpr(a.value, (y) => y.kind === 'name' && inSummary.add(y.span.start)));
    });
    walkExpr(e, (x) => {
      if (x.kind === 'call') {
        const name = x.callee.name;
        if (FUNCTIONS.some((f) => f.name === name) || DISTRIBUTIONS.some((d) => d.name === name)) return;
        const sugg = nearest(
          name,
          FUNCTIONS.map((f) => f.name),
        );
        out.push(
          diag(
            'error',
            Codes.unknownName,
            x.callee.span,
            `Unknown function \`${name}\`${sugg ? `: did you mean \`${sugg}\`?` : '.'} Functions: ${FUNCTIONS.map((f) => f.name).join(', ')}.`,
            sugg ? { suggestion: sugg, name } : { name },
          ),
        );
        return;
      }
      if (x.kind !== 'name') return;
      if (constantOf(x, scope.symbols) !== undefined) return;
      const s = scope.symbols.get(x.name);
      if (s) {
        if (s.kind === 'let') {
          const at = letOrder.get(x.name) ?? -1;
          if (at >= stmtIndex)
            out.push(
              diag(
                'error',
                Codes.unknownName,
                x.span,
                `\`${x.name}\` is used before its \`let\`: move the \`let ${x.name} = …\` above this line.`,
                { name: x.name },
              ),
            );
        } else if (s.kind === 'derive') {
          out.push(
            diag(
              'error',
              Codes.unknownName,
              x.span,
              `\`${x.name}\` is a derived quantity; derived quantities are reported, not used in expressions. Use a \`let\` instead.`,
              { name: x.name },
            ),
          );
        } else if (s.kind === 'param' && !allowParams) {
          out.push(
            diag(
              'error',
              Codes.unknownName,
              x.span,
              `\`${x.name}\` is a parameter, but ${where} may depend only on data columns.`,
              { name: x.name },
            ),
          );
        } else if (s.kind === 'column' && !allowColumns && !inSummary.has(x.span.start)) {
          out.push(
            diag(
              'error',
              Codes.unknownName,
              x.span,
              `\`${x.name}\` is a data column, but ${where} may depend only on parameters.`,
              { name: x.name },
            ),
          );
        }
        return;
      }
      if (!columnsKnown || ctx.brokenNames.has(x.name)) return;
      const sugg = nearest(x.name, candidates);
      out.push(
        diag(
          'error',
          Codes.unknownName,
          x.span,
          `Unknown name \`${x.name}\`: it is not a column of the data, a parameter or a \`let\`.${sugg ? ` Did you mean \`${sugg}\`?` : ' Declare it with `param ' + x.name + '`.'}`,
          sugg ? { suggestion: sugg, name: x.name } : { name: x.name },
        ),
      );
    });
  };

  file.statements.forEach((st, i) => {
    switch (st.kind) {
      case 'let':
        check(st.value, i);
        break;
      case 'derive':
        check(st.value, i, true, false, 'a derived quantity');
        break;
      case 'likelihood':
        check(st.lhs, i, false, true, 'the left side of `~`');
        st.dist?.args.forEach((a) => check(a.value, i));
        clauseExprs(st).forEach((e) => check(e, i));
        break;
      case 'prior': {
        const s = scope.symbols.get(st.name.name);
        if (st.name.name && s?.kind !== 'param') {
          const sugg = nearest(
            st.name.name,
            scope.params.map((p) => p.ident.name),
          );
          out.push(
            diag(
              'error',
              Codes.unknownName,
              st.name.span,
              `A prior must name a parameter; \`${st.name.name}\` is ${s ? `a ${s.kind}` : 'not declared'}.${sugg ? ` Did you mean \`${sugg}\`?` : ''}`,
              sugg ? { suggestion: sugg, name: st.name.name } : { name: st.name.name },
            ),
          );
        }
        st.dist?.args.forEach((a) => check(a.value, i, true, false, 'a prior'));
        break;
      }
      default:
        break;
    }
  });
  return out;
};

export type { CheckContext };
