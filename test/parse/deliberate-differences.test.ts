/**
 * Where expofmt deliberately differs from the Go reference: it rejects what Go reads
 * wrongly or drops without a word, and keeps what Go truncates.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { diag, expectError, familiesOf, streamOutcome, utf8 } from './helpers.js';

const UTF8_MESSAGE = 'invalid UTF-8 byte sequence (the text formats are UTF-8 only)';

describe('a name directly followed by something other than a blank, { or LF', () => {
  it.each([
    ['a-1 5', "'-'", 'a', 2],
    ['a.b 1', "'.'", 'a', 2],
    ['a@ 1', "'@'", 'a', 2],
    ['a\r 1', "'\\r'", 'a', 2],
    ['a😀 1', "'😀'", 'a', 2],
    ['"a.b"x 1', "'x'", 'a.b', 6],
    ['"a.b"-1 1', "'-'", 'a.b', 6],
  ])('rejects %j (Go reads a-1 5 as a with value -1, timestamp 5)', (line, shown, name, column) => {
    expectError(`${line}\n`, {
      code: 'E_INVALID_METRIC_NAME',
      line: 1,
      column,
      message: `unexpected character ${shown} after metric name "${name}"`,
    });
  });

  it('still accepts a blank before the value, {, or nothing before LF (then the value is missing)', () => {
    expect(familiesOf('a\t-1 5\n')[0].metrics).toStrictEqual([{ labels: [], value: -1, timestampMs: 5, line: 1 }]);
    expectError('a\n', { code: 'E_INVALID_VALUE', line: 1, column: 2, message: 'expected float as value, got ""' });
  });
});

describe('summaries', () => {
  it('rejects a summary line without quantile (Go drops it)', () => {
    expectError('# TYPE s summary\ns{a="b"} 1\n', {
      code: 'E_MISSING_QUANTILE',
      line: 2,
      column: 1,
      message: `summary sample "s" has no 'quantile' label (the Go reference drops such a line)`,
      family: 's',
    });
  });

  it('rejects quantile="NaN" (Go drops the line)', () => {
    for (const q of ['NaN', 'nan']) {
      expectError(`# TYPE s summary\ns{quantile="${q}"} 1\n`, {
        code: 'E_INVALID_QUANTILE',
        line: 2,
        column: 3,
        message: `'quantile' label is NaN (the Go reference drops such a line)`,
        family: 's',
      });
    }
  });

  it('rejects quantile on a _sum or _count line (Go drops the label)', () => {
    expectError('# TYPE s summary\ns_sum{quantile="0.5"} 1\n', {
      code: 'E_MISPLACED_LABEL',
      line: 2,
      column: 7,
      message: `label 'quantile' does not belong on a _sum sample (the Go reference drops it)`,
      family: 's',
    });
    expectError('# TYPE s summary\ns_count{a="b",quantile="x"} 1\n', {
      code: 'E_MISPLACED_LABEL',
      line: 2,
      column: 15,
      message: `label 'quantile' does not belong on a _count sample (the Go reference drops it)`,
      family: 's',
    });
  });

  it('keeps _count exactly: fractional, negative, NaN (Go truncates to uint64)', () => {
    const counts = ['2.7', '-1', 'NaN', '1e300'].map((v) => (familiesOf(`# TYPE s summary\ns_count ${v}\n`)[0].metrics[0] as { count: number }).count);
    expect(counts).toStrictEqual([2.7, -1, NaN, 1e300]);
  });
});

describe('histograms', () => {
  it('rejects a _bucket line without le (Go drops it)', () => {
    expectError('# TYPE h histogram\nh_bucket{a="b"} 1\n', {
      code: 'E_MISSING_LE',
      line: 2,
      column: 1,
      message: `bucket sample "h_bucket" has no 'le' label (the Go reference drops such a line)`,
      family: 'h',
    });
  });

  it('rejects le="NaN" (Go drops the line)', () => {
    expectError('# TYPE h histogram\nh_bucket{le="NaN"} 1\n', {
      code: 'E_INVALID_LE',
      line: 2,
      column: 10,
      message: `'le' label is NaN (the Go reference drops such a line)`,
      family: 'h',
    });
  });

  it.each(['histogram', 'gaugehistogram'])('rejects a bare %s-name line (Go loses its value)', (type) => {
    expectError(`# TYPE h ${type}\nh{le="1"} 1\n`, {
      code: 'E_HISTOGRAM_BARE_SAMPLE',
      line: 2,
      column: 1,
      message: 'sample "h" of histogram "h" needs a _bucket, _sum or _count suffix (the Go reference drops its value)',
      family: 'h',
    });
  });

  it('rejects le on a _sum or _count line (Go drops the label)', () => {
    expectError('# TYPE h histogram\nh_count{le="1"} 1\n', {
      code: 'E_MISPLACED_LABEL',
      line: 2,
      column: 9,
      message: `label 'le' does not belong on a _count sample (the Go reference drops it)`,
      family: 'h',
    });
    expectError('# TYPE h histogram\nh_sum{le="1"} 1\n', {
      code: 'E_MISPLACED_LABEL',
      line: 2,
      column: 7,
      message: `label 'le' does not belong on a _sum sample (the Go reference drops it)`,
      family: 'h',
    });
  });
});

describe('nameless braces', () => {
  it.each(['{} 1', '{a="b"} 1', ' {a="b",} 1'])('rejects %j on any line', (line) => {
    const column = line.indexOf('{') + 1;
    expectError(`${line}\n`, { code: 'E_MISSING_METRIC_NAME', line: 1, column, message: 'invalid metric name' });
    expectError(`a 1\n${line}\n`, { code: 'E_MISSING_METRIC_NAME', line: 2, column, message: 'invalid metric name' });
    expectError(`# HELP a x\n${line}\n`, { code: 'E_MISSING_METRIC_NAME', line: 2, column, message: 'invalid metric name' });
  });
});

describe('timestamps beyond ±(2^53-1) ms', () => {
  it('rejects them instead of rounding', () => {
    expectError('a 1 9007199254740993\n', {
      code: 'E_TIMESTAMP_OUT_OF_RANGE',
      line: 1,
      column: 5,
      message: 'timestamp "9007199254740993" is beyond ±(2^53-1) ms, which a JavaScript number cannot hold exactly',
    });
  });
});

describe('invalid UTF-8 in bytes input', () => {
  it.each([
    ['in a label value', 'a{b="', '"} 1\n', 1, 6],
    ['in HELP text (which Go accepts)', '# HELP a x', '\n', 1, 11],
    ['in a quoted name', '{"', '"} 1\n', 1, 3],
    ['in a comment', 'a 1\n# ', '\n', 2, 3],
    ['at the start of a line', 'a 1\n\n', ' 1\n', 3, 1],
  ])('rejects it %s, at its position', (_, before, after, line, column) => {
    for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      expectError(new Uint8Array([...utf8(before), ...bad, ...utf8(after)]), { code: 'E_INVALID_UTF8', line, column, message: UTF8_MESSAGE });
    }
  });

  it('rejects a truncated character at the very end', () => {
    expectError(new Uint8Array([...utf8('a 1\n'), 0xf0, 0x9f, 0x98]), { code: 'E_INVALID_UTF8', line: 2, column: 1, message: UTF8_MESSAGE });
  });

  it('counts the column in code points', () => {
    expectError(new Uint8Array([...utf8('a{b="€😀'), 0xff, ...utf8('"} 1\n')]), { code: 'E_INVALID_UTF8', line: 1, column: 8, message: UTF8_MESSAGE });
  });

  it('reports an error on an earlier line first', () => {
    expectError(new Uint8Array([...utf8('a x\n'), 0xff, ...utf8(' 1\n')]), {
      code: 'E_INVALID_VALUE',
      line: 1,
      column: 3,
      message: 'expected float as value, got "x" (invalid syntax)',
    });
  });

  it('collects one per line, in order, and skips the lines it spoils', () => {
    const bytes = new Uint8Array([...utf8('a x\nb{c="'), 0xff, ...utf8('"} 1\nd y\ne{f="'), 0xff, 0xc0, ...utf8('"} 2\n'), 0xe2, ...utf8('\ng 3\nh'), 0xff]);
    const expected = {
      families: [{ name: 'g', type: 'untyped', line: 6, metrics: [{ labels: [], value: 3, line: 6 }] }],
      diagnostics: [
        diag({ code: 'E_INVALID_VALUE', line: 1, column: 3, message: 'expected float as value, got "x" (invalid syntax)' }),
        diag({ code: 'E_INVALID_UTF8', line: 2, column: 6, message: UTF8_MESSAGE }),
        diag({ code: 'E_INVALID_VALUE', line: 3, column: 3, message: 'expected float as value, got "y" (invalid syntax)' }),
        diag({ code: 'E_INVALID_UTF8', line: 4, column: 6, message: UTF8_MESSAGE }),
        diag({ code: 'E_INVALID_UTF8', line: 5, column: 1, message: UTF8_MESSAGE }),
        // The unfinished last line has its bad byte as its one error, not also the missing LF.
        diag({ code: 'E_INVALID_UTF8', line: 7, column: 2, message: UTF8_MESSAGE }),
      ],
    };
    expect(parse(bytes, { collectErrors: true })).toStrictEqual(expected);
  });

  it('reports it the same from parseStream, wherever the chunks are cut', async () => {
    const bytes = new Uint8Array([...utf8('a 1\nb 1\nc{d="€'), 0xff, ...utf8('"} 1\n')]);
    const expected = diag({ code: 'E_INVALID_UTF8', line: 3, column: 7, message: UTF8_MESSAGE });
    for (let cut = 0; cut <= bytes.length; cut++) {
      const outcome = await streamOutcome([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(outcome.error).toStrictEqual(expected);
      // a is complete (b started); b is not, as line 3 never reaches the builder.
      expect(outcome.families.map((f) => f.name)).toStrictEqual(['a']);
    }
  });

  it('keeps a BOM as a character, which is not a name', () => {
    expectError(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a 1\n')]), { code: 'E_INVALID_METRIC_NAME', line: 1, column: 1, message: 'invalid metric name' });
  });
});

describe('duplicate label names, le and quantile included', () => {
  it('rejects a doubled quantile on a summary and a doubled le on a histogram (Go takes the last)', () => {
    expectError('# TYPE s summary\ns{quantile="0.5",quantile="0.9"} 1\n', {
      code: 'E_DUPLICATE_LABEL_NAME',
      line: 2,
      column: 18,
      message: 'duplicate label names for metric "s"',
    });
    expectError('# TYPE h histogram\nh_bucket{le="1", le="2"} 1\n', {
      code: 'E_DUPLICATE_LABEL_NAME',
      line: 2,
      column: 18,
      message: 'duplicate label names for metric "h_bucket"',
    });
  });
});

describe('family order', () => {
  it('gives families in order of their first sample (Go returns a map)', () => {
    const text = '# TYPE z gauge\n# TYPE a gauge\n# HELP m x\na 1\nm 2\nz 3\nb 4\n';
    expect(familiesOf(text).map((f) => [f.name, f.line])).toStrictEqual([
      ['a', 2],
      ['m', 3],
      ['z', 1],
      ['b', 7],
    ]);
  });

  it('rejects a second _sum or _count for one label set (Go keeps the last silently)', () => {
    expectError('# TYPE s summary\ns_sum{a="1"} 1\ns_count{a="1"} 2\ns_sum{a="1"} 3\n', {
      code: 'E_DUPLICATE_SAMPLE',
      line: 4,
      column: 1,
      message: 'second _sum sample for this label set of "s" (the Go reference keeps the last one)',
      family: 's',
    });
    expectError('# TYPE h histogram\nh_count 1\nh_bucket{le="+Inf"} 1\nh_count 1\n', {
      code: 'E_DUPLICATE_SAMPLE',
      line: 4,
      column: 1,
      message: 'second _count sample for this label set of "h" (the Go reference keeps the last one)',
      family: 'h',
    });
  });
});
