/** docs/format-rules.md §4: label sets and label values (text 0.0.4). */
import { describe, expect, it } from 'vitest';
import { expectError, familiesOf, utf8 } from './helpers.js';

const labelsOf = (text: string) => familiesOf(text)[0].metrics[0].labels;

describe('§4 label set syntax', () => {
  it('accepts an empty set and a trailing comma', () => {
    expect(labelsOf('a{} 1\n')).toStrictEqual([]);
    expect(labelsOf('a{b="c",} 1\n')).toStrictEqual(['b', 'c']);
    expect(labelsOf('a{b="c" , } 1\n')).toStrictEqual(['b', 'c']);
  });

  it('rejects {,} and a doubled comma', () => {
    expectError('a{,} 1\n', { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' });
    expectError('a{b="c",,} 1\n', { code: 'E_INVALID_LABEL_NAME', line: 1, column: 9, message: 'invalid label name for metric "a"' });
  });

  it('rejects a missing comma (which promparse accepts)', () => {
    expectError('a{b="c" d="e"} 1\n', { code: 'E_UNEXPECTED_END_OF_LABEL_VALUE', line: 1, column: 9, message: 'unexpected end of label value "c"' });
  });

  it('rejects a missing closing brace', () => {
    expectError('a{b="c" 1\n', { code: 'E_UNEXPECTED_END_OF_LABEL_VALUE', line: 1, column: 9, message: 'unexpected end of label value "c"' });
    expectError('a{b="c"\n', { code: 'E_UNEXPECTED_END_OF_LABEL_VALUE', line: 1, column: 8, message: 'unexpected end of label value "c"' });
  });

  it('rejects a label name without =', () => {
    expectError('a{b} 1\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 4, message: "expected '=' after label name, found '}'" });
    expectError('a{label+="x"} 1\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 8, message: "expected '=' after label name, found '+'" });
    expectError('a{b\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 4, message: "expected '=' after label name, found '\\n'" });
  });

  it('keeps the input order of labels', () => {
    expect(labelsOf('a{z="1",a="2",m="3"} 1\n')).toStrictEqual(['z', '1', 'a', '2', 'm', '3']);
  });

  it('rejects duplicate label names in long label sets too', () => {
    const many = Array.from({ length: 40 }, (_, i) => `l${i}="v"`);
    expect(labelsOf(`a{${many.join(',')}} 1\n`)).toHaveLength(80);
    for (const at of [3, 16, 17, 39]) {
      const text = `a{${many.join(',')},l${at}="again"} 1\n`;
      expectError(text, { code: 'E_DUPLICATE_LABEL_NAME', line: 1, column: text.lastIndexOf(`l${at}=`) + 1, message: 'duplicate label names for metric "a"' });
    }
  });

  it('rejects duplicate label names', () => {
    expectError('a{b="1",b="2"} 1\n', { code: 'E_DUPLICATE_LABEL_NAME', line: 1, column: 9, message: 'duplicate label names for metric "a"' });
    expectError('a{b="1",c="2","b"="3"} 1\n', {
      code: 'E_DUPLICATE_LABEL_NAME',
      line: 1,
      column: 15,
      message: 'duplicate label names for metric "a"',
    });
  });
});

describe('§4 label values', () => {
  it('must be double-quoted', () => {
    expectError('a{b=c} 1\n', { code: 'E_EXPECTED_QUOTE', line: 1, column: 5, message: `expected '"' at start of label value, found 'c'` });
    expectError("a{b='c'} 1\n", { code: 'E_EXPECTED_QUOTE', line: 1, column: 5, message: `expected '"' at start of label value, found '\\''` });
    expectError('a{b=} 1\n', { code: 'E_EXPECTED_QUOTE', line: 1, column: 5, message: `expected '"' at start of label value, found '}'` });
    expectError('a{b=😀} 1\n', { code: 'E_EXPECTED_QUOTE', line: 1, column: 5, message: `expected '"' at start of label value, found '😀'` });
  });

  it('may be empty', () => {
    expect(labelsOf('a{b=""} 1\n')).toStrictEqual(['b', '']);
  });

  it('unescapes \\\\, \\" and \\n', () => {
    expect(labelsOf('a{b="x\\\\y\\"z\\n",c="\\\\n"} 1\n')).toStrictEqual(['b', 'x\\y"z\n', 'c', '\\n']);
  });

  it('unescapes values of any length, and any code units around the escapes', () => {
    // Escaped values are built in a scratch array that grows (src/parse/core/code-units.ts).
    const long = 'ab\\"'.repeat(30_000); // 120,000 chars spelled, 90,000 read
    expect(labelsOf(`a{b="${long}",c="é\\n😀\\\\"} 1\n`)).toStrictEqual(['b', 'ab"'.repeat(30_000), 'c', 'é\n😀\\']);
    // A lone surrogate in string input is a code unit like any other.
    expect(labelsOf('a{b="\ud800\\n\udc00"} 1\n')).toStrictEqual(['b', '\ud800\n\udc00']);
  });

  it.each([
    ['\\t', "invalid escape sequence '\\t'"],
    ['\\u00e9', "invalid escape sequence '\\u'"],
    ["\\'", "invalid escape sequence '\\''"],
    ['\\é', "invalid escape sequence '\\é'"],
  ])('rejects the escape %s', (escape, message) => {
    expectError(`a{b="x${escape}"} 1\n`, { code: 'E_INVALID_ESCAPE', line: 1, column: 7, message });
  });

  it('rejects a raw LF inside a value (promparse accepts it)', () => {
    expectError('a{b="x\ny"} 1\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 7, message: 'label value "x" contains unescaped new-line' });
    expectError('a{b="a\\"\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 9, message: 'label value "a\\"" contains unescaped new-line' });
  });

  it('keeps raw tab, CR and NUL', () => {
    expect(labelsOf('a{b="\t\r\0"} 1\n')).toStrictEqual(['b', '\t\r\0']);
  });

  it('keeps characters that are syntax outside quotes', () => {
    expect(labelsOf('a{b="}{,=# 1",c="x"} 1\n')).toStrictEqual(['b', '}{,=# 1', 'c', 'x']);
  });

  it('keeps any UTF-8 text', () => {
    expect(labelsOf('a{b="Größe 温度 😀"} 1\n')).toStrictEqual(['b', 'Größe 温度 😀']);
    expect(labelsOf(utf8('a{b="Größe 温度 😀"} 1\n') as never)).toStrictEqual(['b', 'Größe 温度 😀']);
  });

  it('rejects invalid UTF-8 in a value of bytes input', () => {
    const bytes = new Uint8Array([...utf8('a{b="x'), 0xc3, 0x28, ...utf8('"} 1\n')]);
    expectError(bytes, { code: 'E_INVALID_UTF8', line: 1, column: 7, message: 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)' });
  });
});
