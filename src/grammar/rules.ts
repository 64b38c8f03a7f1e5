/**
 * The grammar of text format 0.0.4 as a chevrotain CstParser: it takes the token vector
 * of tokens.ts and gives a concrete syntax tree plus every syntax error, each a chevrotain
 * recognition exception on the token where the input left the grammar. Syntax only:
 * what the lines mean is actions.ts's job, and error wording is messages.ts's.
 *
 *   exposition     := line*
 *   line           := lineContent? Newline
 *   lineContent    := comment | namelessSample | sample | invalidLine
 *   invalidLine    := LineJunk                                  (an error production)
 *   comment        := '#' Blanks? (helpLine | typeLine | CommentText)?
 *   helpLine       := HELP Blanks (metaName (TextSeparator helpText?)?)?
 *   typeLine       := TYPE Blanks (metaName (TextSeparator typeText?)?)?
 *   metaName       := MetricName | quotedString
 *   helpText       := (TextChars | Escape)+
 *   typeText       := (TextChars | Escape | BadEscape)+          (the word is checked later)
 *   sample         := sampleName (labelSet Blanks? | Blanks (labelSet Blanks?)?) sampleValue
 *   sampleName     := LineMetricName | quotedName
 *   labelSet       := '{' Blanks? (labelPair (',' Blanks? labelPair)* (',' Blanks?)?)? '}'
 *   labelPair      := labelName Blanks? '=' Blanks? quotedString Blanks?
 *   namelessSample := '{' Blanks? (labelElement (',' Blanks? labelElement)* (',' Blanks?)?)? '}'
 *                     Blanks? sampleValue
 *   labelElement   := labelName Blanks? ('=' Blanks? quotedString Blanks?)?
 *   labelName      := LabelName | quotedString
 *   sampleValue    := Value (Blanks Timestamp)?
 *   quotedName     := LineQuote stringContent '"'
 *   quotedString   := '"' stringContent '"'
 *   stringContent  := (StringChars | Escape)*
 *
 * Recovery: only `line` and `lineContent` resynchronise. An error deeper in a line
 * unwinds to `lineContent`, whose follow set is just Newline, so the parser skips to the
 * end of that line and goes on with the next. Chevrotain's single-token recovery inside a
 * line is limited to two safe cases (see the overrides at the end). The rules that start a
 * line name the line-start tokens themselves (not their categories), so `line`'s own
 * resync set holds only tokens that occur at a line start and never lands in the middle
 * of one.
 *
 * A line that starts with no name, `#` or `{` is taken by the error production
 * `invalidLine`, and parseSyntax reports each one. Without it such a line would end the
 * top-level repetition, and chevrotain's in-repetition recovery, the way back in, calls
 * itself once per bad line: a file of many bad lines overflowed the stack. That recovery
 * is switched off.
 */
import { CstParser, EOF, type CstNode, type IRecognitionException, type IToken, MismatchedTokenException, type TokenType, tokenMatcher } from 'chevrotain';
import {
  BadEscape,
  Blanks,
  CloseQuote,
  Comma,
  CommentText,
  Equals,
  Escape,
  Hash,
  HelpKeyword,
  LBrace,
  LabelName,
  LineJunk,
  LineLBrace,
  LineMetricName,
  LineQuote,
  MetricName,
  Newline,
  OpenQuote,
  RBrace,
  StringChars,
  TextChars,
  TextSeparator,
  Timestamp,
  TypeKeyword,
  Value,
  allTokens,
  tokenize,
} from './tokens.js';
import { errorFacts, syntaxErrorProvider } from './messages.js';

export class ExpositionParser extends CstParser {
  constructor() {
    // k = 3 tells `, labelPair` from a trailing `, }` past the blanks between.
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: syntaxErrorProvider,
    });
    // Not in chevrotain's typings: the hook its constructor installs when recovery is on.
    (this as unknown as { attemptInRepetitionRecovery: () => void }).attemptInRepetitionRecovery = () => {};
    this.performSelfAnalysis();
  }

  readonly exposition = this.RULE('exposition', () => {
    this.MANY(() => this.SUBRULE(this.line));
  });

  readonly line = this.RULE('line', () => {
    this.OPTION(() => this.SUBRULE(this.lineContent));
    this.CONSUME(Newline);
  });

  readonly lineContent = this.RULE('lineContent', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.comment) },
      { ALT: () => this.SUBRULE(this.namelessSample) },
      { ALT: () => this.SUBRULE(this.sample) },
      { ALT: () => this.SUBRULE(this.invalidLine) },
    ]);
  });

  readonly invalidLine = this.inner('invalidLine', () => {
    this.CONSUME(LineJunk);
  });

  // --- comments ---

  readonly comment = this.inner('comment', () => {
    this.CONSUME(Hash);
    this.OPTION(() => this.CONSUME(Blanks));
    this.OPTION2(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.helpLine) }, { ALT: () => this.SUBRULE(this.typeLine) }, { ALT: () => this.CONSUME(CommentText) }]),
    );
  });

  readonly helpLine = this.inner('helpLine', () => {
    this.CONSUME(HelpKeyword);
    this.CONSUME(Blanks);
    this.OPTION(() => {
      this.SUBRULE(this.metaName);
      this.OPTION2(() => {
        this.CONSUME(TextSeparator);
        this.OPTION3(() => this.SUBRULE(this.helpText));
      });
    });
  });

  readonly typeLine = this.inner('typeLine', () => {
    this.CONSUME(TypeKeyword);
    this.CONSUME(Blanks);
    this.OPTION(() => {
      this.SUBRULE(this.metaName);
      this.OPTION2(() => {
        this.CONSUME(TextSeparator);
        this.OPTION3(() => this.SUBRULE(this.typeText));
      });
    });
  });

  readonly metaName = this.inner('metaName', () => {
    this.OR([{ ALT: () => this.CONSUME(MetricName) }, { ALT: () => this.SUBRULE(this.quotedString) }]);
  });

  readonly helpText = this.inner('helpText', () => {
    this.AT_LEAST_ONE(() => this.OR([{ ALT: () => this.CONSUME(TextChars) }, { ALT: () => this.CONSUME(Escape) }]));
  });

  // The TYPE word is taken raw, any backslash included; an unknown word is a semantic error.
  readonly typeText = this.inner('typeText', () => {
    this.AT_LEAST_ONE(() => this.OR([{ ALT: () => this.CONSUME(TextChars) }, { ALT: () => this.CONSUME(Escape) }, { ALT: () => this.CONSUME(BadEscape) }]));
  });

  // --- samples ---

  readonly sample = this.inner('sample', () => {
    this.SUBRULE(this.sampleName);
    // A value needs a blank before it unless labels come first: `a-1` is no sample.
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.labelSet);
          this.OPTION(() => this.CONSUME(Blanks));
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Blanks);
          this.OPTION2(() => {
            this.SUBRULE2(this.labelSet);
            this.OPTION3(() => this.CONSUME3(Blanks));
          });
        },
      },
    ]);
    this.SUBRULE(this.sampleValue);
  });

  readonly sampleName = this.inner('sampleName', () => {
    this.OR([{ ALT: () => this.CONSUME(LineMetricName) }, { ALT: () => this.SUBRULE(this.quotedName) }]);
  });

  readonly labelSet = this.inner('labelSet', () => {
    this.CONSUME(LBrace);
    this.OPTION(() => this.CONSUME(Blanks));
    this.OPTION2(() => {
      this.SUBRULE(this.labelPair);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION3(() => this.CONSUME2(Blanks));
        this.SUBRULE2(this.labelPair);
      });
      this.OPTION4(() => {
        this.CONSUME2(Comma);
        this.OPTION5(() => this.CONSUME3(Blanks));
      });
    });
    this.CONSUME(RBrace);
  });

  readonly labelPair = this.inner('labelPair', () => {
    this.SUBRULE(this.labelName);
    this.OPTION(() => this.CONSUME(Blanks));
    this.CONSUME(Equals);
    this.OPTION2(() => this.CONSUME2(Blanks));
    this.SUBRULE(this.quotedString);
    this.OPTION3(() => this.CONSUME3(Blanks));
  });

  // A line that starts with `{` names its metric inside the braces, as an element with no `=`.
  readonly namelessSample = this.inner('namelessSample', () => {
    this.CONSUME(LineLBrace);
    this.OPTION(() => this.CONSUME(Blanks));
    this.OPTION2(() => {
      this.SUBRULE(this.labelElement);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION3(() => this.CONSUME2(Blanks));
        this.SUBRULE2(this.labelElement);
      });
      this.OPTION4(() => {
        this.CONSUME2(Comma);
        this.OPTION5(() => this.CONSUME3(Blanks));
      });
    });
    this.CONSUME(RBrace);
    this.OPTION6(() => this.CONSUME4(Blanks));
    this.SUBRULE(this.sampleValue);
  });

  readonly labelElement = this.inner('labelElement', () => {
    this.SUBRULE(this.labelName);
    this.OPTION(() => this.CONSUME(Blanks));
    this.OPTION2(() => {
      this.CONSUME(Equals);
      this.OPTION3(() => this.CONSUME2(Blanks));
      this.SUBRULE(this.quotedString);
      this.OPTION4(() => this.CONSUME3(Blanks));
    });
  });

  readonly labelName = this.inner('labelName', () => {
    this.OR([{ ALT: () => this.CONSUME(LabelName) }, { ALT: () => this.SUBRULE(this.quotedString) }]);
  });

  readonly sampleValue = this.inner('sampleValue', () => {
    this.CONSUME(Value);
    this.OPTION(() => {
      this.CONSUME(Blanks);
      this.CONSUME(Timestamp);
    });
  });

  // --- quoted strings ---

  readonly quotedName = this.inner('quotedName', () => {
    this.CONSUME(LineQuote);
    this.SUBRULE(this.stringContent);
    this.CONSUME(CloseQuote);
  });

  readonly quotedString = this.inner('quotedString', () => {
    this.CONSUME(OpenQuote);
    this.SUBRULE(this.stringContent);
    this.CONSUME(CloseQuote);
  });

  readonly stringContent = this.inner('stringContent', () => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(StringChars) }, { ALT: () => this.CONSUME(Escape) }]));
  });

  /** A rule that does not resynchronise: its errors unwind to `lineContent`. */
  private inner(name: string, impl: () => void) {
    return this.RULE(name, impl, { resyncEnabled: false });
  }

  // Single-token recovery inside a line, kept to the two cases that cannot mislead: skip a
  // bad escape (the string around it still reads right, and its other errors are real),
  // and supply the LF missing at the end of the input (the line itself is whole). Other
  // guesses, such as a `=` or `"` supplied, sent the rest of the line astray into errors
  // that were not there, so such a line stops at its first error.
  protected override canTokenTypeBeDeletedInRecovery(_expected: TokenType): boolean {
    return tokenMatcher(this.LA(1), BadEscape);
  }

  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    return tokType === Newline && this.LA(1).tokenType === EOF;
  }
}

// Building the parser analyses the grammar (tens of milliseconds): do it once.
let shared: ExpositionParser | undefined;

/** The one parser instance; its visitor base class must come from the same instance. */
export function expositionParser(): ExpositionParser {
  return (shared ??= new ExpositionParser());
}

export interface SyntaxResult {
  cst: CstNode;
  /** Every syntax error: chevrotain's in the order found, then the error production's. */
  errors: IRecognitionException[];
  tokens: ReturnType<typeof tokenize>;
}

/** Lexes and parses a whole input. */
export function parseSyntax(text: string): SyntaxResult {
  const parser = expositionParser();
  const tokens = tokenize(text);
  parser.input = tokens;
  // Chevrotain makes an Error per failed attempt at recovery; their stacks are never read.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const cst = parser.exposition();
    return { cst, errors: [...parser.errors, ...invalidLines(cst)], tokens };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The errors of the error production: one per line that starts with nothing a line can start with. */
function invalidLines(cst: CstNode): IRecognitionException[] {
  const errors: IRecognitionException[] = [];
  for (const line of (cst.children.line ?? []) as CstNode[]) {
    const content = (line.children.lineContent ?? [])[0] as CstNode | undefined;
    const invalid = (content?.children.invalidLine ?? [])[0] as CstNode | undefined;
    const token = (invalid?.children.LineJunk ?? [])[0] as IToken | undefined;
    if (token === undefined) continue;
    const message = errorFacts([LineMetricName, LineQuote, LineLBrace, Hash], 'invalidLine');
    errors.push(new MismatchedTokenException(message, token, token));
  }
  return errors;
}
