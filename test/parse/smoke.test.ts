import { describe, expect, it } from 'vitest';
import { parse, ParseError } from '../../src/index.js';

describe('parse', () => {
  it('reads the Pushgateway how-to payload', () => {
    expect(parse('some_metric 3.14\n').families).toEqual([{ name: 'some_metric', type: 'untyped', line: 1, metrics: [{ labels: [], value: 3.14, line: 1 }] }]);
  });

  it('throws a ParseError carrying the diagnostic', () => {
    expect(() => parse('some_metric 3.14')).toThrow(ParseError);
    try {
      parse('some_metric 3.14');
    } catch (error) {
      expect((error as ParseError).diagnostic).toEqual({
        code: 'E_UNEXPECTED_EOF',
        severity: 'error',
        message: 'unexpected end of input stream',
        line: 1,
        column: 17,
      });
    }
  });
});
