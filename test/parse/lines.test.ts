/** docs/format-rules.md §1: lines, whitespace and line endings (text 0.0.4). */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { errorOf, expectError, familiesOf } from './helpers.js';

const one = (name: string, value: number, line = 1, familyLine = line) => [{ name, type: 'untyped', line: familyLine, metrics: [{ labels: [], value, line }] }];

describe('§1 only LF ends a line', () => {
  it('keeps CR in the value token, so a CRLF file fails on its first sample line', () => {
    expectError('a 1\r\nb 2\r\n', {
      code: 'E_INVALID_VALUE',
      line: 1,
      column: 3,
      message: 'expected float as value, got "1\\r" (invalid syntax)',
    });
  });

  it('keeps CR in the TYPE word', () => {
    expectError('# TYPE a counter\r\na 1\n', {
      code: 'E_UNKNOWN_TYPE',
      line: 1,
      column: 10,
      message: 'unknown metric type "counter\\r"',
      family: 'a',
    });
  });

  it('keeps CR at the end of a HELP line as help text', () => {
    expect(familiesOf('# HELP a x\r\na 1\n')).toStrictEqual([
      { name: 'a', type: 'untyped', help: 'x\r', line: 1, metrics: [{ labels: [], value: 1, line: 2 }] },
    ]);
  });

  it('keeps a CR inside a label value', () => {
    expect(familiesOf('a{b="c\rd"} 1\n')[0].metrics[0].labels).toStrictEqual(['b', 'c\rd']);
  });

  it('does not treat a lone CR as a line end', () => {
    expectError('a 1\rb 2\n', {
      code: 'E_INVALID_VALUE',
      line: 1,
      column: 3,
      message: 'expected float as value, got "1\\rb" (invalid syntax)',
    });
  });
});

describe('§1 the last line must end with LF', () => {
  it('gives no families for empty input', () => {
    expect(familiesOf('')).toStrictEqual([]);
    expect(familiesOf(new Uint8Array(0))).toStrictEqual([]);
  });

  it('fails a sample line without its LF, on that line', () => {
    expectError('some_metric 3.14', { code: 'E_UNEXPECTED_EOF', line: 1, column: 17, message: 'unexpected end of input stream' });
    expectError('a 1\nb 2', { code: 'E_UNEXPECTED_EOF', line: 2, column: 4, message: 'unexpected end of input stream' });
  });

  it('fails a comment line without its LF, even an ordinary comment', () => {
    expectError('a 1\n# just a comment', { code: 'E_UNEXPECTED_EOF', line: 2, column: 17, message: 'unexpected end of input stream' });
    expectError('a 1\n# HELP a x', { code: 'E_UNEXPECTED_EOF', line: 2, column: 11, message: 'unexpected end of input stream' });
    expectError('a 1\n#', { code: 'E_UNEXPECTED_EOF', line: 2, column: 2, message: 'unexpected end of input stream' });
  });

  it('counts blank lines before the unfinished line', () => {
    expectError('a 1\n\n\n  b', { code: 'E_UNEXPECTED_EOF', line: 4, column: 4, message: 'unexpected end of input stream' });
  });

  it('accepts a final line of blanks and tabs without LF', () => {
    expect(familiesOf('a 1\n \t ')).toStrictEqual(one('a', 1));
    expect(familiesOf('a 1\n\t')).toStrictEqual(one('a', 1));
    expect(familiesOf('   ')).toStrictEqual([]);
  });

  it('reports an error the reader meets before the end instead, as the Go reference does', () => {
    // The bad character is before the end: that error, not the end of input.
    expectError('a 1\nb{c=d} 1', {
      code: 'E_EXPECTED_QUOTE',
      line: 2,
      column: 5,
      message: `expected '"' at start of label value, found 'd'`,
    });
    expectError('a x 5', { code: 'E_INVALID_VALUE', line: 1, column: 3, message: 'expected float as value, got "x" (invalid syntax)' });
  });

  it('reports the end of input when the bad token runs up to it', () => {
    // Go reads a token up to its terminating blank or LF; the input ends first.
    expectError('a x', { code: 'E_UNEXPECTED_EOF', line: 1, column: 4, message: 'unexpected end of input stream' });
    expectError('a 1 x', { code: 'E_UNEXPECTED_EOF', line: 1, column: 6, message: 'unexpected end of input stream' });
    expectError('a 1 2 x', { code: 'E_UNEXPECTED_EOF', line: 1, column: 8, message: 'unexpected end of input stream' });
    expectError('a 1 ', { code: 'E_UNEXPECTED_EOF', line: 1, column: 5, message: 'unexpected end of input stream' });
    expectError('a{b="c', { code: 'E_UNEXPECTED_EOF', line: 1, column: 7, message: 'unexpected end of input stream' });
    expectError('""', { code: 'E_UNEXPECTED_EOF', line: 1, column: 3, message: 'unexpected end of input stream' });
    expectError('# TYPE a gauge\n# TYPE b foo', { code: 'E_UNEXPECTED_EOF', line: 2, column: 13, message: 'unexpected end of input stream' });
  });

  it('reports the end of input for a backslash at the very end, not a bad escape', () => {
    expectError('# HELP a x\\', { code: 'E_UNEXPECTED_EOF', line: 1, column: 12, message: 'unexpected end of input stream' });
    expectError('a{b="c\\', { code: 'E_UNEXPECTED_EOF', line: 1, column: 8, message: 'unexpected end of input stream' });
    // With the escaped character present, the escape is known to be bad.
    expectError('# HELP a x\\t', { code: 'E_INVALID_ESCAPE', line: 1, column: 11, message: "invalid escape sequence '\\t'" });
  });
});

describe('§1 blank lines', () => {
  it('ignores empty lines and lines of blanks anywhere, but counts them', () => {
    const text = '\n  \n\t\n# TYPE a gauge\n\n \t \na 1\n\n';
    expect(familiesOf(text)).toStrictEqual([{ name: 'a', type: 'gauge', line: 4, metrics: [{ labels: [], value: 1, line: 7 }] }]);
  });
});

describe('§1 whitespace is space and tab', () => {
  it('skips blanks at the start of a line (and does not make them part of the name)', () => {
    expect(familiesOf('  a 1\n\t\tb 2\n')).toStrictEqual([...one('a', 1), ...one('b', 2, 2)]);
  });

  it('skips blanks before # and after it', () => {
    expect(familiesOf(' \t# TYPE a gauge\na 1\n')[0].type).toBe('gauge');
  });

  it('skips blanks between name and {, after {, around = and , and before }', () => {
    const families = familiesOf('a \t{ \tb \t= \t"c" \t, \td\t=\t"e"\t } 1\n');
    expect(families).toStrictEqual([{ name: 'a', type: 'untyped', line: 1, metrics: [{ labels: ['b', 'c', 'd', 'e'], value: 1, line: 1 }] }]);
  });

  it('does not need blanks between } and the value', () => {
    expect(familiesOf('a{b="c"}1\n')[0].metrics).toStrictEqual([{ labels: ['b', 'c'], value: 1, line: 1 }]);
  });

  it('accepts any run of spaces and tabs between value and timestamp', () => {
    expect(familiesOf('a 1\t2\nb 1 \t  3\n').map((f) => f.metrics[0].timestampMs)).toStrictEqual([2, 3]);
  });

  it('takes other Unicode and ASCII spaces as part of the value token', () => {
    expectError('a 1\v\n', { code: 'E_INVALID_VALUE', line: 1, column: 3, message: 'expected float as value, got "1\\v" (invalid syntax)' });
    expectError('a 1\u00a02\n', { code: 'E_INVALID_VALUE', line: 1, column: 3, message: 'expected float as value, got "1\u00a02" (invalid syntax)' });
  });
});

describe('§1 trailing whitespace on a sample line is an error', () => {
  it('after the value: the timestamp is empty', () => {
    expectError('a 1 \n', {
      code: 'E_INVALID_TIMESTAMP',
      line: 1,
      column: 5,
      message: 'expected integer as timestamp, got "" (trailing whitespace after the value?)',
    });
    expectError('a 1\t\n', {
      code: 'E_INVALID_TIMESTAMP',
      line: 1,
      column: 5,
      message: 'expected integer as timestamp, got "" (trailing whitespace after the value?)',
    });
  });

  it('after the timestamp: spurious string', () => {
    expectError('a 1 2 \n', { code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 1, column: 6, message: 'spurious string after timestamp: " "' });
    expectError('a 1 2\t \n', { code: 'E_SPURIOUS_AFTER_TIMESTAMP', line: 1, column: 6, message: 'spurious string after timestamp: "\\t "' });
  });

  it('is fine after a HELP text, which keeps it', () => {
    expect(familiesOf('# HELP a x  \na 1\n')[0].help).toBe('x  ');
  });
});

describe('§1 line numbers', () => {
  it('reports errors on later lines with their line and a code-point column', () => {
    const d = errorOf('a 1\n\n# c\nb{x="€😀"} y\n');
    expect(d).toMatchObject({ line: 4, column: 11 });
  });

  it('counts a line per LF also when the input is bytes', () => {
    expect(parse(new TextEncoder().encode('\n\na 1\n')).families[0].line).toBe(3);
  });
});
