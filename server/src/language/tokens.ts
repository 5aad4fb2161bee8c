// Chevrotain token definitions of the .mle lexer; keywords come before Identifier with longer_alt.

import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_.]*/, label: 'a name' });
export const BacktickIdent = createToken({ name: 'BacktickIdent', pattern: /`[^`\n]*`/, label: 'a `quoted name`' });
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\n]|\\.)*"/,
  label: 'a quoted file path',
});
export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

const kw = (word: string): TokenType =>
  createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier, label: `'${word}'` });

export const Data = kw('data');
export const Param = kw('param');
export const Let = kw('let');
export const Prior = kw('prior');
export const Derive = kw('derive');
export const Fit = kw('fit');
export const In = kw('in');
export const Init = kw('init');
export const Ref = kw('ref');
export const Simplex = kw('simplex');
export const Censored = kw('censored');
export const Truncated = kw('truncated');
export const Right = kw('right');
export const Left = kw('left');
export const When = kw('when');

const punct = (name: string, pattern: RegExp, label: string): TokenType => createToken({ name, pattern, label });
export const Tilde = punct('Tilde', /~/, "'~'");
// Two-character comparisons come before their one-character prefixes (`<=` before `<`, `==` before `=`).
export const LessEq = punct('LessEq', /<=/, "'<='");
export const GreaterEq = punct('GreaterEq', />=/, "'>='");
export const EqEq = punct('EqEq', /==/, "'=='");
export const NotEq = punct('NotEq', /!=/, "'!='");
export const Equals = punct('Equals', /=/, "'='");
export const Comma = punct('Comma', /,/, "','");
export const Semicolon = punct('Semicolon', /;/, "';'");
export const LParen = punct('LParen', /\(/, "'('");
export const RParen = punct('RParen', /\)/, "')'");
export const Plus = punct('Plus', /\+/, "'+'");
export const Minus = punct('Minus', /-/, "'-'");
export const Star = punct('Star', /\*/, "'*'");
export const Slash = punct('Slash', /\//, "'/'");
export const Caret = punct('Caret', /\^/, "'^'");
export const Greater = punct('Greater', />/, "'>'");
export const Less = punct('Less', /</, "'<'");
export const LBracket = punct('LBracket', /\[/, "'['");
export const RBracket = punct('RBracket', /\]/, "']'");
export const Colon = punct('Colon', /:/, "':'");

/** Order matters: `init` before `in` (both keywords), keywords before Identifier. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Data,
  Param,
  Let,
  Prior,
  Derive,
  Fit,
  Init,
  In,
  Ref,
  Simplex,
  Censored,
  Truncated,
  Right,
  Left,
  When,
  Identifier,
  BacktickIdent,
  StringLit,
  NumberLit,
  Tilde,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  Equals,
  Comma,
  Semicolon,
  LParen,
  RParen,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Greater,
  Less,
  LBracket,
  RBracket,
  Colon,
];

export const mleLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
