/**
 * The tokens of text format 0.0.4 and the multi-mode lexer that produces them. It takes
 * the whole input and gives a token vector the grammar (rules.ts) reads; it never fails,
 * because every mode ends in a catch-all token: a character nothing expects becomes a
 * token the grammar rejects, so each syntax error is a parser error with a position.
 *
 * The format is context-sensitive (HELP text is the rest of the line, a value is any run
 * of non-blanks, `{` means labels only in some places), so the lexer has a mode per place
 * in a line. The `line` mode is the base of the mode stack and only ever sees line
 * starts: its tokens push one mode, every later switch pops and pushes (a goto), and LF
 * pops back. The stack is never deeper than two, so an error anywhere in a line cannot
 * leave the lexer lost on the next one.
 *
 * Several places need the same token with a different mode switch (a quote opens a
 * metric name, a label or a HELP name). Those are separate token types sharing a
 * category; the grammar names the category.
 */
import { Lexer, createToken, type IToken, type TokenType } from 'chevrotain';

// Categories: what the grammar consumes.
export const Newline = createToken({ name: 'Newline', pattern: Lexer.NA });
export const Blanks = createToken({ name: 'Blanks', pattern: /[ \t]+/ });
export const OpenQuote = createToken({ name: 'OpenQuote', pattern: Lexer.NA });
export const CloseQuote = createToken({ name: 'CloseQuote', pattern: Lexer.NA });
export const MetricName = createToken({ name: 'MetricName', pattern: Lexer.NA });
export const LBrace = createToken({ name: 'LBrace', pattern: Lexer.NA });
export const Value = createToken({ name: 'Value', pattern: Lexer.NA });

const LEGACY_METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/;
// A token that must be the whole blank-delimited word, not a prefix of it.
const WORD_END = '(?![^ \\t\\n])';

// --- line starts (mode `line`, the base of the stack) ---
/** LF of an empty or blank line: no mode to pop. */
const BlankLineEnd = createToken({ name: 'BlankLineEnd', pattern: /\n/, line_breaks: true, categories: [Newline] });
/** Leading blanks mean nothing, and a blank-only last line needs no LF: skipped. */
const Indent = createToken({ name: 'Indent', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const Hash = createToken({ name: 'Hash', pattern: /#/, push_mode: 'comment' });
export const LineLBrace = createToken({ name: 'LineLBrace', pattern: /\{/, push_mode: 'labels', categories: [LBrace] });
export const LineQuote = createToken({ name: 'LineQuote', pattern: /"/, push_mode: 'nameString', categories: [OpenQuote] });
export const LineMetricName = createToken({
  name: 'LineMetricName',
  pattern: LEGACY_METRIC_NAME,
  push_mode: 'afterName',
  categories: [MetricName],
});
/** Anything else at a line start: the rest of the line, so nothing in it is read as a new line. */
export const LineJunk = createToken({ name: 'LineJunk', pattern: /[^\n]+/ });

// --- shared by the modes inside a line ---
/** LF inside a line: back to the line mode. */
const LineEnd = createToken({ name: 'LineEnd', pattern: /\n/, line_breaks: true, pop_mode: true, categories: [Newline] });
/** A word that cannot start anything expected here. */
export const Junk = createToken({ name: 'Junk', pattern: /[^ \t\n]+/ });
export const StringChars = createToken({ name: 'StringChars', pattern: /[^"\\\n]+/ });
export const Escape = createToken({ name: 'Escape', pattern: /\\[\\"n]/ });
/** Any other backslash, also one right before LF. */
export const BadEscape = createToken({ name: 'BadEscape', pattern: /\\[^\n]?/ });

// --- comments (after `#`) ---
export const HelpKeyword = createToken({ name: 'HelpKeyword', pattern: /HELP(?=[ \t])/, pop_mode: true, push_mode: 'metaName' });
export const TypeKeyword = createToken({ name: 'TypeKeyword', pattern: /TYPE(?=[ \t])/, pop_mode: true, push_mode: 'metaName' });
export const CommentText = createToken({ name: 'CommentText', pattern: /[^\n]+/ });

// --- HELP/TYPE name and text ---
const MetaQuote = createToken({ name: 'MetaQuote', pattern: /"/, pop_mode: true, push_mode: 'metaString', categories: [OpenQuote] });
const MetaMetricName = createToken({
  name: 'MetaMetricName',
  pattern: LEGACY_METRIC_NAME,
  pop_mode: true,
  push_mode: 'metaAfterName',
  categories: [MetricName],
});
const MetaCloseQuote = createToken({
  name: 'MetaCloseQuote',
  pattern: /"/,
  pop_mode: true,
  push_mode: 'metaAfterName',
  categories: [CloseQuote],
});
/** The blanks between a HELP/TYPE name and its text. */
export const TextSeparator = createToken({
  name: 'TextSeparator',
  pattern: /[ \t]+/,
  pop_mode: true,
  push_mode: 'metaText',
  categories: [Blanks],
});
/** HELP text or TYPE word between escapes; a `"` is ordinary here. */
export const TextChars = createToken({ name: 'TextChars', pattern: /[^\\\n]+/ });

// --- samples ---
const NameCloseQuote = createToken({
  name: 'NameCloseQuote',
  pattern: /"/,
  pop_mode: true,
  push_mode: 'afterName',
  categories: [CloseQuote],
});
const NameLBrace = createToken({ name: 'NameLBrace', pattern: /\{/, pop_mode: true, push_mode: 'labels', categories: [LBrace] });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, pop_mode: true, push_mode: 'afterLabels' });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
const LabelQuote = createToken({
  name: 'LabelQuote',
  pattern: /"/,
  pop_mode: true,
  push_mode: 'labelString',
  categories: [OpenQuote],
});
const LabelCloseQuote = createToken({
  name: 'LabelCloseQuote',
  pattern: /"/,
  pop_mode: true,
  push_mode: 'labels',
  categories: [CloseQuote],
});
/** Legacy label name, also a bare metric name in braces: no colon. */
export const LabelName = createToken({ name: 'LabelName', pattern: /[a-zA-Z_][a-zA-Z0-9_]*/ });
const LabelJunk = createToken({ name: 'LabelJunk', pattern: /[^ \t\n"}=,]+/ });

// Go's ParseFloat grammar behind expfmt's p/P/_ guard: decimal, Inf/Infinity with a sign, NaN without.
const toValue = { pop_mode: true, push_mode: 'afterValue', categories: [Value] };
const DecimalValue = createToken({
  name: 'DecimalValue',
  pattern: new RegExp(`[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?${WORD_END}`),
  start_chars_hint: ['+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  ...toValue,
});
export const InfValue = createToken({
  name: 'InfValue',
  pattern: new RegExp(`[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?${WORD_END}`),
  start_chars_hint: ['+', '-', 'i', 'I'],
  ...toValue,
});
export const NaNValue = createToken({
  name: 'NaNValue',
  pattern: new RegExp(`[nN][aA][nN]${WORD_END}`),
  start_chars_hint: ['n', 'N'],
  ...toValue,
});
export const BadValue = createToken({ name: 'BadValue', pattern: /[^ \t\n]+/, pop_mode: true, push_mode: 'afterValue' });

/** Go's ParseInt(s, 10, 64) syntax; the range is checked on conversion. */
export const Timestamp = createToken({
  name: 'Timestamp',
  pattern: new RegExp(`[+-]?\\d+${WORD_END}`),
  start_chars_hint: ['+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  pop_mode: true,
  push_mode: 'afterTimestamp',
});
export const BadTimestamp = createToken({ name: 'BadTimestamp', pattern: /[^ \t\n]+/, pop_mode: true, push_mode: 'afterTimestamp' });
/** Whatever follows a timestamp, blanks included. */
export const Spurious = createToken({ name: 'Spurious', pattern: /[^\n]+/ });

const values = [DecimalValue, InfValue, NaNValue, BadValue];
const stringBody = [LineEnd, StringChars, Escape, BadEscape];

/** Modes, each listing its tokens in match order (first match wins, not longest). */
const modes: Record<string, TokenType[]> = {
  line: [BlankLineEnd, Indent, Hash, LineLBrace, LineQuote, LineMetricName, LineJunk],
  comment: [LineEnd, Blanks, HelpKeyword, TypeKeyword, CommentText],
  metaName: [LineEnd, Blanks, MetaQuote, MetaMetricName, Junk],
  metaString: [...stringBody, MetaCloseQuote],
  metaAfterName: [LineEnd, TextSeparator, Junk],
  metaText: [LineEnd, TextChars, Escape, BadEscape],
  nameString: [...stringBody, NameCloseQuote],
  afterName: [LineEnd, Blanks, NameLBrace, ...values],
  labels: [LineEnd, Blanks, RBrace, Equals, Comma, LabelQuote, LabelName, LabelJunk],
  labelString: [...stringBody, LabelCloseQuote],
  afterLabels: [LineEnd, Blanks, ...values],
  afterValue: [LineEnd, Blanks, Timestamp, BadTimestamp],
  afterTimestamp: [LineEnd, Spurious],
};

/** Every token type, categories included, for the parser. */
export const allTokens: TokenType[] = [Newline, OpenQuote, CloseQuote, MetricName, LBrace, Value, ...new Set(Object.values(modes).flat())];

// Offsets are enough: lines and code-point columns are computed from them.
const exposition04Lexer = new Lexer({ modes, defaultMode: 'line' }, { positionTracking: 'onlyOffset', ensureOptimizations: false });

/** Tokens of a whole input. The catch-alls make lexer errors impossible; one would be a bug here. */
export function tokenize(text: string): IToken[] {
  const result = exposition04Lexer.tokenize(text);
  if (result.errors.length > 0) throw new Error(`expofmt grammar lexer bug: ${result.errors[0].message}`);
  return result.tokens;
}
