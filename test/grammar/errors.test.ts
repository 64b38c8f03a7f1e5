/**
 * parseWithGrammar on invalid input: the exact line, column and code of the first error
 * (docs/format-rules.md §1-8 and expofmt's deliberate differences), the end-of-input
 * rules, and collect mode going on after each failing line.
 */
import { describe, expect, it } from 'vitest';
import { parseWithGrammar } from '../../src/grammar/index.js';
import { type Diagnostic, ParseError } from '../../src/index.js';

function firstError(text: string): Diagnostic {
  try {
    parseWithGrammar(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    const d = (error as ParseError).diagnostic;
    // Collect mode reports the same error first.
    expect(parseWithGrammar(text, { collectErrors: true }).diagnostics[0]).toEqual(d);
    return d;
  }
  throw new Error(`expected a ParseError for ${JSON.stringify(text)}`);
}

/** [what, input, line, column, code] */
const rows: [string, string, number, number, string][] = [
  // §1 lines and whitespace
  ['no LF at the end', 'a 1\nb 2', 2, 4, 'E_UNEXPECTED_EOF'],
  ['comment without LF at the end', 'a 1\n# x', 2, 4, 'E_UNEXPECTED_EOF'],
  ['CRLF: CR is part of the value', 'a 1\r\n', 1, 3, 'E_INVALID_VALUE'],
  ['CR alone on a line', 'a 1\n\r\n', 2, 1, 'E_INVALID_METRIC_NAME'],
  ['trailing blank after the value', 'a 1 \n', 1, 5, 'E_INVALID_TIMESTAMP'],
  ['trailing blank after the timestamp', 'a 1 2 \n', 1, 6, 'E_SPURIOUS_AFTER_TIMESTAMP'],
  ['value directly after the name', 'a-1\n', 1, 2, 'E_INVALID_METRIC_NAME'],
  ['no value', 'a\n', 1, 2, 'E_INVALID_VALUE'],
  ['no value after blanks', 'a{b="c"} \n', 1, 10, 'E_INVALID_VALUE'],
  // §2 comments
  ['bad name in HELP', '# TYPE met-ric gauge\n', 1, 11, 'E_INVALID_COMMENT_NAME'],
  ['HELP name starts badly', '# HELP 1a x\n', 1, 8, 'E_INVALID_COMMENT_NAME'],
  ['bad escape in HELP', '# HELP a \\x\n', 1, 10, 'E_INVALID_ESCAPE'],
  ['backslash ending a HELP line', '# HELP a x\\\n', 1, 11, 'E_INVALID_ESCAPE'],
  ['unknown type', '# TYPE a info\n', 1, 10, 'E_UNKNOWN_TYPE'],
  ['type with a trailing blank', '# TYPE a counter \n', 1, 10, 'E_UNKNOWN_TYPE'],
  ['type with a trailing CR', '# TYPE a counter\r\n', 1, 10, 'E_UNKNOWN_TYPE'],
  ['second TYPE', '# TYPE a gauge\n# TYPE a gauge\n', 2, 8, 'E_DUPLICATE_TYPE'],
  ['TYPE after samples', 'a 1\n# TYPE a gauge\n', 2, 8, 'E_DUPLICATE_TYPE'],
  ['TYPE of a summary part', '# TYPE a summary\n# TYPE a_sum gauge\n', 2, 8, 'E_DUPLICATE_TYPE'],
  ['second HELP', '# HELP a x\n# HELP a y\n', 2, 8, 'E_DUPLICATE_HELP'],
  // §3 names
  ['line starting with @', '@x 1\n', 1, 1, 'E_INVALID_METRIC_NAME'],
  ['indented line starting with a digit', 'a 1\n  1a 1\n', 2, 3, 'E_INVALID_METRIC_NAME'],
  ['empty quoted name', '"" 1\n', 1, 1, 'E_INVALID_METRIC_NAME'],
  ['no name at all', '{} 1\n', 1, 1, 'E_MISSING_METRIC_NAME'],
  ['labels but no name', 'a 1\n{a="b"} 1\n', 2, 1, 'E_MISSING_METRIC_NAME'],
  ['empty name in braces', '{""} 1\n', 1, 2, 'E_INVALID_METRIC_NAME'],
  ['two names in braces', '{a,b} 1\n', 1, 4, 'E_MULTIPLE_METRIC_NAMES'],
  ['a name outside and inside', 'a{"b"} 1\n', 1, 6, 'E_EXPECTED_EQUALS'],
  ['quoted name in braces then junk', '{"a.b" "c"} 1\n', 1, 8, 'E_UNEXPECTED_END_OF_NAME'],
  ['raw LF in a quoted name', '"a.b\nc" 1\n', 1, 5, 'E_UNESCAPED_NEWLINE'],
  ['bad escape in a quoted name', '{"a\\u"} 1\n', 1, 4, 'E_INVALID_ESCAPE'],
  ['reserved label', 'a{__name__="b"} 1\n', 1, 3, 'E_RESERVED_LABEL_NAME'],
  ['reserved label, quoted', 'a{"__name__"="b"} 1\n', 1, 3, 'E_RESERVED_LABEL_NAME'],
  // §4 label sets
  ['bad label name start', 'a{@="x"} 1\n', 1, 3, 'E_INVALID_LABEL_NAME'],
  ['label name with a colon', 'a{a:b="x"} 1\n', 1, 4, 'E_EXPECTED_EQUALS'],
  ['lone comma', 'a{,} 1\n', 1, 3, 'E_INVALID_LABEL_NAME'],
  ['two commas', 'a{b="c",,} 1\n', 1, 9, 'E_INVALID_LABEL_NAME'],
  ['empty label name', 'a{""="x"} 1\n', 1, 3, 'E_INVALID_LABEL_NAME'],
  ['missing comma', 'a{b="c" d="e"} 1\n', 1, 9, 'E_UNEXPECTED_END_OF_LABEL_VALUE'],
  ['unquoted value', 'a{b=c} 1\n', 1, 5, 'E_EXPECTED_QUOTE'],
  ['single-quoted value', "a{b='c'} 1\n", 1, 5, 'E_EXPECTED_QUOTE'],
  ['bad escape in a value', 'a{b="\\t"} 1\n', 1, 6, 'E_INVALID_ESCAPE'],
  ['raw LF in a value', 'a{b="x\n', 1, 7, 'E_UNESCAPED_NEWLINE'],
  ['raw LF in a quoted label name', 'a{"x.y\n', 1, 7, 'E_UNESCAPED_NEWLINE'],
  ['duplicate label', 'a{b="1",c="2",b="3"} 1\n', 1, 15, 'E_DUPLICATE_LABEL_NAME'],
  ['duplicate le', '# TYPE h histogram\nh_bucket{le="1",le="2"} 1\n', 2, 17, 'E_DUPLICATE_LABEL_NAME'],
  // §5 values and timestamps
  ['+NaN', 'a +NaN\n', 1, 3, 'E_INVALID_VALUE'],
  ['hex float', 'a 0x1p-3\n', 1, 3, 'E_INVALID_VALUE'],
  ['digit separator', 'a 1_000\n', 1, 3, 'E_INVALID_VALUE'],
  ['exponent without digits', 'a 1e+\n', 1, 3, 'E_INVALID_VALUE'],
  ['lone dot', 'a .\n', 1, 3, 'E_INVALID_VALUE'],
  ['overflow', 'a 1e400\n', 1, 3, 'E_INVALID_VALUE'],
  ['fractional timestamp', 'a 1 1.5\n', 1, 5, 'E_INVALID_TIMESTAMP'],
  ['timestamp beyond int64', 'a 1 9223372036854775808\n', 1, 5, 'E_INVALID_TIMESTAMP'],
  ['timestamp beyond 2^53-1', 'a 1 9007199254740992\n', 1, 5, 'E_TIMESTAMP_OUT_OF_RANGE'],
  ['something after the timestamp', 'a 1 2 x\n', 1, 6, 'E_SPURIOUS_AFTER_TIMESTAMP'],
  // §6 grouping, with expofmt's errors where Go drops data
  ['bad quantile', '# TYPE s summary\ns{quantile="x"} 1\n', 2, 3, 'E_INVALID_QUANTILE'],
  ['summary line without quantile', '# TYPE s summary\ns 1\n', 2, 1, 'E_MISSING_QUANTILE'],
  ['bad le', '# TYPE h histogram\nh_bucket{le="x"} 1\n', 2, 10, 'E_INVALID_LE'],
  ['negative bucket', '# TYPE h histogram\nh_bucket{le="1"} -1\n', 2, 18, 'E_NEGATIVE_COUNT'],
  ['bare histogram sample', '# TYPE h histogram\nh 1\n', 2, 1, 'E_HISTOGRAM_BARE_SAMPLE'],
];

describe('parseWithGrammar reports the first error', () => {
  it.each(rows)('%s', (_, text, line, column, code) => {
    expect(firstError(text)).toMatchObject({ line, column, code, severity: 'error' });
  });

  it('says what was expected and what was found', () => {
    expect(firstError('a{b="c" d="e"} 1\n').message).toBe(`unexpected end of label value "c": expected ',' or '}', found 'd'`);
    expect(firstError('a{b=c} 1\n').message).toBe(`expected '"' at start of label value, found 'c'`);
    expect(firstError('a 1 \n').message).toBe('expected integer as timestamp, got "" (trailing whitespace after the value?)');
    expect(firstError('# TYPE a info\n')).toMatchObject({ message: 'unknown metric type "info"', family: 'a' });
  });
});

describe('a last line without LF', () => {
  it('fails with the error of the line a reader meets before the end', () => {
    expect(firstError('a{__name__="x"} 1')).toMatchObject({ code: 'E_RESERVED_LABEL_NAME', column: 3 });
    expect(firstError('@x')).toMatchObject({ code: 'E_INVALID_METRIC_NAME', column: 1 });
    expect(firstError('a{b="\\t"} 1')).toMatchObject({ code: 'E_INVALID_ESCAPE', column: 6 });
    expect(firstError('"" 1')).toMatchObject({ code: 'E_INVALID_METRIC_NAME', column: 1 });
  });

  it('fails with unexpected end when the bad token runs into the end', () => {
    for (const text of ['a 1x', 'a 1e400', 'a 1 9007199254740992', 'a 1 2 x', 'a{b="\\', 'a{b="c', '# HELP a b', 'a 1 ']) {
      expect(firstError(text), JSON.stringify(text)).toMatchObject({ code: 'E_UNEXPECTED_EOF', line: 1, column: text.length + 1 });
    }
  });

  it('does not count a type word the builder would reject', () => {
    expect(firstError('# TYPE a info')).toMatchObject({ code: 'E_UNEXPECTED_EOF', column: 14 });
  });

  it('counts columns in code points', () => {
    expect(firstError('a{b="😀😀"} 1 x')).toMatchObject({ code: 'E_UNEXPECTED_EOF', column: 14 });
    expect(firstError('a{b="😀",b="c"} 1\n')).toMatchObject({ code: 'E_DUPLICATE_LABEL_NAME', column: 9 });
  });
});

describe('collectErrors', () => {
  it('reports the first error of each failing line and keeps the other lines', () => {
    const text = ['a{b="c" d="e" f} 1', 'b 1', '@@@', '# TYPE b gauge', 'c 1 2 3', 'c 2', 'd 1'].join('\n');
    const { families, diagnostics } = parseWithGrammar(text, { collectErrors: true });
    expect(diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [1, 9, 'E_UNEXPECTED_END_OF_LABEL_VALUE'],
      [3, 1, 'E_INVALID_METRIC_NAME'],
      [4, 8, 'E_DUPLICATE_TYPE'],
      [5, 6, 'E_SPURIOUS_AFTER_TIMESTAMP'],
      [7, 4, 'E_UNEXPECTED_EOF'],
    ]);
    expect(families).toEqual([
      { name: 'b', type: 'untyped', line: 2, metrics: [{ labels: [], value: 1, line: 2 }] },
      { name: 'c', type: 'untyped', line: 6, metrics: [{ labels: [], value: 2, line: 6 }] },
    ]);
  });
});
