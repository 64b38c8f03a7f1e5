/** Char codes the scanners compare against, named so the loops read as the grammar. */
export const LF = 0x0a;
const TAB = 0x09;
export const SPACE = 0x20;
export const HASH = 0x23;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const COMMA = 0x2c;
export const EQUALS = 0x3d;
const COLON = 0x3a;
const UNDERSCORE = 0x5f;
export const PLUS = 0x2b;
export const MINUS = 0x2d;
export const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

// Character classes of name characters, one bit each, looked up by char code: a table
// read is cheaper than the chain of range tests it replaces, on the hottest loops.
const LABEL_START = 1;
const LABEL_CHAR = 2;
const METRIC_START = 4;
const METRIC_CHAR = 8;
const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === UNDERSCORE;
  const digit = c >= DIGIT_0 && c <= DIGIT_9;
  CLASSES[c] = (letter ? LABEL_START | METRIC_START : 0) | (letter || digit ? LABEL_CHAR | METRIC_CHAR : 0) | (c === COLON ? METRIC_START | METRIC_CHAR : 0);
}

/** `[a-zA-Z_]`: first character of a legacy label name. */
export function isLabelNameStart(c: number): boolean {
  return c < 128 && (CLASSES[c] & LABEL_START) !== 0;
}

/** `[a-zA-Z0-9_]` */
export function isLabelNameChar(c: number): boolean {
  return c < 128 && (CLASSES[c] & LABEL_CHAR) !== 0;
}

/** `[a-zA-Z_:]`: first character of a legacy metric name. */
export function isMetricNameStart(c: number): boolean {
  return c < 128 && (CLASSES[c] & METRIC_START) !== 0;
}

/** `[a-zA-Z0-9_:]` */
export function isMetricNameChar(c: number): boolean {
  return c < 128 && (CLASSES[c] & METRIC_CHAR) !== 0;
}
