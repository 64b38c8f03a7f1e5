/**
 * Hints for the classic mistakes behind a syntax error, on the diagnostic they cause:
 * Windows line endings, a byte order mark, a body that lost its newlines (curl `-d`), a
 * label value whose closing quote is missing (the caret moves to its opening quote).
 * `lint` and the CLI's `parse`/`fmt` add them the same way, so both word an error alike.
 */
import { type Diagnostic, type SourceText, lineOf } from './diagnostics.js';

const CRLF = 'this line ends with CR LF (Windows line endings); the format wants LF alone: convert the file (e.g. dos2unix)';
const BOM = 'the input starts with a byte order mark (U+FEFF, bytes EF BB BF); save it as UTF-8 without BOM';
const NO_FINAL_NEWLINE = 'the input does not end with a newline; if it was sent with curl -d, which strips newlines, send it with --data-binary @FILE';
const UNTERMINATED = 'the label value opened by this quote has no closing quote on its line';

/** What hints remember across calls over parts of one input (a file explained line by line). */
export interface HintState {
  /** CRLF is said once per input, at its first error. */
  crlfShown: boolean;
}

/** The diagnostics, with hints added (and an unterminated value's caret at its opening quote); syntax errors only. */
export function addHints(diagnostics: readonly Diagnostic[], source: SourceText, state: HintState = { crlfShown: false }): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.severity !== 'error' || d.line < 1 || d.hint !== undefined) return d;
    const line = lineOf(source, d.line);
    if (line === undefined) return d;
    if (d.line === 1 && source.text.charCodeAt(0) === 0xfeff && d.column <= 2) return { ...d, hint: BOM };
    if (!state.crlfShown && line.endsWith('\r')) {
      state.crlfShown = true;
      return { ...d, hint: CRLF };
    }
    if ((d.code === 'E_UNEXPECTED_EOF' || d.code === 'E_OM_MISSING_EOF') && !source.text.endsWith('\n') && source.text.length > 0) {
      return { ...d, hint: NO_FINAL_NEWLINE };
    }
    if (d.code === 'E_UNESCAPED_NEWLINE' || d.code === 'E_OM_UNTERMINATED_LABEL_VALUE') {
      const quote = openQuoteColumn(line);
      if (quote !== undefined) return { ...d, column: quote, hint: UNTERMINATED };
    }
    return d;
  });
}

/** The 1-based code-point column of the quote that opens a string still open at the end of the line. */
function openQuoteColumn(line: string): number | undefined {
  let open: number | undefined;
  let column = 0;
  let escaped = false;
  for (const c of line) {
    column++;
    if (open !== undefined && escaped) escaped = false;
    else if (open !== undefined && c === '\\') escaped = true;
    else if (c === '"') open = open === undefined ? column : undefined;
    // A `#` outside quotes starts a comment (HELP text may hold quotes): nothing to point at.
    else if (open === undefined && c === '#' && column === 1) return undefined;
  }
  return open;
}
