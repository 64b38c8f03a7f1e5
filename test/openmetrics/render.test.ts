/**
 * renderOpenMetrics: the Go OpenMetrics writer's spelling (docs/format-rules.md §11) for
 * what Go writes, the OpenMetrics spec's for what it leaves out, and output that
 * parseOpenMetrics reads back as the same families.
 */
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/model.js';
import { parseOpenMetrics } from '../../src/parse/openmetrics/parse.js';
import { parseText } from '../../src/parse/text/parse.js';
import { renderOpenMetrics, renderOpenMetricsChunks } from '../../src/render/render-openmetrics.js';
import { withoutLines } from './helpers.js';

describe('renderOpenMetrics', () => {
  it('writes what the Go writer writes for 0.0.4 families', () => {
    const text = [
      '# HELP requests_total Requests "served"\\n, with \\\\ and more.',
      '# TYPE requests_total counter',
      'requests_total{code="200"} 1027 1395066363000',
      'requests_total{code="400"} 3 1395066363000',
      '# TYPE lonely counter',
      'lonely 1',
      '# TYPE temp gauge',
      'temp{room="a"} -0',
      'temp{room="b"} 1e6',
      'temp{room="c"} 100000',
      'temp{room="d"} NaN',
      '# TYPE u untyped',
      'u +Inf',
      '# TYPE rpc summary',
      'rpc{quantile="0.5"} 4773',
      'rpc{quantile="1"} 0.5',
      'rpc_sum 1.7560473e+07',
      'rpc_count 2693',
      '# TYPE lat histogram',
      'lat_bucket{le="0.05"} 24054',
      'lat_bucket{le="1"} 33444',
      'lat_sum 53423',
      'lat_count 144320',
      '',
    ].join('\n');
    expect(renderOpenMetrics(parseText(text).families)).toBe(
      [
        '# HELP requests Requests \\"served\\"\\n, with \\\\ and more.',
        '# TYPE requests counter',
        'requests_total{code="200"} 1027.0 1.395066363e+09',
        'requests_total{code="400"} 3.0 1.395066363e+09',
        '# TYPE lonely unknown',
        'lonely 1.0',
        '# TYPE temp gauge',
        'temp{room="a"} 0.0',
        'temp{room="b"} 1e+06',
        'temp{room="c"} 100000.0',
        'temp{room="d"} NaN',
        '# TYPE u unknown',
        'u +Inf',
        '# TYPE rpc summary',
        'rpc{quantile="0.5"} 4773.0',
        'rpc{quantile="1.0"} 0.5',
        'rpc_sum 1.7560473e+07',
        'rpc_count 2693',
        '# TYPE lat histogram',
        'lat_bucket{le="0.05"} 24054',
        'lat_bucket{le="1.0"} 33444',
        'lat_bucket{le="+Inf"} 144320',
        'lat_sum 53423.0',
        'lat_count 144320',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes UNIT, _created, exemplars, info, stateset and gaugehistogram', () => {
    const families: MetricFamily[] = [
      {
        name: 'jobs_seconds_total',
        type: 'counter',
        help: 'h',
        unit: 'seconds',
        metrics: [
          { labels: ['a', 'b'], value: 2, created: 1520430000.123, exemplar: { labels: [], value: 0.5 }, timestampSeconds: 1520879607.789 },
          { labels: [], value: 9223372036854775808, exemplar: { labels: ['trace', 'x'], value: 1, timestamp: 10 } },
        ],
      },
      { name: 'build_info', type: 'info', metrics: [{ labels: ['version', '1.0'], value: 1 }] },
      { name: 'odd', type: 'info', metrics: [{ labels: [], value: 1 }] },
      {
        name: 'state',
        type: 'stateset',
        metrics: [
          { labels: ['state', 'up'], value: 1 },
          { labels: ['state', 'down'], value: 0 },
        ],
      },
      {
        name: 'queue',
        type: 'gaugehistogram',
        metrics: [
          {
            labels: [],
            buckets: [
              { le: -1, count: 1 },
              { le: Infinity, count: 3 },
            ],
            sum: -2,
            count: 3,
          },
        ],
      },
      {
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: [],
            buckets: [
              { le: 1, count: 1, exemplar: { labels: ['t', 'y'], value: 0.3 } },
              { le: Infinity, count: 2 },
            ],
            created: 7,
          },
        ],
      },
      { name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [], count: 2 ** 63, created: 3 }] },
    ];
    expect(renderOpenMetrics(families)).toBe(
      [
        '# HELP jobs_seconds h',
        '# TYPE jobs_seconds counter',
        '# UNIT jobs_seconds seconds',
        'jobs_seconds_total{a="b"} 2.0 1.520879607789e+09 # {} 0.5',
        'jobs_seconds_created{a="b"} 1.520430000123e+09 1.520879607789e+09',
        'jobs_seconds_total 9.223372036854776e+18 # {trace="x"} 1.0 10.0',
        '# TYPE build info',
        'build_info{version="1.0"} 1.0',
        '# TYPE odd unknown',
        'odd 1.0',
        '# TYPE state stateset',
        'state{state="up"} 1.0',
        'state{state="down"} 0.0',
        '# TYPE queue gaugehistogram',
        'queue_bucket{le="-1.0"} 1',
        'queue_bucket{le="+Inf"} 3',
        'queue_gsum -2.0',
        'queue_gcount 3',
        '# TYPE h histogram',
        'h_bucket{le="1.0"} 1 # {t="y"} 0.3',
        'h_bucket{le="+Inf"} 2',
        'h_created 7.0',
        '# TYPE s summary',
        's_count 9223372036854775808',
        's_created 3.0',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty exposition as # EOF alone, and chunks that join to the whole', () => {
    expect(renderOpenMetrics([])).toBe('# EOF\n');
    const families = parseOpenMetrics('# TYPE a gauge\na 1\n# TYPE b counter\nb_total 2\n# EOF\n').families;
    const chunks = [...renderOpenMetricsChunks(families)];
    expect(chunks).toEqual(['# TYPE a gauge\na 1.0\n', '# TYPE b counter\nb_total 2.0\n', '# EOF\n']);
    expect(chunks.join('')).toBe(renderOpenMetrics(families));
  });

  it('throws on a family without a name, as Go does', () => {
    expect(() => renderOpenMetrics([{ name: '', type: 'gauge', metrics: [] }])).toThrow('MetricFamily has no name');
  });

  it('writes families that read back the same', () => {
    const text = [
      '# TYPE a counter',
      '# UNIT a ',
      '# HELP a with \\\\ and \\" and \\n and \\q',
      'a_total{x="1"} 1 0.5 # {t="\\\\"} 2 3',
      'a_created{x="1"} 5 0.5',
      'a_total{x="1"} 2 1',
      '# TYPE b_bytes summary',
      '# UNIT b_bytes bytes',
      'b_bytes{quantile="0.99"} 1 1',
      'b_bytes_count 0 1',
      'b_bytes_sum 0 1',
      '# TYPE c info',
      'c_info{v="\\z"} 1',
      '# EOF',
    ].join('\n');
    const families = parseOpenMetrics(text).families;
    expect(withoutLines(parseOpenMetrics(renderOpenMetrics(families)).families)).toEqual(withoutLines(families));
  });
});
