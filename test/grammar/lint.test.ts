/**
 * lintSyntax: every syntax error of a file from one pass, each with its token's range, a
 * stable code and a message saying what was expected and what was found; line-local
 * checks of the lines that parse; nothing of family semantics.
 */
import { describe, expect, it } from 'vitest';
import { lintSyntax } from '../../src/grammar/index.js';

const brief = (text: string) => lintSyntax(text).map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.code}`);

describe('lintSyntax', () => {
  it('finds the errors of every line in one pass, in order', () => {
    const text = [
      'a{b="c" d="e"} 1', // missing comma
      'ok 1',
      '@x 1', // bad line start
      '# HELP a \\t', // bad escape in HELP
      'c{x=y} 1', // unquoted value
      'd 1e400', // out of range
      '{} 1', // no name
      'e{__name__="x"} 1', // reserved
      'f 1 2 3', // spurious
      'g 1', // no LF at the end
    ].join('\n');
    expect(brief(text)).toEqual([
      '1:9-10 E_UNEXPECTED_END_OF_LABEL_VALUE',
      '3:1-5 E_INVALID_METRIC_NAME',
      '4:10-12 E_INVALID_ESCAPE',
      '5:5-6 E_EXPECTED_QUOTE',
      '6:3-8 E_INVALID_VALUE',
      '7:1-2 E_MISSING_METRIC_NAME',
      '8:3-11 E_RESERVED_LABEL_NAME',
      '9:6-8 E_SPURIOUS_AFTER_TIMESTAMP',
      '10:4-4 E_UNEXPECTED_EOF',
    ]);
  });

  it('goes on past a bad token inside a line when one token explains it', () => {
    expect(brief('a{b="\\t",c="\\q"} 1\n')).toEqual(['1:6-8 E_INVALID_ESCAPE', '1:13-15 E_INVALID_ESCAPE']);
  });

  it('says what was expected and what was found', () => {
    const [d] = lintSyntax('a{b="c" d="e"} 1\n');
    expect(d).toEqual({
      code: 'E_UNEXPECTED_END_OF_LABEL_VALUE',
      severity: 'error',
      message: `unexpected end of label value "c": expected ',' or '}', found 'd'`,
      line: 1,
      column: 9,
      endColumn: 10,
    });
    expect(lintSyntax('@x 1\n')[0].message).toBe(`invalid metric name: expected a metric name, '{' or '#' at the start of a line, found '@'`);
    expect(lintSyntax('a{b="x\n')[0].message).toBe(`label value "x" contains unescaped new-line: expected '"' before the end of the line`);
    expect(lintSyntax('a-1\n')[0].message).toBe(`unexpected character '-' after metric name "a": expected a blank or '{'`);
  });

  it('reports a missing final LF also when the last line failed for another reason', () => {
    expect(brief('a 1\nb 1x')).toEqual(['2:3-5 E_INVALID_VALUE', '2:5-5 E_UNEXPECTED_EOF']);
    expect(brief('a 1\n  \t')).toEqual([]);
  });

  it('leaves family semantics to the parser', () => {
    const text = '# TYPE a gauge\n# TYPE a gauge\n# HELP a x\n# HELP a y\n# TYPE b info\n# TYPE s summary\ns 1\n';
    expect(lintSyntax(text)).toEqual([]);
  });

  it('counts columns in code points', () => {
    expect(brief('"😀" 1 2 x\n')).toEqual(['1:8-10 E_SPURIOUS_AFTER_TIMESTAMP']);
  });

  it('reads a file of many bad lines without running out of stack', () => {
    expect(lintSyntax('@x 1\n'.repeat(5000))).toHaveLength(5000);
  });
});
