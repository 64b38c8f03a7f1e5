import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { RULES, validate } from '../../src/validate/validate.js';

/** Findings of one rule only, as [line, message]. */
function findings(code: string, text: string, grouping?: string[]): Array<[number, string]> {
  const diagnostics = validate(parse(text).families, grouping ? { grouping } : {});
  return diagnostics.filter((d) => d.code === code).map((d) => [d.line, d.message]);
}

const H = '# HELP h h.\n# TYPE h histogram\n';
const S = '# HELP s s.\n# TYPE s summary\n';

// Each rule: a payload that breaks it (with the exact line and message) and one that keeps it.
const cases: Array<{ code: string; bad: string; line: number; message: string; good: string; grouping?: string[] }> = [
  {
    code: 'E_BUCKET_ORDER',
    bad: `${H}h_bucket{le="1"} 1\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n`,
    line: 3,
    message: 'histogram "h": bucket le=0.5 follows le=1; upper bounds must strictly increase',
    good: `${H}h_bucket{le="0.5"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n`,
  },
  {
    code: 'E_BUCKET_DECREASING',
    bad: `${H}h_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n`,
    line: 3,
    message: 'histogram "h": bucket le=Infinity counts 2, fewer than the 3 of le=1; bucket counts are cumulative',
    good: `${H}h_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n`,
  },
  {
    code: 'E_MISSING_INF_BUCKET',
    bad: `${H}h_bucket{le="1"} 3\nh_sum 1\nh_count 3\n`,
    line: 3,
    message: 'histogram "h" has no le="+Inf" bucket',
    good: `${H}h_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n`,
  },
  {
    code: 'E_COUNT_MISMATCH',
    bad: `${H}h_bucket{le="+Inf"} 3\nh_sum 1\nh_count 4\n`,
    line: 3,
    message: 'histogram "h": _count is 4 but the le="+Inf" bucket counts 3',
    good: `${H}h_bucket{le="+Inf"} 4\nh_sum 1\nh_count 4\n`,
  },
  {
    code: 'E_SUM_COUNT_PAIR',
    bad: `${S}s{quantile="0.5"} 1\ns_count 3\n`,
    line: 3,
    message: 'summary "s" has _count but no _sum',
    good: `${S}s{quantile="0.5"} 1\ns_count 3\ns_sum 3\n`,
  },
  {
    code: 'E_INVALID_COUNTER_VALUE',
    bad: '# HELP c_total c.\n# TYPE c_total counter\nc_total -1\n',
    line: 3,
    message: 'counter "c_total" has value -1; counters cannot be negative or NaN',
    good: '# HELP c_total c.\n# TYPE c_total counter\nc_total 0\n',
  },
  {
    code: 'E_INVALID_COUNT',
    bad: `${S}s_sum 1\ns_count -2\n`,
    line: 3,
    message: 'summary "s": _count is -2; counts cannot be negative or NaN',
    good: `${S}s_sum 1\ns_count 2\n`,
  },
  {
    code: 'W_NON_INTEGER_COUNT',
    bad: `${S}s_sum 1\ns_count 2.5\n`,
    line: 3,
    message: 'summary "s": _count is 2.5, not a whole number (the Go reference would truncate it)',
    good: `${S}s_sum 1\ns_count 2\n`,
  },
  {
    code: 'E_QUANTILE_RANGE',
    bad: `${S}s{quantile="1.5"} 1\ns_sum 1\ns_count 1\n`,
    line: 3,
    message: 'summary "s": quantile 1.5 is outside [0, 1]',
    good: `${S}s{quantile="1"} 1\ns_sum 1\ns_count 1\n`,
  },
  {
    code: 'E_DUPLICATE_SERIES',
    bad: '# HELP a a.\n# TYPE a gauge\na{x="1",y="2"} 1\na{y="2",x="1"} 2\n',
    line: 4,
    message: 'series a{y="2",x="1"} appears twice (first at line 3); Pushgateway rejects it as collected before with the same name and label values',
    good: '# HELP a a.\n# TYPE a gauge\na{x="1",y="2"} 1\na{y="3",x="1"} 2\n',
  },
  {
    code: 'E_RESERVED_LABEL_PREFIX',
    bad: '# HELP a a.\n# TYPE a gauge\na{__foo="1"} 1\n',
    line: 3,
    message: 'label name "__foo" starts with "__", which is reserved',
    good: '# HELP a a.\n# TYPE a gauge\na{_foo="1"} 1\n',
  },
  {
    code: 'E_NAME_COLLISION',
    // s_count is named before s is typed a summary, so it stays a family of its own.
    bad: `# HELP s_count c.\n# TYPE s_count gauge\ns_count 1\n${S}s_sum 1\n`,
    line: 1,
    message: 'family "s_count" collides with the samples of summary "s"',
    good: `${S}s_sum 1\ns_count 1\n`,
  },
  {
    code: 'W_FAMILY_SPLIT',
    bad: 'a 1\nb 1\na{x="y"} 2\n',
    line: 3,
    message: 'the lines of "a" are split by other families; a family\'s lines should form one group',
    good: 'a 1\na{x="y"} 2\nb 1\n',
  },
  {
    code: 'E_TIMESTAMP_NOT_ALLOWED',
    bad: 'a 1 1700000000000\n',
    line: 1,
    message: 'pushed metrics must not have timestamps',
    good: 'a 1\n',
    grouping: ['job', 'j'],
  },
  {
    code: 'W_GROUPING_LABEL_OVERRIDDEN',
    bad: 'a{job="other"} 1\n',
    line: 1,
    message: 'label job="other" is replaced by the grouping key\'s "j"',
    good: 'a{job="j"} 1\n',
    grouping: ['job', 'j'],
  },
  { code: 'W_NO_HELP', bad: '# TYPE a gauge\na 1\n', line: 1, message: 'no help text', good: '# HELP a a.\na 1\n' },
  {
    code: 'W_COUNTER_TOTAL',
    bad: '# TYPE requests counter\nrequests 1\n',
    line: 1,
    message: 'counter metrics should have "_total" suffix',
    good: '# TYPE requests_total counter\nrequests_total 1\n',
  },
  {
    code: 'W_NON_COUNTER_TOTAL',
    bad: '# TYPE requests_total gauge\nrequests_total 1\n',
    line: 1,
    message: 'non-counter metrics should not have "_total" suffix',
    good: 'requests_total 1\n',
  },
  {
    code: 'W_BUCKET_SUFFIX',
    bad: '# TYPE a_bucket gauge\na_bucket 1\n',
    line: 1,
    message: 'non-histogram metrics should not have "_bucket" suffix',
    good: 'a_bucket 1\n',
  },
  {
    code: 'W_COUNT_SUM_SUFFIX',
    bad: '# TYPE a_count gauge\na_count 1\n',
    line: 1,
    message: 'non-histogram and non-summary metrics should not have "_count" suffix',
    good: 'a_count 1\n',
  },
  {
    code: 'W_LE_LABEL',
    bad: '# TYPE a gauge\na 1\na{le="1"} 1\n',
    line: 3,
    message: 'non-histogram metrics should not have "le" label',
    good: 'a{le="1"} 1\n',
  },
  {
    code: 'W_QUANTILE_LABEL',
    bad: '# TYPE a gauge\na{quantile="1"} 1\n',
    line: 2,
    message: 'non-summary metrics should not have "quantile" label',
    good: 'a{quantile="1"} 1\n',
  },
  {
    code: 'W_TYPE_IN_NAME',
    bad: 'requests_counter_x 1\n',
    line: 1,
    message: "metric name should not include type 'counter'",
    good: 'requests_countering 1\n',
  },
  { code: 'W_COLON_IN_NAME', bad: 'job:requests:rate5m 1\n', line: 1, message: "metric names should not contain ':'", good: 'job_requests 1\n' },
  {
    code: 'W_CAMEL_CASE',
    bad: 'a{fooBar="1"} 1\n',
    line: 1,
    message: "label names should be written in 'snake_case' not 'camelCase' (fooBar)",
    good: 'a{foo_bar="1"} 1\n',
  },
  { code: 'W_ABBREVIATED_UNIT', bad: 'latency_ms 1\n', line: 1, message: 'metric names should not contain abbreviated units', good: 'latency_msg 1\n' },
  {
    code: 'W_NON_BASE_UNIT',
    bad: 'request_milliseconds 1\n',
    line: 1,
    message: 'use base unit "seconds" instead of "milliseconds"',
    good: 'request_seconds 1\n',
  },
  {
    code: 'W_UTF8_NAME',
    bad: 'a{"host.name"="x"} 1\n',
    line: 1,
    message: 'label name "host.name" is valid only as a UTF-8 name (readers before Prometheus 3 need [a-zA-Z_][a-zA-Z0-9_]*)',
    good: '{"quoted_but_legacy",a="x"} 1\n',
  },
  {
    code: 'W_ESCAPED_NAME_COLLISION',
    bad: '# TYPE my_metric gauge\nmy_metric 1\n# TYPE "my.metric" gauge\n{"my.metric"} 2\n',
    line: 3,
    message: 'metric names "my_metric" and "my.metric" are both "my_metric" once escaped (escaping=underscores)',
    good: '# TYPE my_metric gauge\nmy_metric 1\n# TYPE "my.metric2" gauge\n{"my.metric2"} 2\n',
  },
];

describe('validate: each rule breaks on its bad payload and keeps quiet on its good one', () => {
  for (const c of cases) {
    it(c.code, () => {
      expect(findings(c.code, c.bad, c.grouping)).toEqual([[c.line, c.message]]);
      expect(findings(c.code, c.good, c.grouping)).toEqual([]);
    });
  }

  it('covers every rule (the native-histogram ones in native-histogram-rules.test.ts)', () => {
    const text = RULES.map((r) => r.code).filter((code) => !code.startsWith('E_NATIVE_'));
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(text));
  });
});

describe('validate: UTF-8 names', () => {
  it('W_UTF8_NAME: metric names, label names (a colon is legacy only in metric names), each label name once per family', () => {
    expect(findings('W_UTF8_NAME', '{"my.metric","a:b"="1"} 1\n{"my.metric","a:b"="2"} 2\nok:name 1\n')).toEqual([
      [1, 'metric name "my.metric" is valid only as a UTF-8 name (readers before Prometheus 3 need [a-zA-Z_:][a-zA-Z0-9_:]*)'],
      [1, 'label name "a:b" is valid only as a UTF-8 name (readers before Prometheus 3 need [a-zA-Z_][a-zA-Z0-9_]*)'],
    ]);
  });

  it('W_ESCAPED_NAME_COLLISION: label names of one series', () => {
    expect(findings('W_ESCAPED_NAME_COLLISION', 'x{"a.b"="1","a-b"="2"} 1\n')).toEqual([
      [1, 'label names "a.b" and "a-b" are both "a_b" once escaped (escaping=underscores)'],
    ]);
    expect(findings('W_ESCAPED_NAME_COLLISION', 'x{"a.b"="1"} 1\nx{a_b="2"} 1\n')).toEqual([]);
    // A legacy name first, then the one that escapes to it.
    expect(findings('W_ESCAPED_NAME_COLLISION', 'x{a_b="1","a.b"="2"} 1\n')).toEqual([
      [1, 'label names "a_b" and "a.b" are both "a_b" once escaped (escaping=underscores)'],
    ]);
  });
});

describe('validate', () => {
  it('reports camelCase metric names, non-base units of other kinds, and each type word', () => {
    expect(findings('W_CAMEL_CASE', 'httpRequests 1\n')).toEqual([[1, "metric names should be written in 'snake_case' not 'camelCase'"]]);
    expect(findings('W_NON_BASE_UNIT', 'disk_kilobytes 1\n')).toEqual([[1, 'use base unit "bytes" instead of "kilobytes"']]);
    expect(findings('W_NON_BASE_UNIT', 'temp_fahrenheit 1\n')).toEqual([[1, 'use base unit "celsius" instead of "fahrenheit"']]);
    expect(findings('W_NON_BASE_UNIT', 'a_constructor 1\n')).toEqual([]);
    expect(findings('W_TYPE_IN_NAME', 'x_gauge 1\n')).toEqual([[1, "metric name should not include type 'gauge'"]]);
  });

  it('turns rules off by code', () => {
    const families = parse('# TYPE requests counter\nrequests 1\n').families;
    expect(validate(families).map((d) => d.code)).toEqual(['W_NO_HELP', 'W_COUNTER_TOTAL']);
    expect(validate(families, { disable: ['W_NO_HELP'] }).map((d) => d.code)).toEqual(['W_COUNTER_TOTAL']);
  });

  it('passes a clean node_exporter-like payload', () => {
    const text =
      '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds_total counter\n' +
      'node_cpu_seconds_total{cpu="0",mode="idle"} 1.2e+06\nnode_cpu_seconds_total{cpu="0",mode="user"} 4000.5\n' +
      '# HELP go_gc_duration_seconds A summary of GC pauses.\n# TYPE go_gc_duration_seconds summary\n' +
      'go_gc_duration_seconds{quantile="0"} 1e-05\ngo_gc_duration_seconds{quantile="1"} 0.002\n' +
      'go_gc_duration_seconds_sum 0.5\ngo_gc_duration_seconds_count 300\n';
    expect(validate(parse(text).families)).toEqual([]);
  });

  it('never throws on any parsed input', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      '_',
      '{',
      '}',
      '"',
      '=',
      ',',
      ' ',
      '\n',
      '1',
      '-',
      '.',
      'e',
      '#',
      'TYPE ',
      'HELP ',
      'summary',
      'histogram',
      'counter',
      'le',
      'quantile',
      '_sum',
      '_count',
      '_bucket',
      '+Inf',
      'NaN',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join('') + '\n'),
        (text) => {
          const { families } = parse(text, { collectErrors: true });
          expect(() => validate(families, { grouping: ['job', 'j'] })).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});
