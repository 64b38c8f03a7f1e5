/**
 * parseWithGrammar on valid input: the exact families, for each type, quoted names in
 * both places, escapes, odd float spellings, timestamps, blank and comment lines.
 */
import { describe, expect, it } from 'vitest';
import { parseWithGrammar } from '../../src/grammar/index.js';
import type { MetricFamily } from '../../src/index.js';

function familiesOf(text: string): MetricFamily[] {
  const { families, diagnostics } = parseWithGrammar(text);
  expect(diagnostics).toEqual([]);
  expect(parseWithGrammar(text, { collectErrors: true })).toEqual({ families, diagnostics: [] });
  return families;
}

describe('parseWithGrammar builds families', () => {
  it('reads counters, gauges and untyped samples with HELP, TYPE and timestamps', () => {
    const text = [
      '# HELP jobs_total Jobs run, by \\"outcome\\".',
      '# TYPE jobs_total counter',
      'jobs_total{outcome="ok",queue="q1"} 1027 1395066363000',
      'jobs_total{outcome="failed",queue="q1"}    3 -1395066363000',
      '',
      '# TYPE temperature GAUGE',
      'temperature -4.5',
      'plain{}12.47',
      '',
    ].join('\n');
    expect(familiesOf(text)).toEqual([
      {
        name: 'jobs_total',
        help: 'Jobs run, by "outcome".',
        type: 'counter',
        line: 1,
        metrics: [
          { labels: ['outcome', 'ok', 'queue', 'q1'], value: 1027, timestampMs: 1395066363000, line: 3 },
          { labels: ['outcome', 'failed', 'queue', 'q1'], value: 3, timestampMs: -1395066363000, line: 4 },
        ],
      },
      { name: 'temperature', type: 'gauge', line: 6, metrics: [{ labels: [], value: -4.5, line: 7 }] },
      { name: 'plain', type: 'untyped', line: 8, metrics: [{ labels: [], value: 12.47, line: 8 }] },
    ]);
  });

  it('folds summary lines into one metric per label set, in any order', () => {
    const text = [
      '# TYPE rpc summary',
      'rpc{quantile="0.5",svc="a"} 4773',
      'rpc_sum{svc="b"} 8',
      'rpc{svc="a",quantile="0.99"} 9000 17',
      'rpc_count{svc="a"} 2693',
      'rpc_sum{svc="a"} 1.7560473e+07',
      '',
    ].join('\n');
    expect(familiesOf(text)).toEqual([
      {
        name: 'rpc',
        type: 'summary',
        line: 1,
        metrics: [
          {
            labels: ['svc', 'a'],
            quantiles: [
              { quantile: 0.5, value: 4773 },
              { quantile: 0.99, value: 9000 },
            ],
            count: 2693,
            sum: 17560473,
            timestampMs: 17,
            line: 2,
          },
          { labels: ['svc', 'b'], quantiles: [], sum: 8, line: 3 },
        ],
      },
    ]);
  });

  it('reads histograms and gauge histograms (both spellings)', () => {
    const text = [
      '# TYPE req histogram',
      'req_bucket{le="0.05"} 24054',
      'req_bucket{le="+Inf"} 144320',
      'req_sum 53423',
      'req_count 144320',
      '# TYPE queue gauge_histogram',
      'queue_bucket{le="1"} 2',
      '# TYPE depth gaugehistogram',
      'depth_bucket{le="inf"} 3',
      'depth_count 3',
      '',
    ].join('\n');
    expect(familiesOf(text)).toEqual([
      {
        name: 'req',
        type: 'histogram',
        line: 1,
        metrics: [
          {
            labels: [],
            buckets: [
              { le: 0.05, count: 24054 },
              { le: Infinity, count: 144320 },
            ],
            sum: 53423,
            count: 144320,
            line: 2,
          },
        ],
      },
      { name: 'queue', type: 'gaugehistogram', line: 6, metrics: [{ labels: [], buckets: [{ le: 1, count: 2 }], line: 7 }] },
      {
        name: 'depth',
        type: 'gaugehistogram',
        line: 8,
        metrics: [{ labels: [], buckets: [{ le: Infinity, count: 3 }], count: 3, line: 9 }],
      },
    ]);
  });

  it('takes quoted UTF-8 names inside the braces, outside them, and on TYPE lines', () => {
    const text = [
      '# TYPE "my.metric" gauge',
      '{"my.metric", "a.b"="v"} 1',
      '{"a.b"="w","my.metric"} 2',
      '"my.metric"{c="d"} 3',
      '{bare,x="y"} 4',
      '"q\\"uote\\\\d\\nname" 5',
      '',
    ].join('\n');
    expect(familiesOf(text)).toEqual([
      {
        name: 'my.metric',
        type: 'gauge',
        line: 1,
        metrics: [
          { labels: ['a.b', 'v'], value: 1, line: 2 },
          { labels: ['a.b', 'w'], value: 2, line: 3 },
          { labels: ['c', 'd'], value: 3, line: 4 },
        ],
      },
      { name: 'bare', type: 'untyped', line: 5, metrics: [{ labels: ['x', 'y'], value: 4, line: 5 }] },
      { name: 'q"uote\\d\nname', type: 'untyped', line: 6, metrics: [{ labels: [], value: 5, line: 6 }] },
    ]);
  });

  it('unescapes label values and HELP text, keeping every other character', () => {
    const text = [
      '# HELP a back\\\\slash, new\\nline, "raw" and \\"escaped\\" quotes, trailing blanks  ',
      'a{path="C:\\\\DIR\\\\F.TXT",msg="no \\"file\\":\\n}#,=",raw="\t\r\u0000"} 1',
      '',
    ].join('\n');
    expect(familiesOf(text)).toEqual([
      {
        name: 'a',
        help: 'back\\slash, new\nline, "raw" and "escaped" quotes, trailing blanks  ',
        type: 'untyped',
        line: 1,
        metrics: [{ labels: ['path', 'C:\\DIR\\F.TXT', 'msg', 'no "file":\n}#,=', 'raw', '\t\r\u0000'], value: 1, line: 2 }],
      },
    ]);
  });

  it("reads Go's float spellings and int64 timestamps", () => {
    const values: [string, number][] = [
      ['+Inf', Infinity],
      ['-inf', -Infinity],
      ['INFINITY', Infinity],
      ['-Infinity', -Infinity],
      ['NaN', NaN],
      ['nan', NaN],
      ['.5', 0.5],
      ['5.', 5],
      ['+.5', 0.5],
      ['00012', 12],
      ['1E+3', 1000],
      ['-3e3', -3000],
      ['1e-400', 0],
      ['-0', -0],
      ['4.9e-324', 4.9e-324],
      ['1.7976931348623157e308', 1.7976931348623157e308],
    ];
    const text = values.map(([v], i) => `v${i} ${v} ${i === 0 ? '+007' : '-0'}\n`).join('');
    const families = familiesOf(text);
    values.forEach(([, expected], i) => {
      const metric = families[i].metrics[0] as { value: number; timestampMs: number };
      expect(Object.is(metric.value, expected), `${values[i][0]} gives ${expected}`).toBe(true);
      expect(Object.is(metric.timestampMs, i === 0 ? 7 : 0)).toBe(true);
    });
  });

  it('ignores blank lines, comments, `# HELP name` and a blank unterminated last line', () => {
    const text = '\n \t\n# just a comment\n#\n# EOF\n# HELPx y\n# HELP a\n# TYPE a\n  \ta 1\n#HELP a late help\n  \t';
    expect(familiesOf(text)).toEqual([{ name: 'a', type: 'untyped', help: 'late help', line: 9, metrics: [{ labels: [], value: 1, line: 9 }] }]);
  });

  it('names a family with `# TYPE name ` (trailing blank), as the Go reference does', () => {
    // x_count exists before x becomes a summary, so x_count 1 stays its own family.
    const text = '# HELP x_count \n# TYPE x summary\nx_count 1\n';
    expect(familiesOf(text)).toEqual([{ name: 'x_count', type: 'untyped', line: 1, metrics: [{ labels: [], value: 1, line: 3 }] }]);
  });

  it('gives no families for empty input', () => {
    expect(familiesOf('')).toEqual([]);
  });
});
