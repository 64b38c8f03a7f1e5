/**
 * Go's `%q` quoting, for error messages that keep the Go reference's wording: users
 * search for those texts, and a found value must show its invisible characters.
 */

/** `%q` of a string: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += ch === '"' ? '\\"' : escapeChar(ch);
  return out + '"';
}

/** `%q` of one character: a single-quoted Go rune literal. */
export function goQuoteChar(ch: string): string {
  return `'${ch === "'" ? "\\'" : escapeChar(ch)}'`;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\v':
      return '\\v';
  }
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if ((code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfeff) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return ch;
}
