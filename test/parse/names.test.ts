/** docs/format-rules.md §3: metric and label names, legacy and quoted (UTF-8). */
import { describe, expect, it } from 'vitest';
import { expectError, familiesOf } from './helpers.js';

const sample = (name: string, labels: string[], value = 1, line = 1) => ({
  name,
  type: 'untyped',
  line,
  metrics: [{ labels, value, line }],
});

describe('§3 legacy names', () => {
  it.each(['a', '_a', ':a', 'A', 'a:b_c9', '__x', 'http_requests_total', 'job:rate5m:sum'])('accepts metric name %s', (name) => {
    expect(familiesOf(`${name} 1\n`)).toStrictEqual([sample(name, [])]);
  });

  it.each(['1a', '@x', '-a', '.a', '€'])('rejects a sample line starting with %s', (start) => {
    expectError(`${start} 1\n`, { code: 'E_INVALID_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' });
  });

  it.each(['b', '_b', 'B9', '__b', 'quantile', 'le'])('accepts label name %s', (label) => {
    expect(familiesOf(`a{${label}="v"} 1\n`)).toStrictEqual([sample('a', [label, 'v'])]);
  });

  it.each(['1b', '@', ':b', '.b', '€'])('rejects label name starting with %s', (start) => {
    expectError(`a{${start}="v"} 1\n`, { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name for metric "a"' });
  });

  it('does not allow a colon in a label name', () => {
    expectError('a{b:c="v"} 1\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 4, message: "expected '=' after label name, found ':'" });
  });
});

describe('§3 __name__', () => {
  it('rejects an explicit __name__ label, quoted or not', () => {
    expectError('a{__name__="b"} 1\n', { code: 'E_RESERVED_LABEL_NAME', line: 1, column: 3, message: 'label name "__name__" is reserved' });
    expectError('a{x="y","__name__"="b"} 1\n', { code: 'E_RESERVED_LABEL_NAME', line: 1, column: 9, message: 'label name "__name__" is reserved' });
  });

  it('accepts other names starting with __', () => {
    expect(familiesOf('a{__meta="b",__name="c"} 1\n')).toStrictEqual([sample('a', ['__meta', 'b', '__name', 'c'])]);
  });
});

describe('§3 quoted (UTF-8) names', () => {
  it('reads a quoted metric name inside braces, first', () => {
    expect(familiesOf('{"my.metric", "a.b"="v"} 1\n')).toStrictEqual([sample('my.metric', ['a.b', 'v'])]);
  });

  it('reads a quoted metric name inside braces in any position', () => {
    expect(familiesOf('{x="y","a.b"} 1\n')).toStrictEqual([sample('a.b', ['x', 'y'])]);
    expect(familiesOf('{x="y", "a.b" , z="w"} 1\n')).toStrictEqual([sample('a.b', ['x', 'y', 'z', 'w'])]);
  });

  it('reads quoted label names', () => {
    expect(familiesOf('a{"label.name"="v","ü b"="w"} 1\n')).toStrictEqual([sample('a', ['label.name', 'v', 'ü b', 'w'])]);
  });

  it('reads a legacy-valid name written quoted as the same name', () => {
    expect(familiesOf('{"ab"} 1\nab 2\n')).toStrictEqual([
      {
        name: 'ab',
        type: 'untyped',
        line: 1,
        metrics: [
          { labels: [], value: 1, line: 1 },
          { labels: [], value: 2, line: 2 },
        ],
      },
    ]);
  });

  it('reads quoted names on HELP and TYPE lines', () => {
    expect(familiesOf('# TYPE "a.b" counter\n# HELP "a.b" dotted\n{"a.b"} 1\n')).toStrictEqual([
      { name: 'a.b', type: 'counter', help: 'dotted', line: 1, metrics: [{ labels: [], value: 1, line: 3 }] },
    ]);
  });

  it('keeps characters that are syntax outside quotes', () => {
    expect(familiesOf('{"a{b}=,c# 1"} 1\n')).toStrictEqual([sample('a{b}=,c# 1', [])]);
    expect(familiesOf('{"温度 😀"} 1\n')).toStrictEqual([sample('温度 😀', [])]);
  });

  it('unescapes \\\\, \\" and \\n in quoted names', () => {
    expect(familiesOf('{"a\\\\b\\"c\\nd", "e\\"f"="v"} 1\n')).toStrictEqual([sample('a\\b"c\nd', ['e"f', 'v'])]);
    expect(familiesOf('# HELP "a\\"b" x\n{"a\\"b"} 1\n')[0]).toMatchObject({ name: 'a"b', help: 'x' });
  });

  it('rejects any other escape in a quoted name', () => {
    expectError('{"a\\tb"} 1\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 4, message: "invalid escape sequence '\\t'" });
    expectError('a{"x\\.y"="v"} 1\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 5, message: "invalid escape sequence '\\.'" });
    expectError('# TYPE "a\\b" gauge\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 10, message: "invalid escape sequence '\\b'" });
  });

  it('rejects a raw LF inside a quoted name', () => {
    expectError('"a\nb" 1\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 3, message: 'metric name "a" contains unescaped new-line' });
    // Inside braces the reader cannot know yet whether it reads a metric or a label name;
    // Go reads it as a label name there, and says so.
    expectError('{"a\nb"} 1\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 4, message: 'label name "a" contains unescaped new-line' });
    expectError('a{"x\ny"="v"} 1\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 5, message: 'label name "x" contains unescaped new-line' });
    expectError('# HELP "a.\n', { code: 'E_UNESCAPED_NEWLINE', line: 1, column: 11, message: 'metric name "a." contains unescaped new-line' });
  });

  it('rejects empty quoted names', () => {
    expectError('"" 1\n', { code: 'E_INVALID_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' });
    expectError('{""} 1\n', { code: 'E_INVALID_METRIC_NAME', line: 1, column: 2, message: 'invalid metric name ""' });
    expectError('# HELP "" x\n', { code: 'E_INVALID_METRIC_NAME', line: 1, column: 8, message: 'invalid metric name ""' });
    expectError('a{""="v"} 1\n', { code: 'E_INVALID_LABEL_NAME', line: 1, column: 3, message: 'invalid label name ""' });
  });
});

describe('§3 extensions expfmt accepts', () => {
  it('reads a quoted name outside the braces', () => {
    expect(familiesOf('"a.b" 1\n')).toStrictEqual([sample('a.b', [])]);
    expect(familiesOf('"a.b"{c="d"} 1\n')).toStrictEqual([sample('a.b', ['c', 'd'])]);
    expect(familiesOf('"a.b" {c="d"} 1\n')).toStrictEqual([sample('a.b', ['c', 'd'])]);
  });

  it('reads a bare unquoted name inside the braces', () => {
    expect(familiesOf('{a} 1\n')).toStrictEqual([sample('a', [])]);
    expect(familiesOf('{a,b="c"} 1\n')).toStrictEqual([sample('a', ['b', 'c'])]);
    expect(familiesOf('{b="c", a} 1\n')).toStrictEqual([sample('a', ['b', 'c'])]);
  });
});

describe('§3 one name per sample', () => {
  it('rejects two names inside the braces', () => {
    expectError('{"a","b"} 1\n', { code: 'E_MULTIPLE_METRIC_NAMES', line: 1, column: 6, message: 'multiple metric names for metric "a"' });
    expectError('{a, x="y", b} 1\n', { code: 'E_MULTIPLE_METRIC_NAMES', line: 1, column: 12, message: 'multiple metric names for metric "a"' });
  });

  it('rejects a name both outside and inside the braces', () => {
    expectError('a{"b"} 1\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 6, message: "expected '=' after label name, found '}'" });
    expectError('"a.b"{c} 1\n', { code: 'E_EXPECTED_EQUALS', line: 1, column: 8, message: "expected '=' after label name, found '}'" });
  });

  it('rejects a quoted name in braces followed by neither , nor }', () => {
    expectError('{"a.b" x="y"} 1\n', { code: 'E_UNEXPECTED_END_OF_NAME', line: 1, column: 8, message: 'unexpected end of metric name "a.b"' });
  });
});
