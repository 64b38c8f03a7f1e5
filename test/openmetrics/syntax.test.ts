/**
 * Line syntax of OpenMetrics 1.0 (docs/format-rules.md §10): each bad line gives its exact
 * code, line and column, and the message says what was expected and what was found.
 */
import { describe, expect, it } from 'vitest';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';
import { expectOmError, omCodes, omRead } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('lines and the end of the exposition', () => {
  it('needs # EOF; empty input is not an exposition', () => {
    expectOmError('', { code: 'E_OM_MISSING_EOF', line: 1, column: 1, message: "Missing # EOF at end: an OpenMetrics exposition ends with the line '# EOF'" });
    expectOmError('a 1\n', { code: 'E_OM_MISSING_EOF', line: 2, column: 1 });
    expectOmError('a 1', { code: 'E_OM_MISSING_EOF', line: 2, column: 1 });
  });

  it('takes # EOF with or without the final LF, but nothing after it', () => {
    expect(omRead('a 1\n# EOF')).toEqual(omRead('a 1\n# EOF\n'));
    expectOmError('a 1\n# EOF\n\n', {
      code: 'E_OM_TEXT_AFTER_EOF',
      line: 3,
      column: 1,
      message: 'Received line after # EOF: nothing may follow it but one line feed',
    });
    expectOmError('# EOF\nblah', { code: 'E_OM_TEXT_AFTER_EOF', line: 2, column: 1 });
    expectOmError('# EOF\n# EOF\n', { code: 'E_OM_TEXT_AFTER_EOF', line: 2, column: 1 });
    // Reported once, however much follows.
    expect(omCodes('# EOF\na 1\nb 2\n')).toEqual(['E_OM_TEXT_AFTER_EOF 2:1']);
  });

  it('refuses blank lines, comments and leading or trailing blanks', () => {
    expectOmError('a 1\n\n# EOF\n', { code: 'E_OM_BLANK_LINE', line: 2, column: 1 });
    expectOmError('# a comment\n# EOF\n', {
      code: 'E_OM_INVALID_COMMENT',
      line: 1,
      column: 3,
      message: 'expected HELP, TYPE, UNIT or EOF after \'# \', found "a comment" (OpenMetrics allows no other comments)',
    });
    expectOmError('#a_sum 0\n# EOF\n', {
      code: 'E_OM_INVALID_COMMENT',
      line: 1,
      column: 2,
      message: "expected ' ' after '#', found 'a' (OpenMetrics allows no comments)",
    });
    expectOmError('a 1\n# EOFblah', { code: 'E_OM_INVALID_COMMENT', line: 2, column: 3 });
    expectOmError(' a 1\n# EOF\n', {
      code: 'E_OM_INVALID_METRIC_NAME',
      line: 1,
      column: 1,
      message: "expected a metric name, found ' ' (OpenMetrics allows no leading blanks)",
    });
    expectOmError('a 1 \n# EOF\n', {
      code: 'E_OM_INVALID_TIMESTAMP',
      line: 1,
      column: 5,
      message: 'expected a number of seconds as timestamp, found the end of the line',
    });
    expectOmError('a  1\n# EOF\n', { code: 'E_OM_INVALID_VALUE', line: 1, column: 3, message: "expected a number as value, found ' '" });
    expectOmError('a\t1\n# EOF\n', {
      code: 'E_OM_EXPECTED_SPACE',
      line: 1,
      column: 2,
      message: "expected '{' or ' ' after the metric name \"a\", found '\\t'",
    });
    // CR is no line end: it stays in the value token.
    expectOmError('a 1\r\n# EOF\n', { code: 'E_OM_INVALID_VALUE', line: 1, column: 3, message: 'expected a number as value, found "1\\r"' });
  });

  it('refuses a byte order mark and invalid UTF-8, with the place', () => {
    expectOmError('\ufeffa 1\n# EOF\n', { code: 'E_OM_BOM', line: 1, column: 1 });
    expectOmError(new Uint8Array([0x61, 0x20, 0x31, 0x0a, 0x62, 0x7b, 0x63, 0x3d, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x31, 0x0a]), {
      code: 'E_OM_INVALID_UTF8',
      line: 2,
      column: 6,
    });
    // Collecting: the bad line is skipped, the rest is read.
    const bytes = new Uint8Array([...utf8('a 1\nb{c="'), 0xc3, ...utf8('"} 1\nd 1\n# EOF\n')]);
    const { families, diagnostics } = parseOpenMetrics(bytes, { collectErrors: true });
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['E_OM_INVALID_UTF8 2:6']);
    expect(families.map((f) => f.name)).toEqual(['a', 'd']);
  });
});

describe('metadata lines', () => {
  it('needs a single space, a name and a second space', () => {
    expectOmError('# HELP\n# EOF\n', {
      code: 'E_OM_INVALID_METADATA',
      line: 1,
      column: 7,
      message: "expected ' ' and a metric name after '# HELP', found the end of the line",
    });
    expectOmError('# HELP \n# EOF\n', { code: 'E_OM_INVALID_METRIC_NAME', line: 1, column: 8 });
    expectOmError('# HELP a\n# EOF\n', {
      code: 'E_OM_INVALID_METADATA',
      line: 1,
      column: 9,
      message: 'expected \' \' and help text after the metric name "a", found the end of the line',
    });
    expectOmError('# TYPE a\t\n# EOF\n', {
      code: 'E_OM_INVALID_METADATA',
      line: 1,
      column: 9,
      message: "expected ' ' and a type after the metric name \"a\", found '\\t'",
    });
    expectOmError('# UNIT a\n# EOF\n', { code: 'E_OM_INVALID_METADATA', line: 1, column: 9 });
    expectOmError('# TYPE  a gauge\n# EOF\n', {
      code: 'E_OM_INVALID_METRIC_NAME',
      line: 1,
      column: 8,
      message: "expected a metric name after '# TYPE ', found ' '",
    });
    expectOmError('# HELPa x\n# EOF\n', { code: 'E_OM_INVALID_METADATA', line: 1, column: 7 });
  });

  it('knows the eight types, lower case, with nothing after', () => {
    expectOmError('# TYPE a untyped\n# EOF\n', {
      code: 'E_OM_UNKNOWN_TYPE',
      line: 1,
      column: 10,
      message:
        'expected counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown as type, found "untyped" (OpenMetrics calls it "unknown")',
    });
    expectOmError('# TYPE a gauge \n# EOF\n', { code: 'E_OM_UNKNOWN_TYPE', line: 1, column: 10 });
    expectOmError('# TYPE a Gauge\n# EOF\n', { code: 'E_OM_UNKNOWN_TYPE', line: 1, column: 10 });
    for (const type of ['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown']) {
      expect(parseOpenMetrics(`# TYPE a ${type}\n# EOF\n`).families[0].type).toBe(type);
    }
  });

  it('reads a unit of name characters, possibly empty', () => {
    expectOmError('# UNIT a_seconds seconds \n# EOF\n', {
      code: 'E_OM_INVALID_UNIT',
      line: 1,
      column: 25,
      message: "expected metric name characters [a-zA-Z0-9_:] in the unit, found ' '",
    });
    expect(omRead('# UNIT a_seconds seconds\n# EOF\n')).toEqual([{ name: 'a_seconds', type: 'unknown', unit: 'seconds', metrics: [] }]);
    expect(omRead('# UNIT a \n# EOF\n')).toEqual([{ name: 'a', type: 'unknown', metrics: [] }]);
  });

  it('unescapes HELP text, keeping unknown escapes and quotes as written', () => {
    const help = (text: string) => parseOpenMetrics(`# HELP a ${text}\n# EOF\n`).families[0].help;
    expect(help('a\\\\b\\nc\\"d')).toBe('a\\b\nc"d');
    expect(help('\\foo \\t')).toBe('\\foo \\t');
    expect(help('say "hi"')).toBe('say "hi"');
    expect(help('ends in \\')).toBe('ends in \\');
    expect(help('nul\0byte')).toBe('nul\0byte');
    expect(help('')).toBeUndefined(); // an empty HELP counts as absent
    expect(help('x\\ny\\q'.repeat(30_000))).toBe('x\ny\\q'.repeat(30_000));
  });
});

describe('sample lines', () => {
  it('reads names, labels, value, timestamp and exemplar', () => {
    expect(omRead('# TYPE a counter\na_total{b="c",d=""} 1.5 1520879607.789 # {trace_id="x"} 0.5 1520879607.7\n# EOF\n')).toEqual([
      {
        name: 'a_total',
        type: 'counter',
        metrics: [
          {
            labels: ['b', 'c', 'd', ''],
            value: 1.5,
            timestampSeconds: 1520879607.789,
            exemplar: { labels: ['trace_id', 'x'], value: 0.5, timestamp: 1520879607.7 },
          },
        ],
      },
    ]);
    expect(omRead('a:b_c{} 1\n# EOF\n')).toEqual([{ name: 'a:b_c', type: 'unknown', metrics: [{ labels: [], value: 1 }] }]);
  });

  it('unescapes label values, keeping unknown escapes; # and } inside values are data', () => {
    const labels = (text: string) => (parseOpenMetrics(`a{l="${text}"} 1\n# EOF\n`).families[0].metrics[0].labels as string[])[1];
    expect(labels('a\\\\b\\nc\\"d')).toBe('a\\b\nc"d');
    expect(labels('\\z\\t')).toBe('\\z\\t');
    expect(labels('} foo # bar # ')).toBe('} foo # bar # ');
    expect(labels('nul\0 and \r')).toBe('nul\0 and \r');
    expect(labels('𝄞 wide')).toBe('𝄞 wide');
    // Long values grow the scratch array the unescaped value is built in.
    expect(labels('\\q\\n\\\\'.repeat(40_000))).toBe('\\q\n\\'.repeat(40_000));
  });

  it('hashes a value spelled with escapes as the value it spells', () => {
    // `\q` and `\\q` both read `\q`: the same group, so it may not come back after another.
    expectOmError('a{l="\\q"} 1\na{l="x"} 1\na{l="\\\\q"} 1\n# EOF\n', { code: 'E_OM_INVALID_GROUPING', line: 3, column: 1 });
  });

  it('refuses malformed label sets', () => {
    expectOmError('a{1="1"} 1\n# EOF\n', {
      code: 'E_OM_INVALID_LABEL_NAME',
      line: 1,
      column: 3,
      message: "expected a label name [a-zA-Z_][a-zA-Z0-9_]*, found '1'",
    });
    expectOmError('a{a="1",} 1\n# EOF\n', {
      code: 'E_OM_INVALID_LABEL_NAME',
      line: 1,
      column: 9,
      message: "expected a label name [a-zA-Z_][a-zA-Z0-9_]*, found '}' (trailing comma)",
    });
    expectOmError('a{,a="1"} 1\n# EOF\n', { code: 'E_OM_INVALID_LABEL_NAME', line: 1, column: 3 });
    expectOmError('a{a="1",,b="2"} 1\n# EOF\n', { code: 'E_OM_INVALID_LABEL_NAME', line: 1, column: 9 });
    expectOmError('a{"a"="1"} 1\n# EOF\n', {
      code: 'E_OM_INVALID_LABEL_NAME',
      line: 1,
      column: 3,
      message: "expected a label name [a-zA-Z_][a-zA-Z0-9_]*, found '\"' (OpenMetrics 1.0 has no quoted label names)",
    });
    expectOmError('a{a ="1"} 1\n# EOF\n', { code: 'E_OM_EXPECTED_EQUALS', line: 1, column: 4, message: "expected '=' after the label name \"a\", found ' '" });
    expectOmError('a{a=1} 1\n# EOF\n', {
      code: 'E_OM_EXPECTED_QUOTE',
      line: 1,
      column: 5,
      message: "expected '\"' to open the value of label \"a\", found '1'",
    });
    expectOmError('a{a="1} 1\n# EOF\n', {
      code: 'E_OM_UNTERMINATED_LABEL_VALUE',
      line: 1,
      column: 10,
      message: 'expected \'"\' to close the label value "1} 1", found the end of the line',
    });
    expectOmError('a{a="1"b="2"} 1\n# EOF\n', {
      code: 'E_OM_EXPECTED_COMMA_OR_BRACE',
      line: 1,
      column: 8,
      message: "expected ',' or '}' after the value of label \"a\", found 'b'",
    });
    expectOmError('a{a="1", b="2"} 1\n# EOF\n', { code: 'E_OM_INVALID_LABEL_NAME', line: 1, column: 9 });
    expectOmError('a{a="1",a="2"} 1\n# EOF\n', { code: 'E_OM_DUPLICATE_LABEL_NAME', line: 1, column: 9, message: 'duplicate label name "a"' });
    expectOmError('a{a="1"}1\n# EOF\n', {
      code: 'E_OM_EXPECTED_SPACE',
      line: 1,
      column: 9,
      message: "expected ' ' and a value after the label set, found '1'",
    });
    expectOmError('{__name__="a"} 1\n# EOF\n', {
      code: 'E_OM_INVALID_METRIC_NAME',
      line: 1,
      column: 1,
      message: "expected a metric name, found '{' (OpenMetrics 1.0 has no quoted metric names)",
    });
    expectOmError('a-b 1\n# EOF\n', { code: 'E_OM_EXPECTED_SPACE', line: 1, column: 2 });
  });

  it('reads numbers by the OpenMetrics grammar', () => {
    const value = (text: string) => (parseOpenMetrics(`a ${text}\n# EOF\n`).families[0].metrics[0] as { value: number }).value;
    expect(value('1')).toBe(1);
    expect(value('-1.5e3')).toBe(-1500);
    expect(value('.5')).toBe(0.5);
    expect(value('5.')).toBe(5);
    expect(value('0001.2E-1')).toBe(0.12);
    expect(value('+Inf')).toBe(Infinity);
    expect(value('-infinity')).toBe(-Infinity);
    expect(value('nan')).toBeNaN();
    expect(value('9223372036854775808')).toBe(9223372036854775808);
    for (const bad of ['0x1', '1_2', '+NaN', 'Inf1', '1e', '.', '1.1.1', '1e400', '0b1']) {
      expectOmError(`a ${bad}\n# EOF\n`, { code: 'E_OM_INVALID_VALUE', line: 1, column: 3, message: `expected a number as value, found "${bad}"` });
    }
  });

  it('reads timestamps as float seconds, finite only', () => {
    const ts = (text: string) => (parseOpenMetrics(`a 1 ${text}\n# EOF\n`).families[0].metrics[0] as { timestampSeconds?: number }).timestampSeconds;
    expect(ts('1.5e3')).toBe(1500);
    expect(ts('-1.25')).toBe(-1.25);
    expect(ts('000')).toBe(0);
    expect(ts('12345678901234567890.1234567890')).toBe(12345678901234567890.123456789);
    expectOmError('a 1 NaN\n# EOF\n', {
      code: 'E_OM_INVALID_TIMESTAMP',
      line: 1,
      column: 5,
      message: 'expected a number of seconds as timestamp, found "NaN" (NaN and infinities are not timestamps)',
    });
    expectOmError('a 1 -Inf\n# EOF\n', { code: 'E_OM_INVALID_TIMESTAMP', line: 1, column: 5 });
    expectOmError('a 1 1z\n# EOF\n', { code: 'E_OM_INVALID_TIMESTAMP', line: 1, column: 5, message: 'expected a number of seconds as timestamp, found "1z"' });
    expectOmError('a 1 2 3\n# EOF\n', {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 1,
      column: 7,
      message: "expected '#' and an exemplar after the timestamp, found '3'",
    });
  });

  it('reads exemplars with single spaces only', () => {
    const head = '# TYPE a counter\na_total 1';
    expectOmError(`${head} #\n# EOF\n`, {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 2,
      column: 12,
      message: "expected ' ' after the exemplar's '#', found the end of the line",
    });
    expectOmError(`${head} #{} 1\n# EOF\n`, { code: 'E_OM_INVALID_EXEMPLAR', line: 2, column: 12 });
    expectOmError(`${head} # id="a"} 1\n# EOF\n`, {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 2,
      column: 13,
      message: "expected '{' to open the exemplar's label set, found 'i'",
    });
    expectOmError(`${head} # {}1\n# EOF\n`, {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 2,
      column: 15,
      message: "expected ' ' and a value after the exemplar's label set, found '1'",
    });
    expectOmError(`${head} # {} 1 \n# EOF\n`, {
      code: 'E_OM_INVALID_TIMESTAMP',
      line: 2,
      column: 18,
      message: 'expected a number of seconds as exemplar timestamp, found the end of the line',
    });
    expectOmError(`${head} # {} 1 2 \n# EOF\n`, {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 2,
      column: 19,
      message: "expected the end of the line after the exemplar timestamp, found ' '",
    });
    expectOmError(`${head} # {}  1\n# EOF\n`, {
      code: 'E_OM_INVALID_EXEMPLAR',
      line: 2,
      column: 16,
      message: "expected a number as exemplar value, found ' '",
    });
    expectOmError(`${head} # {} 1 Inf\n# EOF\n`, { code: 'E_OM_INVALID_TIMESTAMP', line: 2, column: 18 });
    expectOmError(`${head} # {a="1",a="2"} 1\n# EOF\n`, { code: 'E_OM_DUPLICATE_LABEL_NAME', line: 2, column: 20 });
    expect(omRead(`${head} # {} 1\n# EOF\n`)[0].metrics).toEqual([{ labels: [], value: 1, exemplar: { labels: [], value: 1 } }]);
  });

  it('limits exemplar labels to 128 code points of names and values', () => {
    const at = (value: string) => `# TYPE a counter\na_total 1 # {a="${value}"} 1\n# EOF\n`;
    expect(omRead(at('x'.repeat(127)))[0].metrics).toHaveLength(1);
    // Astral characters count once each, though they are two UTF-16 units and four bytes.
    expect(omRead(at('🙂'.repeat(127)))[0].metrics).toHaveLength(1);
    expectOmError(at('x'.repeat(128)), {
      code: 'E_OM_EXEMPLAR_TOO_LONG',
      line: 2,
      column: 13,
      message: 'Exemplar labels are too long: 129 code points of label names and values, at most 128 allowed',
    });
    expectOmError(at('🙂'.repeat(128)), { code: 'E_OM_EXEMPLAR_TOO_LONG', line: 2, column: 13 });
  });

  it('counts columns in code points', () => {
    expectOmError('a{b="🙂🙂",c=x} 1\n# EOF\n', { code: 'E_OM_EXPECTED_QUOTE', line: 1, column: 12 });
  });
});
