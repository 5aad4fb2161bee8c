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

const punct = (name: string, pattern: RegExp, label: string): TokenType => createToken({ name, pattern, label });
export const Tilde = punct('Tilde', /~/, "'~'");
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
  Identifier,
  BacktickIdent,
  StringLit,
  NumberLit,
  Tilde,
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
];

export const mleLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
