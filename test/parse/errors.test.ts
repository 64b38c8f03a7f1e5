/**
 * docs/format-rules.md §8: every expfmt parse error, one row each, with the Go wording
 * where expofmt keeps it. Rows whose Go trigger expofmt reports under another code (invalid
 * UTF-8) say so; deliberate-differences.test.ts covers the errors Go does not have.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { type Expected, diag, errorOf, expectError, streamOutcome, utf8 } from './helpers.js';

const rows: [string, string | Uint8Array, Expected][] = [
  ['unexpected end of input stream', 'a 1\nb 2', { code: 'E_UNEXPECTED_EOF', line: 2, column: 4, message: 'unexpected end of input stream' }],
  [
    'invalid metric name in comment',
    '# TYPE met-ric gauge\n',
    { code: 'E_INVALID_COMMENT_NAME', line: 1, column: 11, message: 'invalid metric name in comment' },
  ],
  ['invalid metric name (@x)', '@x 1\n', { code: 'E_INVALID_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' }],
  ['invalid metric name (1a)', 'a 1\n1a 1\n', { code: 'E_INVALID_METRIC_NAME', line: 2, column: 1, message: 'invalid metric name' }],
  ['invalid metric name ("")', '"" 1\n', { code: 'E_INVALID_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' }],
  ['invalid metric name ({})', '{} 1\n', { code: 'E_MISSING_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' }],
  ['invalid metric name ({a="b"})', '{a="b"} 1\n', { code: 'E_MISSING_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' }],
  [
    'invalid metric name %q (empty, fails the UTF-8 scheme)',
    '{""} 1\n',
    { code: 'E_INVALID_METRIC_NAME', line: 1, column: 2, message: 'invalid metric name ""' },
  ],
  [
    'invalid metric name %q (invalid UTF-8: expofmt reports the bytes)',
    new Uint8Array([...utf8('{"a'), 0xff, ...utf8('"} 1\n')]),
    { code: 'E_INVALID_UTF8', line: 1, column: 4, message: 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)' },
  ],
  [
    'metric name %q contains unescaped new-line',
    '"a.b\nc" 1\n',
    { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 5, message: 'metric name "a.b" contains unescaped new-line' },
  ],
  [
    'label name %q contains unescaped new-line',
    'a{"x.y\n',
    { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 7, message: 'label name "x.y" contains unescaped new-line' },
  ],
  [
    'invalid label name for metric %q ({@=)',
    'a{@="x"} 1\n',
    { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' },
  ],
  [
    'invalid label name for metric %q ({1b=)',
    'a{1b="x"} 1\n',
    { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' },
  ],
  ['invalid label name for metric %q ({,})', 'a{,} 1\n', { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' }],
  [
    'invalid label name for metric %q ({:b=)',
    'a{:b="x"} 1\n',
    { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' },
  ],
  [
    'label name "__name__" is reserved',
    'a{__name__="b"} 1\n',
    { code: 'E_RESERVED_LABEL_NAME', line: 1, column: 3, message: 'label name "__name__" is reserved' },
  ],
  [
    'invalid label name %q (empty, fails the UTF-8 scheme)',
    'a{""="x"} 1\n',
    { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name ""' },
  ],
  [
    "expected '=' after label name, found %q (label+)",
    'a{label+="x"} 1\n',
    { code: 'E_EXPECTED_EQUALS', line: 1, column: 8, message: "expected '=' after label name, found '+'" },
  ],
  [
    "expected '=' after label name, found %q (a:b)",
    'a{a:b="x"} 1\n',
    { code: 'E_EXPECTED_EQUALS', line: 1, column: 4, message: "expected '=' after label name, found ':'" },
  ],
  [
    'multiple metric names for metric %q',
    '{a,b} 1\n',
    { code: 'E_MULTIPLE_METRIC_NAMES', line: 1, column: 4, message: 'multiple metric names for metric "a"' },
  ],
  [
    'unexpected end of metric name %q',
    '{"a.b" "c"} 1\n',
    { code: 'E_UNEXPECTED_END_OF_NAME', line: 1, column: 8, message: 'unexpected end of metric name "a.b"' },
  ],
  [
    'duplicate label names for metric %q',
    'a{b="1",c="2",b="3"} 1\n',
    { code: 'E_DUPLICATE_LABEL_NAME', line: 1, column: 15, message: 'duplicate label names for metric "a"' },
  ],
  [
    "expected '\"' at start of label value, found %q",
    'a{b=c} 1\n',
    { code: 'E_EXPECTED_QUOTE', line: 1, column: 5, message: `expected '"' at start of label value, found 'c'` },
  ],
  [
    "invalid escape sequence '\\%c' (label value)",
    'a{b="\\t"} 1\n',
    { code: 'E_INVALID_ESCAPE', line: 1, column: 6, message: "invalid escape sequence '\\t'" },
  ],
  ["invalid escape sequence '\\%c' (HELP)", '# HELP a \\x\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 10, message: "invalid escape sequence '\\x'" }],
  ["invalid escape sequence '\\%c' (quoted name)", '{"a\\u"} 1\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 4, message: "invalid escape sequence '\\u'" }],
  [
    'label value %q contains unescaped new-line',
    'a{b="x\n',
    { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 7, message: 'label value "x" contains unescaped new-line' },
  ],
  [
    'invalid label value %q (invalid UTF-8: expofmt reports the bytes)',
    new Uint8Array([...utf8('a{b="'), 0xc0, 0xaf, ...utf8('"} 1\n')]),
    { code: 'E_INVALID_UTF8', line: 1, column: 6, message: 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)' },
  ],
  [
    "expected float as value for 'quantile' label, got %q",
    '# TYPE s summary\ns{quantile="x"} 1\n',
    { code: 'E_INVALID_QUANTILE', line: 2, column: 3, message: `expected float as value for 'quantile' label, got "x"`, family: 's' },
  ],
  [
    "expected float as value for 'le' label, got %q",
    '# TYPE h histogram\nh_bucket{le="x"} 1\n',
    { code: 'E_INVALID_LE', line: 2, column: 10, message: `expected float as value for 'le' label, got "x"`, family: 'h' },
  ],
  [
    'unexpected end of label value %q',
    'a{b="c" d="e"} 1\n',
    { code: 'E_UNEXPECTED_END_OF_LABEL_VALUE', line: 1, column: 9, message: 'unexpected end of label value "c"' },
  ],
  [
    'expected float as value, got %q',
    'a 1\r\n',
    { code: 'E_INVALID_VALUE', line: 1, column: 3, message: 'expected float as value, got "1\\r" (invalid syntax)' },
  ],
  [
    'negative count for histogram %q',
    '# TYPE h histogram\nh_count -1\n',
    { code: 'E_NEGATIVE_COUNT', line: 2, column: 9, message: 'negative count for histogram "h"', family: 'h' },
  ],
  [
    'negative bucket population for histogram %q',
    '# TYPE h histogram\nh_bucket{le="1"} -1\n',
    { code: 'E_NEGATIVE_COUNT', line: 2, column: 18, message: 'negative bucket population for histogram "h"', family: 'h' },
  ],
  [
    'expected integer as timestamp, got %q',
    'a 1 1.5\n',
    { code: 'E_INVALID_TIMESTAMP', line: 1, column: 5, message: 'expected integer as timestamp, got "1.5"' },
  ],
  [
    'expected integer as timestamp, got %q (trailing blanks)',
    'a 1 \n',
    { code: 'E_INVALID_TIMESTAMP', line: 1, column: 5, message: 'expected integer as timestamp, got "" (trailing whitespace after the value?)' },
  ],
  [
    'spurious string after timestamp: %q',
    'a 1 2 x\n',
    { code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 1, column: 6, message: 'spurious string after timestamp: " x"' },
  ],
  [
    'second HELP line for metric name %q',
    '# HELP a x\n# HELP a y\n',
    { code: 'E_DUPLICATE_HELP', line: 2, column: 8, message: 'second HELP line for metric name "a"', family: 'a' },
  ],
  [
    'second TYPE line for metric name %q, or TYPE reported after samples',
    'a 1\n# TYPE a gauge\n',
    { code: 'E_DUPLICATE_TYPE', line: 2, column: 8, message: 'second TYPE line for metric name "a", or TYPE reported after samples', family: 'a' },
  ],
  ['unknown metric type %q', '# TYPE a info\n', { code: 'E_UNKNOWN_TYPE', line: 1, column: 10, message: 'unknown metric type "info"', family: 'a' }],
];

describe('§8 the expfmt error table', () => {
  it.each(rows)('%s', (_, input, expected) => {
    expectError(input, expected);
  });

  it('covers every code the scanner and builder raise for Go errors', () => {
    const codes = new Set(rows.map((r) => r[2].code));
    for (const code of [
      'E_UNEXPECTED_EOF',
      'E_INVALID_COMMENT_NAME',
      'E_INVALID_METRIC_NAME',
      'E_MISSING_METRIC_NAME',
      'E_UNESCAPED_NEWLINE',
      'E_INVALID_LABEL_NAME',
      'E_RESERVED_LABEL_NAME',
      'E_EXPECTED_EQUALS',
      'E_MULTIPLE_METRIC_NAMES',
      'E_UNEXPECTED_END_OF_NAME',
      'E_DUPLICATE_LABEL_NAME',
      'E_EXPECTED_QUOTE',
      'E_INVALID_ESCAPE',
      'E_INVALID_UTF8',
      'E_INVALID_QUANTILE',
      'E_INVALID_LE',
      'E_UNEXPECTED_END_OF_LABEL_VALUE',
      'E_INVALID_VALUE',
      'E_NEGATIVE_COUNT',
      'E_INVALID_TIMESTAMP',
      'E_SPURIOUS_AFTER_TIMESTAMP',
      'E_DUPLICATE_HELP',
      'E_DUPLICATE_TYPE',
      'E_UNKNOWN_TYPE',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('prints as the Go reference does: text format parsing error in line N: msg', () => {
    expect(() => parse('a 1\n# TYPE a info\n')).toThrow(
      'text format parsing error in line 2: second TYPE line for metric name "a", or TYPE reported after samples',
    );
  });
});

describe('§8 bugs of the Go reference that expofmt does not have', () => {
  it('rejects nameless braces after a sample (Go reuses and changes the earlier sample)', () => {
    expectError('a 1\n{} 2\n', { code: 'E_MISSING_METRIC_NAME', line: 2, column: 1, message: 'invalid metric name' });
    expectError('a 1\n{b="c"} 2\n', { code: 'E_MISSING_METRIC_NAME', line: 2, column: 1, message: 'invalid metric name' });
  });

  it('rejects nameless braces after HELP or TYPE (Go crashes)', () => {
    expectError('# HELP a x\n{} 2\n', { code: 'E_MISSING_METRIC_NAME', line: 2, column: 1, message: 'invalid metric name' });
    expectError('# TYPE a gauge\n  {b="c"} 2\n', { code: 'E_MISSING_METRIC_NAME', line: 2, column: 3, message: 'invalid metric name' });
  });
});

describe('collectErrors', () => {
  const text = [
    'a 1', // 1
    'a x', // 2
    '# TYPE b foo', // 3
    'b 2', // 4
    'c{d=e} 3', // 5
    '# HELP a h', // 6
    '# HELP a h2', // 7
    '# TYPE s summary', // 8
    's{x="y"} 1', // 9
    's{quantile="0.5"} 2', // 10
    'd 1 2 3', // 11
    'e 1', // 12, no LF
  ].join('\n');
  const diagnostics = [
    diag({ code: 'E_INVALID_VALUE', line: 2, column: 3, message: 'expected float as value, got "x" (invalid syntax)' }),
    diag({ code: 'E_UNKNOWN_TYPE', line: 3, column: 10, message: 'unknown metric type "foo"', family: 'b' }),
    diag({ code: 'E_EXPECTED_QUOTE', line: 5, column: 5, message: `expected '"' at start of label value, found 'e'` }),
    diag({ code: 'E_DUPLICATE_HELP', line: 7, column: 8, message: 'second HELP line for metric name "a"', family: 'a' }),
    diag({
      code: 'E_MISSING_QUANTILE',
      line: 9,
      column: 1,
      message: `summary sample "s" has no 'quantile' label (the Go reference drops such a line)`,
      family: 's',
    }),
    diag({ code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 11, column: 6, message: 'spurious string after timestamp: " 3"' }),
    diag({ code: 'E_UNEXPECTED_EOF', line: 12, column: 4, message: 'unexpected end of input stream' }),
  ];

  it('reports every error, resuming at the next line, and keeps what the valid lines said', () => {
    expect(parse(text, { collectErrors: true })).toStrictEqual({
      families: [
        { name: 'a', type: 'untyped', help: 'h', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] },
        { name: 'b', type: 'untyped', line: 3, metrics: [{ labels: [], value: 2, line: 4 }] },
        { name: 's', type: 'summary', line: 8, metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 2 }], line: 10 }] },
      ],
      diagnostics,
    });
  });

  it('throws the first of them without collectErrors', () => {
    expect(errorOf(text)).toStrictEqual(diagnostics[0]);
  });

  it('reports the same through parseStream, without throwing', async () => {
    const outcome = await streamOutcome([text], { collectErrors: true });
    expect(outcome.error).toBeUndefined();
    expect(outcome.diagnostics).toStrictEqual(diagnostics);
  });
});
