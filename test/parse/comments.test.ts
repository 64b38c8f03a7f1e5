/** docs/format-rules.md §2: comments, HELP and TYPE (text 0.0.4), as expfmt reads them. */
import { describe, expect, it } from 'vitest';
import { expectError, familiesOf } from './helpers.js';

describe('§2 what is a metadata line', () => {
  it('treats a line starting with # as a comment, ignored', () => {
    expect(familiesOf('# anything at all {"x"} 1\na 1\n# more\n')).toStrictEqual([
      { name: 'a', type: 'untyped', line: 2, metrics: [{ labels: [], value: 1, line: 2 }] },
    ]);
  });

  it('skips blanks after # (so #HELP and #\\tTYPE are metadata)', () => {
    expect(familiesOf('#HELP a x\n#\tTYPE a gauge\na 1\n')).toStrictEqual([
      { name: 'a', type: 'gauge', help: 'x', line: 1, metrics: [{ labels: [], value: 1, line: 3 }] },
    ]);
  });

  it('needs exactly HELP or TYPE, case-sensitive', () => {
    expect(familiesOf('# help a x\n# Type a gauge\n# HELPx a y\n# TYPEa gauge\na 1\n')).toStrictEqual([
      { name: 'a', type: 'untyped', line: 5, metrics: [{ labels: [], value: 1, line: 5 }] },
    ]);
  });

  it('reads # EOF as an ordinary comment and goes on', () => {
    expect(familiesOf('a 1\n# EOF\nb 2\n').map((f) => f.name)).toStrictEqual(['a', 'b']);
  });

  it('reads # UNIT as an ordinary comment', () => {
    expect(familiesOf('# UNIT a seconds\na 1\n')[0]).toStrictEqual({
      name: 'a',
      type: 'untyped',
      line: 2,
      metrics: [{ labels: [], value: 1, line: 2 }],
    });
  });

  it('ignores a bare # and # followed by blanks', () => {
    expect(familiesOf('#\n# \t\n#HELP\n# TYPE\na 1\n')).toHaveLength(1);
  });
});

describe('§2 HELP', () => {
  it('takes the rest of the line after the blanks that follow the name; keeps trailing blanks', () => {
    expect(familiesOf('# HELP a \t  two  words \t\na 1\n')[0].help).toBe('two  words \t');
  });

  it('unescapes \\\\, \\n and \\"', () => {
    expect(familiesOf('# HELP a x\\\\y\\nz\\"q"\na 1\n')[0].help).toBe('x\\y\nz"q"');
  });

  it('unescapes HELP text of any length, and quoted names', () => {
    const help = 'a\\\\b\\n😀'.repeat(30_000);
    expect(familiesOf(`# HELP m ${help}\nm 1\n`)[0].help).toBe('a\\b\n😀'.repeat(30_000));
    expect(familiesOf('{"a\\"b\\\\c"} 1\n')[0].name).toBe('a"b\\c');
  });

  it('rejects any other escape', () => {
    expectError('# HELP a x\\t\na 1\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 11, message: "invalid escape sequence '\\t'" });
    expectError('# HELP a \\u00e9\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 10, message: "invalid escape sequence '\\u'" });
  });

  it('rejects a backslash at the end of the line', () => {
    expectError('# HELP a x\\\na 1\n', { code: 'E_INVALID_ESCAPE', line: 1, column: 11, message: "invalid escape sequence '\\\n'" });
  });

  it('keeps non-ASCII help text', () => {
    expect(familiesOf('# HELP a Größe 😀\na 1\n')[0].help).toBe('Größe 😀');
  });

  it('ignores # HELP with no name, and # HELP name with nothing after it', () => {
    // `# HELP a` (name, then LF) does not even name the family; `# HELP a  ` (blanks) does.
    expect(familiesOf('# HELP\n# HELP \n# HELP a\n# HELP a  \t\n# HELP a real\na 1\n')).toStrictEqual([
      { name: 'a', type: 'untyped', help: 'real', line: 4, metrics: [{ labels: [], value: 1, line: 6 }] },
    ]);
  });

  it('may come after the samples of its family', () => {
    expect(familiesOf('a 1\n# HELP a late\n')).toStrictEqual([
      { name: 'a', type: 'untyped', help: 'late', line: 1, metrics: [{ labels: [], value: 1, line: 1 }] },
    ]);
  });

  it('rejects a second HELP', () => {
    expectError('# HELP a x\n# HELP a y\na 1\n', {
      code: 'E_DUPLICATE_HELP',
      line: 2,
      column: 8,
      message: 'second HELP line for metric name "a"',
      family: 'a',
    });
    // Also when the first came after the samples.
    expectError('a 1\n# HELP a x\n# HELP a x\n', {
      code: 'E_DUPLICATE_HELP',
      line: 3,
      column: 8,
      message: 'second HELP line for metric name "a"',
      family: 'a',
    });
  });

  it('keeps an empty help apart from no help: a HELP with only blanks after the name sets none', () => {
    expect(familiesOf('# HELP a \na 1\n# HELP a set\n')[0].help).toBe('set');
  });
});

describe('§2 TYPE', () => {
  it.each([
    ['counter', 'counter'],
    ['gauge', 'gauge'],
    ['untyped', 'untyped'],
    ['COUNTER', 'counter'],
    ['Gauge', 'gauge'],
    ['UnTyped', 'untyped'],
  ])('accepts %s as %s, without regard to case', (word, type) => {
    expect(familiesOf(`# TYPE a ${word}\na 1\n`)[0].type).toBe(type);
  });

  it.each(['summary', 'SUMMARY'])('accepts %s', (word) => {
    expect(familiesOf(`# TYPE a ${word}\na{quantile="0.5"} 1\n`)[0].type).toBe('summary');
  });

  it.each(['histogram', 'Histogram', 'gauge_histogram', 'gaugehistogram', 'GaugeHistogram'])('accepts %s', (word) => {
    const type = word.toLowerCase() === 'histogram' ? 'histogram' : 'gaugehistogram';
    expect(familiesOf(`# TYPE a ${word}\na_bucket{le="+Inf"} 1\n`)[0].type).toBe(type);
  });

  it.each(['unknown', 'info', 'stateset', 'gauge-histogram', 'count', ''])('rejects %j', (word) => {
    // An empty word cannot be written (blanks only means no type at all); use a filler.
    const text = word === '' ? '# TYPE a  x\n' : `# TYPE a ${word}\n`;
    const shown = word === '' ? 'x' : word;
    expectError(text, {
      code: 'E_UNKNOWN_TYPE',
      line: 1,
      column: word === '' ? 11 : 10,
      message: `unknown metric type "${shown}"`,
      family: 'a',
    });
  });

  it('takes the rest of the line as the type word, so trailing blanks make it unknown', () => {
    expectError('# TYPE a counter \n', { code: 'E_UNKNOWN_TYPE', line: 1, column: 10, message: 'unknown metric type "counter "', family: 'a' });
  });

  it('accepts extra blanks between the tokens', () => {
    expect(familiesOf('#  \tTYPE \t a \t gauge\na 1\n')[0].type).toBe('gauge');
  });

  it('ignores # TYPE name with no type', () => {
    expect(familiesOf('# TYPE a\n# TYPE a  \n# TYPE a gauge\na 1\n')).toStrictEqual([
      { name: 'a', type: 'gauge', line: 2, metrics: [{ labels: [], value: 1, line: 4 }] },
    ]);
  });

  it('rejects a second TYPE', () => {
    expectError('# TYPE a gauge\n# TYPE a gauge\na 1\n', {
      code: 'E_DUPLICATE_TYPE',
      line: 2,
      column: 8,
      message: 'second TYPE line for metric name "a", or TYPE reported after samples',
      family: 'a',
    });
  });

  it('rejects a TYPE after a sample of the family (the sample made it untyped)', () => {
    expectError('a 1\n# TYPE a gauge\n', {
      code: 'E_DUPLICATE_TYPE',
      line: 2,
      column: 8,
      message: 'second TYPE line for metric name "a", or TYPE reported after samples',
      family: 'a',
    });
  });

  it('checks for a second TYPE before it looks at the word', () => {
    expectError('# TYPE a gauge\n# TYPE a bogus\n', {
      code: 'E_DUPLICATE_TYPE',
      line: 2,
      column: 8,
      message: 'second TYPE line for metric name "a", or TYPE reported after samples',
      family: 'a',
    });
  });
});

describe('§2 names on metadata lines are resolved like sample names', () => {
  it('after # TYPE a summary, # TYPE a_sum gauge is a second TYPE for a', () => {
    expectError('# TYPE a summary\n# TYPE a_sum gauge\n', {
      code: 'E_DUPLICATE_TYPE',
      line: 2,
      column: 8,
      message: 'second TYPE line for metric name "a", or TYPE reported after samples',
      family: 'a',
    });
  });

  it('after # TYPE h histogram, # HELP h_bucket sets the help of h', () => {
    expect(familiesOf('# TYPE h histogram\n# HELP h_bucket buckets\nh_bucket{le="1"} 2\n')).toStrictEqual([
      { name: 'h', type: 'histogram', help: 'buckets', line: 1, metrics: [{ labels: [], buckets: [{ le: 1, count: 2 }], line: 3 }] },
    ]);
  });

  it('# HELP x_count before # TYPE x summary creates family x_count, which x_count samples then join', () => {
    const text = '# HELP x_count counted\n# TYPE x summary\nx{quantile="0.5"} 1\nx_count 3\nx_sum 4\n';
    expect(familiesOf(text)).toStrictEqual([
      { name: 'x', type: 'summary', line: 2, metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 1 }], sum: 4, line: 3 }] },
      { name: 'x_count', type: 'untyped', help: 'counted', line: 1, metrics: [{ labels: [], value: 3, line: 4 }] },
    ]);
  });

  it('drops a family that has HELP/TYPE lines but no samples', () => {
    expect(familiesOf('# HELP a x\n# TYPE a gauge\n# TYPE b counter\nc 1\n')).toStrictEqual([
      { name: 'c', type: 'untyped', line: 4, metrics: [{ labels: [], value: 1, line: 4 }] },
    ]);
  });

  it('rejects a name followed by something other than a blank', () => {
    expectError('# TYPE met-ric gauge\n', { code: 'E_INVALID_COMMENT_NAME', line: 1, column: 11, message: 'invalid metric name in comment' });
    expectError('# HELP "a.b"x y\n', { code: 'E_INVALID_COMMENT_NAME', line: 1, column: 13, message: 'invalid metric name in comment' });
  });

  it('rejects a name that does not start like one', () => {
    expectError('# HELP 1a x\n', { code: 'E_INVALID_COMMENT_NAME', line: 1, column: 8, message: 'invalid metric name in comment' });
    expectError('# TYPE {a} gauge\n', { code: 'E_INVALID_COMMENT_NAME', line: 1, column: 8, message: 'invalid metric name in comment' });
  });
});
