/**
 * What each syntax error of the grammar is called and says. It takes a chevrotain
 * recognition exception, with the token vector it came from, and gives a stable code (the
 * fast parser's, where it has one for the same mistake), a message that starts in the Go
 * reference's words and says what was expected and what was found, and the offending
 * token's range.
 *
 * The error message provider runs inside the parser and only records what chevrotain
 * knows there (the expected token types and the rule); the wording is decided here, from
 * the token found and the tokens before it, because the lexer's modes make a token's type
 * say where in a line it stands.
 */
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import { type Code, ParseCode } from '../diagnostics.js';
import { goQuote, goQuoteChar } from '../parse/core/go-quote.js';
import {
  BadEscape,
  BadTimestamp,
  BadValue,
  Blanks,
  CloseQuote,
  Comma,
  Equals,
  Escape,
  Junk,
  LBrace,
  LabelName,
  LineJunk,
  MetricName,
  Newline,
  OpenQuote,
  Spurious,
  StringChars,
  Timestamp,
  Value,
} from './tokens.js';

/** What chevrotain knows when an error happens; carried as JSON in the exception's message. */
interface ErrorFacts {
  expected: string[];
  rule: string;
}

/** The message chevrotain keeps in an exception: what the parser expected, and where. */
export function errorFacts(expected: TokenType[], rule: string): string {
  return JSON.stringify({ expected: [...new Set(expected.map((t) => t.name))], rule } satisfies ErrorFacts);
}

export const syntaxErrorProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => errorFacts([expected], ruleName),
  buildNotAllInputParsedMessage: ({ ruleName }) => errorFacts([EOF], ruleName),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    errorFacts(
      expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])),
      ruleName,
    ),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    errorFacts(
      expectedIterationPaths.map((path) => path[0]),
      ruleName,
    ),
};

export interface SyntaxProblem {
  code: Code;
  message: string;
  /** Offset of the offending token; `text.length` for the end of the input. */
  start: number;
  /** Offset just after it. */
  end: number;
  /**
   * Where a reader going left to right knows of the error (LineError's `noticedAt`): the
   * end of a token judged whole (a value, a timestamp), else its start. Input that stops
   * before this point ends in `unexpected end of input stream` instead.
   */
  noticedAt: number;
}

// Tokens that are wrong only as a whole: a reader learns so at their end.
const JUDGED_WHOLE: string[] = [ParseCode.INVALID_VALUE, ParseCode.INVALID_TIMESTAMP, ParseCode.SPURIOUS_AFTER_TIMESTAMP];

/** Names the error `error`, raised while parsing `tokens` of `text`. */
export function describeSyntaxError(error: IRecognitionException, tokens: readonly IToken[], text: string): SyntaxProblem {
  const found = error.token;
  const atEnd = found.tokenType === EOF || Number.isNaN(found.startOffset);
  const start = atEnd ? text.length : found.startOffset;
  const end = atEnd ? text.length : found.startOffset + found.image.length;
  const at = atEnd ? tokens.length : indexOfToken(tokens, start);
  const { expected, rule } = readFacts(error.message);
  const [code, message] = classify({ found, atEnd, at, tokens, expected, rule, ruleStack: error.context?.ruleStack ?? [] });
  let noticedAt = start;
  if (JUDGED_WHOLE.includes(code) && !isToken(found, Newline)) noticedAt = end;
  else if (code === ParseCode.INVALID_ESCAPE) noticedAt = start + 1; // the character after the backslash
  return { code, message, start, end, noticedAt };
}

const isToken = (token: IToken, type: TokenType) => token.tokenType !== EOF && tokenMatcher(token, type);

interface Context {
  found: IToken;
  atEnd: boolean;
  at: number;
  tokens: readonly IToken[];
  expected: string[];
  rule: string;
  ruleStack: string[];
}

// In order: the found token's type settles most cases; the tokens before it settle labels.
function classify(c: Context): [Code, string] {
  const { found, tokens, at } = c;
  const is = (type: TokenType) => !c.atEnd && tokenMatcher(found, type);
  const expects = (type: TokenType) => c.expected.includes(type.name);
  if (c.atEnd) return [ParseCode.UNEXPECTED_EOF, 'unexpected end of input stream'];
  if (is(BadEscape)) {
    const escaped = found.image.slice(1);
    const what = escaped === '' ? 'a backslash at the end of the line' : `'\\${escaped}'`;
    return [ParseCode.INVALID_ESCAPE, `invalid escape sequence ${what}: expected \\\\, \\" or \\n`];
  }
  if (is(LineJunk)) {
    const expected = "expected a metric name, '{' or '#' at the start of a line";
    return [ParseCode.INVALID_METRIC_NAME, `invalid metric name: ${expected}, found ${foundText(found)}`];
  }
  if (is(Junk)) {
    const afterName = previousSignificant(tokens, at);
    const name = afterName !== undefined && (tokenMatcher(afterName, MetricName) || tokenMatcher(afterName, CloseQuote));
    const what = name ? 'a blank after the metric name' : 'a metric name';
    return [ParseCode.INVALID_COMMENT_NAME, `invalid metric name in comment: expected ${what}, found ${foundText(found)}`];
  }
  if (is(Spurious)) {
    return [ParseCode.SPURIOUS_AFTER_TIMESTAMP, `spurious string after timestamp: ${goQuote(found.image)}: expected the end of the line`];
  }
  if (is(BadTimestamp) || expects(Timestamp)) {
    const token = is(BadTimestamp) ? found.image : '';
    const hint = token === '' ? ' (trailing whitespace after the value?)' : ' (an integer of milliseconds)';
    return [ParseCode.INVALID_TIMESTAMP, `expected integer as timestamp, got ${goQuote(token)}${hint}`];
  }
  if ((is(Value) || is(BadValue)) && c.rule === 'sample') {
    const name = sampleNameBefore(tokens, at);
    return [ParseCode.INVALID_METRIC_NAME, `unexpected character ${foundText(found)} after metric name ${goQuote(name)}: expected a blank or '{'`];
  }
  if (is(BadValue) || expects(Value) || (c.rule === 'sample' && is(Newline))) {
    const token = is(BadValue) ? found.image : '';
    return [ParseCode.INVALID_VALUE, `expected float as value, got ${goQuote(token)}`];
  }
  if (is(Newline) && (expects(CloseQuote) || expects(StringChars))) {
    const what = stringKind(c.ruleStack);
    const soFar = goQuote(stringBefore(tokens, at));
    return [ParseCode.UNESCAPED_NEWLINE, `${what} ${soFar} contains unescaped new-line: expected '"' before the end of the line`];
  }
  if (expects(Equals)) return [ParseCode.EXPECTED_EQUALS, `expected '=' after label name, found ${foundText(found)}`];
  if (expects(OpenQuote)) return [ParseCode.EXPECTED_QUOTE, `expected '"' at start of label value, found ${foundText(found)}`];
  return labelListError(c);
}

// Inside braces, after a name, a value, `{` or `,`: what came last decides what was wrong.
function labelListError(c: Context): [Code, string] {
  const { tokens, at, found } = c;
  const before = at - 1 >= 0 ? previousSignificantIndex(tokens, at) : -1;
  const previous = before >= 0 ? tokens[before] : undefined;
  if (previous && tokenMatcher(previous, CloseQuote) && closesLabelValue(tokens, before)) {
    return [
      ParseCode.UNEXPECTED_END_OF_LABEL_VALUE,
      `unexpected end of label value ${goQuote(stringBefore(tokens, before))}: expected ',' or '}', found ${foundText(found)}`,
    ];
  }
  if (previous && (tokenMatcher(previous, LabelName) || tokenMatcher(previous, CloseQuote))) {
    const name = tokenMatcher(previous, LabelName) ? previous.image : stringBefore(tokens, before);
    return [ParseCode.UNEXPECTED_END_OF_NAME, `unexpected end of metric name ${goQuote(name)}: expected ',' or '}', found ${foundText(found)}`];
  }
  if (previous && (tokenMatcher(previous, LBrace) || tokenMatcher(previous, Comma))) {
    return [ParseCode.INVALID_LABEL_NAME, `invalid label name: expected a label name or '}', found ${foundText(found)}`];
  }
  // Not reached by any input the tests know; kept general rather than wrong.
  return [ParseCode.INVALID_METRIC_NAME, `syntax error: found ${foundText(found)}, expected ${c.expected.join(' or ')} in ${c.rule}`];
}

function readFacts(message: string): ErrorFacts {
  try {
    return JSON.parse(message) as ErrorFacts;
  } catch {
    return { expected: [], rule: '' };
  }
}

function foundText(token: IToken): string {
  if (tokenMatcher(token, Newline)) return 'end of line';
  return goQuoteChar(String.fromCodePoint(token.image.codePointAt(0) ?? 0));
}

/** Which kind of quoted string an error inside one belongs to, from the rules around it. */
function stringKind(ruleStack: string[]): string {
  const n = ruleStack.length;
  const parent = ruleStack[n - 1] === 'stringContent' ? ruleStack[n - 3] : ruleStack[n - 2];
  if (parent === 'labelName') return 'label name';
  if (parent === 'labelPair' || parent === 'labelElement') return 'label value';
  return 'metric name';
}

/** Whether the CloseQuote at `close` ends a label value (its string follows `=`). */
function closesLabelValue(tokens: readonly IToken[], close: number): boolean {
  let i = close - 1;
  while (i >= 0 && !tokenMatcher(tokens[i], OpenQuote)) i--;
  const before = previousSignificant(tokens, i);
  return before !== undefined && tokenMatcher(before, Equals);
}

/** The unescaped text of the string whose content ends just before `at`. */
function stringBefore(tokens: readonly IToken[], at: number): string {
  let i = at - 1;
  while (i >= 0 && (tokenMatcher(tokens[i], StringChars) || tokenMatcher(tokens[i], Escape) || tokenMatcher(tokens[i], BadEscape))) i--;
  let out = '';
  for (let j = i + 1; j < at; j++) {
    const image = tokens[j].image;
    out += tokenMatcher(tokens[j], Escape) ? (image[1] === 'n' ? '\n' : image[1]) : image;
  }
  return out;
}

function sampleNameBefore(tokens: readonly IToken[], at: number): string {
  const previous = tokens[at - 1];
  if (previous === undefined) return '';
  return tokenMatcher(previous, CloseQuote) ? stringBefore(tokens, at - 1) : previous.image;
}

function previousSignificantIndex(tokens: readonly IToken[], at: number): number {
  let i = at - 1;
  while (i >= 0 && tokenMatcher(tokens[i], Blanks)) i--;
  return i;
}

function previousSignificant(tokens: readonly IToken[], at: number): IToken | undefined {
  const i = previousSignificantIndex(tokens, at);
  return i >= 0 ? tokens[i] : undefined;
}

/**
 * The end of the element starting at `offset`, for the range of a semantic error found
 * there: a whole quoted string from its opening quote, else the token.
 */
export function elementEnd(tokens: readonly IToken[], offset: number): number {
  let i = indexOfToken(tokens, offset);
  const token = tokens[i];
  if (token === undefined || token.startOffset !== offset) return offset;
  if (tokenMatcher(token, OpenQuote)) {
    while (i + 1 < tokens.length && !tokenMatcher(tokens[i], CloseQuote) && !tokenMatcher(tokens[i + 1], Newline)) i++;
  }
  return tokens[i].startOffset + tokens[i].image.length;
}

/** Index of the token starting at `offset` (tokens are in input order). */
function indexOfToken(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = tokens[mid].startOffset;
    if (o === offset) return mid;
    if (o < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}
