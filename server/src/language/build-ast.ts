// Builds the readonly AST from Chevrotain's CST, tolerating the holes left by error recovery.

import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';

type Children = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => (e as IToken).tokenType !== undefined;
const real = (t: IToken | undefined): t is IToken => !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);

function tok(c: Children, name: string, i = 0): IToken | undefined {
  const list = c[name];
  const t = list?.[i];
  return t && isToken(t) && real(t) ? t : undefined;
}
function tokens(c: Children, name: string): IToken[] {
  return (c[name] ?? []).filter((e): e is IToken => isToken(e) && real(e));
}
function node(c: Children, name: string, i = 0): CstNode | undefined {
  const n = c[name]?.[i];
  return n && !isToken(n) ? n : undefined;
}
function nodes(c: Children, name: string): CstNode[] {
  return (c[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

const tokSpan = (t: IToken): A.Span => ({ start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 });

/** A node's span; recovered nodes may lack a location, so fall back to the given default. */
function span(n: CstNode, fallback: A.Span): A.Span {
  const l = n.location;
  if (!l || !Number.isFinite(l.startOffset)) return fallback;
  const end = Number.isFinite(l.endOffset) ? (l.endOffset as number) + 1 : l.startOffset;
  return { start: l.startOffset, end: Math.max(end, l.startOffset) };
}

const join = (a: A.Span, b: A.Span): A.Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

function ident(t: IToken): A.Ident {
  if (t.tokenType.name === 'BacktickIdent') return { name: t.image.slice(1, -1), span: tokSpan(t), quoted: true };
  return { name: t.image, span: tokSpan(t) };
}

function unescape(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

export class AstBuilder {
  constructor(private readonly textLength: number) {}

  file(root: CstNode): A.ModelFile {
    const statements: A.Statement[] = [];
    for (const s of nodes(root.children, 'statement')) {
      const st = this.statement(s);
      if (st) statements.push(st);
    }
    return { statements, comments: [], span: { start: 0, end: this.textLength } };
  }

  private statement(n: CstNode): A.Statement | undefined {
    const c = n.children;
    const key = Object.keys(c).find((k) => k !== 'Semicolon');
    const inner = key ? node(c, key) : undefined;
    if (!inner) return undefined;
    const sp = span(inner, span(n, { start: 0, end: 0 }));
    const ic = inner.children;
    switch (inner.name) {
      case 'dataStmt': {
        const [s, ...naStrings] = tokens(ic, 'StringLit');
        const naWord = tok(ic, 'Identifier');
        const na =
          naWord && naStrings.length
            ? {
                values: naStrings.map((t) => unescape(t.image)),
                span: join(tokSpan(naWord), tokSpan(naStrings[naStrings.length - 1])),
              }
            : undefined;
        const tableName = tok(ic, 'tableName');
        const table = tableName
          ? { value: unescape(tableName.image), span: join(tokSpan(tok(ic, 'tableWord')!), tokSpan(tableName)) }
          : undefined;
        return {
          kind: 'data',
          path: s ? unescape(s.image) : undefined,
          pathSpan: s ? tokSpan(s) : { start: sp.end, end: sp.end },
          ...(table ? { table } : {}),
          ...(na ? { na } : {}),
          span: sp,
        };
      }
      case 'paramStmt': {
        const named = nodes(ic, 'paramName')
          .map((pn) => this.paramName(pn))
          .filter((x): x is { name: A.Ident; dims: A.IndexSpec[] } => !!x);
        const names = named.map((x) => x.name);
        const dims = named.map((x) => x.dims);
        const rn = node(ic, 'refClause');
        const ref = rn ? this.refClause(rn) : undefined;
        const sx = tok(ic, 'Kw_simplex');
        const simplex = sx ? { span: tokSpan(sx) } : undefined;
        const cn = node(ic, 'constraint');
        const constraint = cn ? this.constraint(cn) : undefined;
        const initTok = tok(ic, 'Kw_init');
        const initNum = node(ic, 'signedNumber');
        const initValue = initNum ? this.signedNumber(initNum) : undefined;
        const init =
          initTok && initNum && initValue !== undefined
            ? { value: initValue, span: join(tokSpan(initTok), span(initNum, tokSpan(initTok))) }
            : undefined;
        return { kind: 'param', names, dims, ref, simplex, constraint, init, span: sp };
      }
      case 'letStmt':
      case 'deriveStmt': {
        const id = tok(ic, 'Identifier');
        const e = node(ic, 'expression');
        const name = id ? ident(id) : { name: '', span: { start: sp.end, end: sp.end } };
        return {
          kind: inner.name === 'letStmt' ? 'let' : 'derive',
          name,
          value: e ? this.expression(e) : undefined,
          span: sp,
        };
      }
      case 'priorStmt': {
        const names = tokens(ic, 'Identifier').map(ident);
        const dc = node(ic, 'distCall');
        const name = names[0] ?? { name: '', span: { start: sp.end, end: sp.end } };
        return { kind: 'prior', name, names, dist: dc ? this.distCall(dc) : undefined, span: sp };
      }
      case 'fitStmt':
        return {
          kind: 'fit',
          options: nodes(ic, 'fitOption')
            .map((o) => this.fitOption(o))
            .filter((o): o is A.FitOption => !!o),
          span: sp,
        };
      case 'likelihoodStmt': {
        const e = node(ic, 'expression');
        const lhs = e ? this.expression(e) : undefined;
        if (!lhs) return undefined;
        const dc = node(ic, 'distCall');
        const censored = nodes(ic, 'censorClause').map((x) => this.censorClause(x, sp));
        const truncated = nodes(ic, 'truncationClause').map((x) => this.truncationClause(x, sp));
        return {
          kind: 'likelihood',
          lhs,
          dist: dc ? this.distCall(dc) : undefined,
          ...(censored.length ? { censored } : {}),
          ...(truncated.length ? { truncated } : {}),
          span: sp,
        };
      }
      default:
        return undefined;
    }
  }

  private censorClause(n: CstNode, fallback: A.Span): A.CensorClause {
    const c = n.children;
    const e = node(c, 'expression');
    const when = e ? this.expression(e) : undefined;
    return { side: tok(c, 'Kw_left') ? 'left' : 'right', ...(when ? { when } : {}), span: span(n, fallback) };
  }

  private truncationClause(n: CstNode, fallback: A.Span): A.TruncationClause {
    const c = n.children;
    const [a, b] = [node(c, 'expression', 0), node(c, 'expression', 1)];
    const lo = a ? this.expression(a) : undefined;
    const hi = b ? this.expression(b) : undefined;
    return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}), span: span(n, fallback) };
  }

  private paramName(n: CstNode): { name: A.Ident; dims: A.IndexSpec[] } | undefined {
    const id = tok(n.children, 'Identifier');
    if (!id) return undefined;
    const dims = nodes(n.children, 'indexSpec')
      .map((x) => this.indexSpec(x))
      .filter((x): x is A.IndexSpec => !!x);
    return { name: ident(id), dims };
  }

  private indexSpec(n: CstNode): A.IndexSpec | undefined {
    const c = n.children;
    const sp = span(n, { start: 0, end: 0 });
    const nums = tokens(c, 'NumberLit');
    if (nums.length === 2) return { kind: 'range', from: Number(nums[0].image), to: Number(nums[1].image), span: sp };
    const ids = tokens(c, 'Identifier');
    const bt = tok(c, 'BacktickIdent');
    if (tok(c, 'LParen') && ids[0]) {
      const inner = ids[1] ?? bt;
      return inner && tok(c, 'RParen') ? { kind: 'factor', column: ident(inner), wrapped: true, span: sp } : undefined;
    }
    const col = ids[0] ?? bt;
    return col ? { kind: 'factor', column: ident(col), wrapped: false, span: sp } : undefined;
  }

  private refClause(n: CstNode): A.RefClause {
    const sp = span(n, { start: 0, end: 0 });
    const s = tok(n.children, 'StringLit');
    return s ? { level: unescape(s.image), levelSpan: tokSpan(s), span: sp } : { span: sp };
  }

  private constraint(n: CstNode): A.Constraint | undefined {
    const c = n.children;
    const nums = nodes(c, 'signedNumber').map((x) => this.signedNumber(x));
    const sp = span(n, { start: 0, end: 0 });
    if (tok(c, 'Greater') && nums[0] !== undefined) return { kind: 'lower', lo: nums[0], span: sp };
    if (tok(c, 'Less') && nums[0] !== undefined) return { kind: 'upper', hi: nums[0], span: sp };
    if (tok(c, 'Kw_in') && nums[0] !== undefined && nums[1] !== undefined)
      return { kind: 'interval', lo: nums[0], hi: nums[1], span: sp };
    return undefined;
  }

  private signedNumber(n: CstNode): number | undefined {
    const t = tok(n.children, 'NumberLit');
    if (!t) return undefined;
    const v = Number(t.image);
    return tok(n.children, 'Minus') ? -v : v;
  }

  private fitOption(n: CstNode): A.FitOption | undefined {
    const c = n.children;
    const id = tok(c, 'Identifier');
    if (!id) return undefined;
    const sp = span(n, tokSpan(id));
    const fv = node(c, 'fitValue');
    let value: A.FitOption['value'];
    if (fv) {
      const w = tok(fv.children, 'Identifier');
      const num = node(fv.children, 'signedNumber');
      const vs = span(fv, sp);
      if (w) value = { kind: 'word', word: w.image, span: tokSpan(w) };
      else if (num) {
        const v = this.signedNumber(num);
        if (v !== undefined) value = { kind: 'number', value: v, span: vs };
      }
    }
    return { name: ident(id), value, span: sp };
  }

  private distCall(n: CstNode): A.DistCall | undefined {
    const c = n.children;
    const id = tok(c, 'Identifier');
    if (!id) return undefined;
    const al = node(c, 'argList');
    const sp = span(n, tokSpan(id));
    const { args, argsSpan } = al ? this.argList(al, sp) : { args: [], argsSpan: { start: sp.end, end: sp.end } };
    return { name: ident(id), args, argsSpan, span: sp };
  }

  private argList(n: CstNode, fallback: A.Span): { args: A.Arg[]; argsSpan: A.Span } {
    const c = n.children;
    const lp = tok(c, 'LParen');
    const rp = tok(c, 'RParen');
    const start = lp ? lp.startOffset : fallback.end;
    const end = rp ? rp.endOffset! + 1 : span(n, { start, end: start }).end;
    const args: A.Arg[] = [];
    for (const a of nodes(c, 'argument')) {
      const ac = a.children;
      const e = node(ac, 'expression');
      const value = e ? this.expression(e) : undefined;
      if (!value) continue;
      const nameTok = tok(ac, 'Identifier');
      args.push({ name: nameTok ? ident(nameTok) : undefined, value, span: span(a, value.span) });
    }
    return { args, argsSpan: { start, end } };
  }

  /** Left-associative chain: operators from two token lists, re-ordered by offset. */
  private chain(
    n: CstNode,
    operandRule: string,
    ops: string[],
    build: (e: CstNode) => A.Expr | undefined,
  ): A.Expr | undefined {
    const c = n.children;
    const operands = nodes(c, operandRule).map(build);
    const opToks = ops.flatMap((o) => tokens(c, o)).sort((a, b) => a.startOffset - b.startOffset);
    let acc = operands[0];
    for (let i = 1; i < operands.length; i++) {
      const right = operands[i];
      const op = opToks[i - 1];
      if (!acc || !right || !op) return acc ?? right;
      acc = { kind: 'binary', op: op.image as A.BinaryOp, left: acc, right, span: join(acc.span, right.span) };
    }
    return acc;
  }

  expression(n: CstNode): A.Expr | undefined {
    return this.chain(n, 'additive', ['Less', 'LessEq', 'Greater', 'GreaterEq', 'EqEq', 'NotEq'], (a) =>
      this.chain(a, 'multiplicative', ['Plus', 'Minus'], (m) =>
        this.chain(m, 'unary', ['Star', 'Slash'], (u) => this.unary(u)),
      ),
    );
  }

  private unary(n: CstNode): A.Expr | undefined {
    const c = n.children;
    const minus = tok(c, 'Minus');
    if (minus) {
      const inner = node(c, 'unary');
      const operand = inner ? this.unary(inner) : undefined;
      return operand ? { kind: 'unary', op: '-', operand, span: join(tokSpan(minus), operand.span) } : undefined;
    }
    const p = node(c, 'power');
    return p ? this.power(p) : undefined;
  }

  private power(n: CstNode): A.Expr | undefined {
    const c = n.children;
    const pr = node(c, 'primary');
    const base = pr ? this.primary(pr) : undefined;
    const expNode = node(c, 'unary');
    if (!base || !tok(c, 'Caret') || !expNode) return base;
    const exponent = this.unary(expNode);
    return exponent
      ? { kind: 'binary', op: '^', left: base, right: exponent, span: join(base.span, exponent.span) }
      : base;
  }

  private primary(n: CstNode): A.Expr | undefined {
    const c = n.children;
    const num = tok(c, 'NumberLit');
    if (num) return { kind: 'number', value: Number(num.image), span: tokSpan(num) };
    const bt = tok(c, 'BacktickIdent');
    if (bt) return { kind: 'name', name: bt.image.slice(1, -1), span: tokSpan(bt), quoted: true };
    const id = tok(c, 'Identifier');
    if (id) {
      const al = node(c, 'argList');
      const il = node(c, 'indexList');
      if (il) return this.indexList(il, { kind: 'name', name: id.image, span: tokSpan(id) });
      if (!al) return { kind: 'name', name: id.image, span: tokSpan(id) };
      const { args, argsSpan } = this.argList(al, tokSpan(id));
      return { kind: 'call', callee: ident(id), args, argsSpan, span: join(tokSpan(id), argsSpan) };
    }
    const e = node(c, 'expression');
    if (e) {
      const inner = this.expression(e);
      // Keep the parentheses in the span so ranges cover what the user wrote.
      return inner ? { ...inner, span: span(n, inner.span) } : undefined;
    }
    return undefined;
  }

  private indexList(n: CstNode, base: A.NameRef): A.Expr {
    const c = n.children;
    const lb = tok(c, 'LBracket');
    const rb = tok(c, 'RBracket');
    const start = lb ? lb.startOffset : base.span.end;
    const end = rb ? rb.endOffset! + 1 : span(n, { start, end: start }).end;
    const args: (A.Expr | A.LevelLit)[] = [];
    for (const a of nodes(c, 'indexArg')) {
      const s = tok(a.children, 'StringLit');
      if (s) {
        args.push({ kind: 'level', value: unescape(s.image), span: tokSpan(s) });
        continue;
      }
      const e = node(a.children, 'expression');
      const value = e ? this.expression(e) : undefined;
      if (value) args.push(value);
    }
    const bracketSpan = { start, end };
    return { kind: 'index', base, args, bracketSpan, span: join(base.span, bracketSpan) };
  }
}
