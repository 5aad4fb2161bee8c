// The .mle grammar as a Chevrotain CstParser with error recovery; the AST is built from its CST in build-ast.ts.

import { CstParser, type IParserErrorMessageProvider, type TokenType, type IToken } from 'chevrotain';
import * as T from './tokens.ts';

const show = (t: IToken): string => (t.tokenType.name === 'EOF' ? 'the end of the file' : `'${t.image}'`);
const label = (tt: TokenType): string => (tt.LABEL ?? tt.name).replace(/^Kw_/, '');

/** Messages a person can act on instead of Chevrotain's token-type dumps. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    expected.name === 'EOF'
      ? `Unexpected ${show(actual)}: expected the start of a statement.`
      : `Expected ${label(expected)} but found ${show(actual)}.`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `Unexpected ${show(firstRedundant)}: expected the start of a statement.`,
  buildNoViableAltMessage: ({ actual, ruleName }) => `Unexpected ${show(actual[0])} in ${describeRule(ruleName)}.`,
  buildEarlyExitMessage: ({ actual, ruleName }) => `Unexpected ${show(actual[0])} in ${describeRule(ruleName)}.`,
};

function describeRule(rule: string): string {
  switch (rule) {
    case 'statement':
      return 'a statement (expected data, param, let, prior, derive, fit or `column ~ Distribution(...)`)';
    case 'primary':
    case 'unary':
    case 'power':
    case 'multiplicative':
    case 'additive':
    case 'expression':
    case 'indexArg':
      return 'an expression (expected a number, a name or "(")';
    case 'constraint':
      return 'a constraint (expected "> number", "< number", "in (lo, hi)" or "simplex")';
    case 'indexSpec':
      return 'an index (expected a factor column, factor(column) or a range 1:K)';
    case 'fitValue':
      return 'a fit option (expected a word or a number)';
    case 'signedNumber':
      return 'a number';
    default: {
      const words: Record<string, string> = {
        dataStmt: 'a data statement',
        paramStmt: 'a param statement',
        paramName: 'a parameter name',
        refClause: 'a ref clause',
        indexList: 'an index',
        letStmt: 'a let statement',
        priorStmt: 'a prior statement',
        deriveStmt: 'a derive statement',
        fitStmt: 'a fit statement',
        fitOption: 'a fit option',
        likelihoodStmt: 'a likelihood statement',
        censorClause: 'a censoring clause (expected "censored right when COND" or "censored left when COND")',
        truncationClause: 'a truncation clause (expected "truncated (LO, HI)")',
        distCall: 'a distribution',
        argList: 'an argument list',
        argument: 'an argument',
        file: 'the model',
      };
      return words[rule] ?? 'the model';
    }
  }
}

export class MleParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'full',
      errorMessageProvider: messages,
      maxLookahead: 3,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataStmt) },
      { ALT: () => this.SUBRULE(this.paramStmt) },
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.priorStmt) },
      { ALT: () => this.SUBRULE(this.deriveStmt) },
      { ALT: () => this.SUBRULE(this.fitStmt) },
      { ALT: () => this.SUBRULE(this.likelihoodStmt) },
      { ALT: () => this.CONSUME(T.Semicolon) },
    ]);
  });

  /**
   * `data "x.csv" [table "t"] [na "-", "n/a"]`: `table` and `na` are words only here (a column may be called `na` or
   * `table`), so they are Identifiers gated on their text; the lookahead (a name, then a string) keeps a following
   * `na ~ …` statement apart.
   */
  dataStmt = this.RULE('dataStmt', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.StringLit);
    this.OPTION({
      GATE: () => this.LA(1).image === 'table' && this.LA(2).tokenType === T.StringLit,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'tableWord' });
        this.CONSUME3(T.StringLit, { LABEL: 'tableName' });
      },
    });
    this.OPTION2({
      GATE: () => this.LA(1).image === 'na',
      DEF: () => {
        this.CONSUME2(T.Identifier);
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.StringLit) });
      },
    });
  });

  paramStmt = this.RULE('paramStmt', () => {
    this.CONSUME(T.Param);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.paramName) });
    this.OPTION(() => this.SUBRULE(this.refClause));
    this.OPTION2(() => this.OR([{ ALT: () => this.SUBRULE(this.constraint) }, { ALT: () => this.CONSUME(T.Simplex) }]));
    this.OPTION3(() => {
      this.CONSUME(T.Init);
      this.SUBRULE(this.signedNumber);
    });
  });

  /** `b` or `b[wool, factor(cyl), 1:3]`: a parameter, or a vector of them with one element per level. */
  paramName = this.RULE('paramName', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexSpec) });
      this.CONSUME(T.RBracket);
    });
  });

  indexSpec = this.RULE('indexSpec', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLit);
          this.CONSUME(T.Colon);
          this.CONSUME2(T.NumberLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.OR2([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(T.BacktickIdent) }]);
            this.CONSUME(T.RParen);
          });
        },
      },
      { ALT: () => this.CONSUME2(T.BacktickIdent) },
    ]);
  });

  refClause = this.RULE('refClause', () => {
    this.CONSUME(T.Ref);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  constraint = this.RULE('constraint', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Greater);
          this.SUBRULE(this.signedNumber);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Less);
          this.SUBRULE2(this.signedNumber);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.CONSUME(T.LParen);
          this.SUBRULE3(this.signedNumber);
          this.CONSUME(T.Comma);
          this.SUBRULE4(this.signedNumber);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
    this.CONSUME(T.NumberLit);
  });

  letStmt = this.RULE('letStmt', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  priorStmt = this.RULE('priorStmt', () => {
    this.CONSUME(T.Prior);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.distCall);
  });

  deriveStmt = this.RULE('deriveStmt', () => {
    this.CONSUME(T.Derive);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  fitStmt = this.RULE('fitStmt', () => {
    this.CONSUME(T.Fit);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.fitOption) });
  });

  fitOption = this.RULE('fitOption', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.fitValue);
  });

  fitValue = this.RULE('fitValue', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.signedNumber) }]);
  });

  likelihoodStmt = this.RULE('likelihoodStmt', () => {
    this.SUBRULE(this.expression);
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.distCall);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.censorClause) }, { ALT: () => this.SUBRULE(this.truncationClause) }]),
    );
  });

  /** `censored right when status == 0`: rows where the condition holds contribute log S(y) (left: log F(y)). */
  censorClause = this.RULE('censorClause', () => {
    this.CONSUME(T.Censored);
    this.OR([{ ALT: () => this.CONSUME(T.Right) }, { ALT: () => this.CONSUME(T.Left) }]);
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
  });

  /** `truncated (1, inf)`: the density is divided by P(LO < Y < HI). */
  truncationClause = this.RULE('truncationClause', () => {
    this.CONSUME(T.Truncated);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expression);
    this.CONSUME(T.RParen);
  });

  distCall = this.RULE('distCall', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argList);
  });

  argList = this.RULE('argList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expression);
  });

  /** Comparisons have the lowest precedence and do not chain: `a < b < c` is a syntax error. */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.LessEq) },
        { ALT: () => this.CONSUME(T.Greater) },
        { ALT: () => this.CONSUME(T.GreaterEq) },
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  /** `^` is right-associative and binds tighter than unary minus: -x^2 = -(x^2), 2^-1 allowed. */
  power = this.RULE('power', () => {
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary);
    });
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() =>
            this.OR2([{ ALT: () => this.SUBRULE(this.argList) }, { ALT: () => this.SUBRULE(this.indexList) }]),
          );
        },
      },
      { ALT: () => this.CONSUME(T.BacktickIdent) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** `b[wool]`, `b["B", "H"]`, `mu[2]`: an element of a vector parameter, or each row's element. */
  indexList = this.RULE('indexList', () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexArg) });
    this.CONSUME(T.RBracket);
  });

  indexArg = this.RULE('indexArg', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.SUBRULE(this.expression) }]);
  });
}

/** One parser instance, reused for every document (Chevrotain's recommended use). */
export const parserInstance = new MleParser();
