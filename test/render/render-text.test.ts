/**
 * The 0.0.4 writer, one focused test per rule of docs/format-rules.md §9, each asserting
 * exact bytes. The scenarios at the end follow the shapes of expfmt's text_create_test.go.
 */
import { describe, expect, it } from 'vitest';
import type { HistogramFamily, MetricFamily, ScalarFamily, SummaryFamily } from '../../src/model.js';
import { renderText, renderTextChunks } from '../../src/render/render-text.js';

const gauge = (name: string, metrics: ScalarFamily['metrics'], extra: Partial<ScalarFamily> = {}): ScalarFamily => ({
  name,
  type: 'gauge',
  metrics,
  ...extra,
});

describe('renderText: metadata lines', () => {
  it('writes HELP only when help is defined', () => {
    expect(renderText([gauge('a', [{ labels: [], value: 1 }])])).toBe('# TYPE a gauge\na 1\n');
    expect(renderText([gauge('a', [{ labels: [], value: 1 }], { help: 'doc' })])).toBe('# HELP a doc\n# TYPE a gauge\na 1\n');
  });

  it('writes an empty help as `# HELP name ` with the trailing space', () => {
    expect(renderText([gauge('a', [{ labels: [], value: 1 }], { help: '' })])).toBe('# HELP a \n# TYPE a gauge\na 1\n');
  });

  it('escapes only backslash and LF in HELP; quotes, tabs and CR stay raw', () => {
    const help = 'two-line\n "doc"\tstr\\ing\r';
    expect(renderText([gauge('a', [{ labels: [], value: 1 }], { help })])).toBe('# HELP a two-line\\n "doc"\tstr\\\\ing\r\n# TYPE a gauge\na 1\n');
  });

  it('maps each model type to a 0.0.4 TYPE word', () => {
    const scalar = (type: ScalarFamily['type']): string => renderText([{ name: 'a', type, metrics: [{ labels: [], value: 1 }] }]).split('\n')[0];
    expect(scalar('counter')).toBe('# TYPE a counter');
    expect(scalar('gauge')).toBe('# TYPE a gauge');
    expect(scalar('untyped')).toBe('# TYPE a untyped');
    expect(scalar('unknown')).toBe('# TYPE a untyped');
    expect(scalar('info')).toBe('# TYPE a gauge');
    expect(scalar('stateset')).toBe('# TYPE a gauge');
    const histogram = (type: HistogramFamily['type']): string =>
      renderText([{ name: 'h', type, metrics: [{ labels: [], buckets: [], count: 0 }] }]).split('\n')[0];
    expect(histogram('histogram')).toBe('# TYPE h histogram');
    expect(histogram('gaugehistogram')).toBe('# TYPE h histogram');
    expect(renderText([{ name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [] }] }]).split('\n')[0]).toBe('# TYPE s summary');
  });

  it('writes HELP and TYPE for a family without metrics', () => {
    expect(renderText([gauge('a', [], { help: 'x' })])).toBe('# HELP a x\n# TYPE a gauge\n');
  });

  it('refuses a family without a name, as Go does', () => {
    expect(() => renderText([gauge('', [{ labels: [], value: 1 }])])).toThrow('MetricFamily has no name');
  });
});

describe('renderText: sample lines', () => {
  it('writes no braces for an empty label set', () => {
    expect(renderText([gauge('a', [{ labels: [], value: 2 }])])).toBe('# TYPE a gauge\na 2\n');
  });

  it('keeps label order and escapes backslash, quote and LF in values; tab and CR stay raw', () => {
    const labels = ['z', 'a\\b', 'y', 'say "hi"', 'x', 'l1\nl2', 'w', '\t\r', 'v', 'Björn 佖佥 🙂'];
    expect(renderText([gauge('a', [{ labels, value: 1 }])])).toBe('# TYPE a gauge\na{z="a\\\\b",y="say \\"hi\\"",x="l1\\nl2",w="\t\r",v="Björn 佖佥 🙂"} 1\n');
  });

  it('writes the timestamp in milliseconds after the value', () => {
    expect(
      renderText([
        gauge('a', [
          { labels: ['x', 'y'], value: 0.23, timestampMs: 1234567890 },
          { labels: [], value: 1, timestampMs: -5 },
        ]),
      ]),
    ).toBe('# TYPE a gauge\na{x="y"} 0.23 1234567890\na 1 -5\n');
  });

  it('writes an OpenMetrics timestamp in seconds as rounded milliseconds; timestampMs wins', () => {
    const metrics = [
      { labels: [], value: 1, timestampSeconds: 1.234 },
      { labels: [], value: 2, timestampSeconds: -0.0001 },
      { labels: [], value: 3, timestampSeconds: 5, timestampMs: 7 },
      { labels: [], value: 4, timestampSeconds: NaN },
    ];
    expect(renderText([gauge('a', metrics)])).toBe('# TYPE a gauge\na 1 1234\na 2 0\na 3 7\na 4\n');
  });

  it('leaves out what 0.0.4 cannot carry: unit, exemplars, _created', () => {
    const family: ScalarFamily = gauge('a_total', [{ labels: [], value: 1, created: 5, exemplar: { labels: ['t', 'x'], value: 1 } }], {
      unit: 'bytes',
      type: 'counter',
    });
    expect(renderText([family])).toBe('# TYPE a_total counter\na_total 1\n');
  });

  it('prints values the Go way: NaN, +Inf, -Inf, -0 as 0, exponent form from 1e6', () => {
    const values = [NaN, Infinity, -Infinity, -0, 100000, 1e6, 1234567, 0.0001, 0.00001, 3.14e42, -1.23e-45];
    const text = renderText([
      gauge(
        'a',
        values.map((value) => ({ labels: [], value })),
      ),
    ]);
    expect(text).toBe(
      '# TYPE a gauge\n' +
        ['NaN', '+Inf', '-Inf', '0', '100000', '1e+06', '1.234567e+06', '0.0001', '1e-05', '3.14e+42', '-1.23e-45'].map((v) => `a ${v}\n`).join(''),
    );
  });
});

describe('renderText: names', () => {
  it('quotes a name that is not legacy-valid and moves it inside the braces, first', () => {
    const family = gauge(
      'gauge.name',
      [
        { labels: ['x', 'y'], value: 1 },
        { labels: [], value: 2 },
      ],
      { help: 'h' },
    );
    expect(renderText([family])).toBe('# HELP "gauge.name" h\n# TYPE "gauge.name" gauge\n{"gauge.name",x="y"} 1\n{"gauge.name"} 2\n');
  });

  it('escapes backslash, quote and LF inside a quoted name', () => {
    expect(renderText([gauge('a"b\\c\nd', [{ labels: [], value: 1 }])])).toBe('# TYPE "a\\"b\\\\c\\nd" gauge\n{"a\\"b\\\\c\\nd"} 1\n');
  });

  it('checks label names with the metric-name rule: `a:b` unquoted, `a.b` and "" quoted', () => {
    expect(renderText([gauge('a', [{ labels: ['a:b', '1', 'a.b', '2', '', '3', '_ok9', '4', '9x', '5'], value: 1 }])])).toBe(
      '# TYPE a gauge\na{a:b="1","a.b"="2",""="3",_ok9="4","9x"="5"} 1\n',
    );
  });

  it('writes legacy names with colons and underscores as they are', () => {
    expect(renderText([gauge(':a_b:9', [{ labels: [], value: 1 }])])).toBe('# TYPE :a_b:9 gauge\n:a_b:9 1\n');
  });

  it('puts the suffix inside the quotes of a quoted summary or histogram name', () => {
    const family: HistogramFamily = {
      name: 'h.x',
      type: 'histogram',
      metrics: [{ labels: ['k', 'v'], buckets: [{ le: 1, count: 1 }], sum: 2, count: 3 }],
    };
    expect(renderText([family])).toBe(
      '# TYPE "h.x" histogram\n{"h.x_bucket",k="v",le="1"} 1\n{"h.x_bucket",k="v",le="+Inf"} 3\n{"h.x_sum",k="v"} 2\n{"h.x_count",k="v"} 3\n',
    );
  });
});

describe('renderText: summaries', () => {
  it('writes each quantile with `quantile` as the last label, then _sum and _count', () => {
    const family: SummaryFamily = {
      name: 's',
      type: 'summary',
      metrics: [
        {
          labels: [],
          quantiles: [
            { quantile: 0.5, value: -1.23 },
            { quantile: 0.99, value: 0 },
          ],
          sum: -3.4567,
          count: 42,
        },
        { labels: ['n1', 'v1', 'n2', 'v2'], quantiles: [{ quantile: 0.9, value: 2 }], sum: 2010.1971, count: 4711 },
      ],
    };
    expect(renderText([family])).toBe(
      '# TYPE s summary\n' +
        's{quantile="0.5"} -1.23\ns{quantile="0.99"} 0\ns_sum -3.4567\ns_count 42\n' +
        's{n1="v1",n2="v2",quantile="0.9"} 2\ns_sum{n1="v1",n2="v2"} 2010.1971\ns_count{n1="v1",n2="v2"} 4711\n',
    );
  });

  it('writes a missing _sum and _count as 0, and the timestamp on every line', () => {
    const family: SummaryFamily = { name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [{ quantile: 1e-5, value: 1 }], timestampMs: 7 }] };
    expect(renderText([family])).toBe('# TYPE s summary\ns{quantile="1e-05"} 1 7\ns_sum 0 7\ns_count 0 7\n');
  });
});

describe('renderText: histograms', () => {
  it('writes buckets with `le` last, then _sum and _count, keeping a stored +Inf bucket', () => {
    const family: HistogramFamily = {
      name: 'h',
      type: 'histogram',
      metrics: [
        {
          labels: ['x', 'y'],
          buckets: [
            { le: 100, count: 123 },
            { le: 172.8, count: 1524.5 },
            { le: Infinity, count: 2693 },
          ],
          sum: 1756047.3,
          count: 2693,
        },
      ],
    };
    expect(renderText([family])).toBe(
      '# TYPE h histogram\n' +
        'h_bucket{x="y",le="100"} 123\nh_bucket{x="y",le="172.8"} 1524.5\nh_bucket{x="y",le="+Inf"} 2693\n' +
        'h_sum{x="y"} 1.7560473e+06\nh_count{x="y"} 2693\n',
    );
  });

  it('adds a +Inf bucket holding the count when none is stored', () => {
    const family: HistogramFamily = { name: 'h', type: 'histogram', metrics: [{ labels: [], buckets: [{ le: 1e6, count: 1 }], sum: 0.5, count: 9 }] };
    expect(renderText([family])).toBe('# TYPE h histogram\nh_bucket{le="1e+06"} 1\nh_bucket{le="+Inf"} 9\nh_sum 0.5\nh_count 9\n');
  });

  it('writes a missing _sum and _count (and so the added +Inf bucket) as 0, timestamps on every line', () => {
    const family: HistogramFamily = { name: 'h', type: 'gaugehistogram', metrics: [{ labels: [], buckets: [{ le: -Infinity, count: 0 }], timestampMs: 3 }] };
    expect(renderText([family])).toBe('# TYPE h histogram\nh_bucket{le="-Inf"} 0 3\nh_bucket{le="+Inf"} 0 3\nh_sum 0 3\nh_count 0 3\n');
  });
});

describe('renderText: sort option', () => {
  const families: MetricFamily[] = [
    gauge('b', [
      { labels: ['z', '1', 'a', '2'], value: 1 },
      { labels: ['a', '1', 'z', '9'], value: 2 },
      { labels: ['a', '1'], value: 3 },
      { labels: ['a', '1', 'y', '9'], value: 4 },
      { labels: [], value: 5 },
    ]),
    {
      name: 'a',
      type: 'summary',
      metrics: [
        {
          labels: ['k', 'v'],
          quantiles: [
            { quantile: 0.9, value: 1 },
            { quantile: 0.1, value: 2 },
          ],
        },
      ],
    },
  ];

  it('orders families by name, labels by name, metrics by label count, values, then names', () => {
    expect(renderText(families, { sort: true })).toBe(
      '# TYPE a summary\na{k="v",quantile="0.9"} 1\na{k="v",quantile="0.1"} 2\na_sum{k="v"} 0\na_count{k="v"} 0\n' +
        '# TYPE b gauge\nb 5\nb{a="1"} 3\nb{a="1",y="9"} 4\nb{a="1",z="9"} 2\nb{a="2",z="1"} 1\n',
    );
  });

  it('leaves the input untouched', () => {
    const before = JSON.stringify(families);
    renderText(families, { sort: true });
    expect(JSON.stringify(families)).toBe(before);
  });

  it('compares names in UTF-8 byte order, not UTF-16 code unit order', () => {
    // U+FFFD is below U+1F600 as bytes, but its one code unit is above the surrogates.
    const text = renderText([gauge('\u{1F600}', [{ labels: [], value: 1 }]), gauge('\uFFFD', [{ labels: [], value: 1 }])], { sort: true });
    expect(text.indexOf('\uFFFD')).toBeLessThan(text.indexOf('\u{1F600}'));
  });

  it('breaks ties by timestamp, missing last, and keeps equal metrics in order', () => {
    const text = renderText(
      [
        gauge('a', [
          { labels: [], value: 1 },
          { labels: [], value: 2, timestampMs: 9 },
          { labels: [], value: 3, timestampMs: 1 },
          { labels: [], value: 4 },
        ]),
      ],
      {
        sort: true,
      },
    );
    expect(text).toBe('# TYPE a gauge\na 3 1\na 2 9\na 1\na 4\n');
  });
});

describe('renderTextChunks', () => {
  it('yields one chunk per family by default', () => {
    const chunks = [...renderTextChunks([gauge('a', [{ labels: [], value: 1 }]), gauge('b', [{ labels: [], value: 2 }])])];
    expect(chunks).toEqual(['# TYPE a gauge\na 1\n', '# TYPE b gauge\nb 2\n']);
  });

  it('splits a big family into chunks of about chunkLines lines, each ending a line', () => {
    const family = gauge(
      'a',
      Array.from({ length: 10 }, (_, i) => ({ labels: [], value: i })),
    );
    const chunks = [...renderTextChunks([family], { chunkLines: 4 })];
    expect(chunks).toEqual(['# TYPE a gauge\na 0\na 1\na 2\na 3\n', 'a 4\na 5\na 6\na 7\n', 'a 8\na 9\n']);
    expect(chunks.join('')).toBe(renderText([family]));
  });

  it('gives renderText a page over 1M characters exactly, whatever its parts', () => {
    // renderText flattens every 32K characters and joins 32 such chunks into a part.
    const series = Array.from({ length: 60_000 }, (_, i) => ({ labels: ['instance', `host-${i}.example.org:9100`], value: i / 8 }));
    const page = renderText([gauge('up', series)]);
    const expected = ['# TYPE up gauge\n', ...series.map((m, i) => `up{instance="host-${i}.example.org:9100"} ${m.value}\n`)].join('');
    expect(page.length).toBeGreaterThan(2_000_000);
    expect(page === expected).toBe(true);
    expect([...renderTextChunks([gauge('up', series)])].join('') === page).toBe(true);
  });
});
