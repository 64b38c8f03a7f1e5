/**
 * The renderers under each escaping scheme: exact bytes. `allow-utf-8` (the default) quotes
 * what is not legacy-valid, as Go's writers do (text_create.go / openmetrics_create.go
 * `writeName`: inside the braces for a sample, after `# HELP` / `# TYPE` for metadata);
 * the other schemes write escaped, unquoted names, as Go's encoder does after
 * `EscapeMetricFamily`.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseProtobuf, renderOpenMetrics, renderProtobuf, renderText } from '../../src/index.js';
import { renderProm2Json } from '../../src/render/render-prom2json.js';

const PUSHED = `# HELP "my.metric" Dots in the name.
# TYPE "my.metric" counter
{"my.metric","host.name"="a",job="j"} 1
# TYPE "http.latency" histogram
{"http.latency_bucket","zone.id"="z",le="0.5"} 1
{"http.latency_bucket","zone.id"="z",le="+Inf"} 2
{"http.latency_sum","zone.id"="z"} 3
{"http.latency_count","zone.id"="z"} 2
# TYPE plain_total counter
plain_total{"花火"="x","with\\"quote"="y"} 4
`;

const families = parse(PUSHED).families;

describe('text 0.0.4', () => {
  it('allow-utf-8 (the default) writes quoted names, and reads back the same', () => {
    expect(renderText(families)).toBe(PUSHED);
    expect(renderText(families, { escaping: 'allow-utf-8' })).toBe(PUSHED);
    expect(parse(renderText(families)).families).toEqual(families);
  });

  it('underscores', () => {
    expect(renderText(families, { escaping: 'underscores' })).toBe(`# HELP my_metric Dots in the name.
# TYPE my_metric counter
my_metric{host_name="a",job="j"} 1
# TYPE http_latency histogram
http_latency_bucket{zone_id="z",le="0.5"} 1
http_latency_bucket{zone_id="z",le="+Inf"} 2
http_latency_sum{zone_id="z"} 3
http_latency_count{zone_id="z"} 2
# TYPE plain_total counter
plain_total{__="x",with_quote="y"} 4
`);
  });

  it('dots, leaving legacy names alone', () => {
    expect(renderText(families, { escaping: 'dots' })).toBe(`# HELP my_dot_metric Dots in the name.
# TYPE my_dot_metric counter
my_dot_metric{host_dot_name="a",job="j"} 1
# TYPE http_dot_latency histogram
http_dot_latency_bucket{zone_dot_id="z",le="0.5"} 1
http_dot_latency_bucket{zone_dot_id="z",le="+Inf"} 2
http_dot_latency_sum{zone_dot_id="z"} 3
http_dot_latency_count{zone_dot_id="z"} 2
# TYPE plain_total counter
plain_total{____="x",with__quote="y"} 4
`);
  });

  it('values', () => {
    expect(renderText(families, { escaping: 'values' })).toBe(`# HELP U__my_2e_metric Dots in the name.
# TYPE U__my_2e_metric counter
U__my_2e_metric{U__host_2e_name="a",job="j"} 1
# TYPE U__http_2e_latency histogram
U__http_2e_latency_bucket{U__zone_2e_id="z",le="0.5"} 1
U__http_2e_latency_bucket{U__zone_2e_id="z",le="+Inf"} 2
U__http_2e_latency_sum{U__zone_2e_id="z"} 3
U__http_2e_latency_count{U__zone_2e_id="z"} 2
# TYPE plain_total counter
plain_total{U___82b1__706b_="x",U__with_22_quote="y"} 4
`);
  });

  it('sorts by the names as given, then escapes (as client_golang gathers, then encodes)', () => {
    // "a.z" sorts before "a_b"; escaped, "a_dot_z" would sort after it.
    const two = parse('# TYPE a_b gauge\na_b 1\n# TYPE "a.z" gauge\n{"a.z"} 2\n').families;
    expect(renderText(two, { sort: true, escaping: 'dots' })).toBe('# TYPE a_dot_z gauge\na_dot_z 2\n# TYPE a_b gauge\na_b 1\n');
  });
});

describe('OpenMetrics 1.0', () => {
  it('allow-utf-8 quotes names in metadata, samples and label names', () => {
    expect(renderOpenMetrics(families)).toBe(`# HELP "my.metric" Dots in the name.
# TYPE "my.metric" unknown
{"my.metric","host.name"="a",job="j"} 1.0
# TYPE "http.latency" histogram
{"http.latency_bucket","zone.id"="z",le="0.5"} 1
{"http.latency_bucket","zone.id"="z",le="+Inf"} 2
{"http.latency_sum","zone.id"="z"} 3.0
{"http.latency_count","zone.id"="z"} 2
# TYPE plain counter
plain_total{"花火"="x","with\\"quote"="y"} 4.0
# EOF
`);
  });

  it('underscores writes names an OpenMetrics 1.0 parser reads', () => {
    const om = renderOpenMetrics(families, { escaping: 'underscores' });
    expect(om).toBe(`# HELP my_metric Dots in the name.
# TYPE my_metric unknown
my_metric{host_name="a",job="j"} 1.0
# TYPE http_latency histogram
http_latency_bucket{zone_id="z",le="0.5"} 1
http_latency_bucket{zone_id="z",le="+Inf"} 2
http_latency_sum{zone_id="z"} 3.0
http_latency_count{zone_id="z"} 2
# TYPE plain counter
plain_total{__="x",with_quote="y"} 4.0
# EOF
`);
    expect(parse(om).families.map((f) => f.name)).toEqual(['my_metric', 'http_latency', 'plain_total']);
  });
});

describe('protobuf and JSON', () => {
  it('protobuf keeps UTF-8 names by default and escapes them under a scheme', () => {
    const names = (bytes: Uint8Array) => parseProtobuf(bytes).families.map((f) => [f.name, ...f.metrics[0].labels.filter((_, i) => i % 2 === 0)]);
    expect(names(renderProtobuf(families))).toEqual([
      ['my.metric', 'host.name', 'job'],
      ['http.latency', 'zone.id'],
      ['plain_total', '花火', 'with"quote'],
    ]);
    expect(names(renderProtobuf(families, { escaping: 'values' }))).toEqual([
      ['U__my_2e_metric', 'U__host_2e_name', 'job'],
      ['U__http_2e_latency', 'U__zone_2e_id'],
      ['plain_total', 'U___82b1__706b_', 'U__with_22_quote'],
    ]);
  });

  it('prom2json JSON names', () => {
    const json = (escaping?: 'dots') => JSON.parse(renderProm2Json(families, { escaping })) as { name: string; metrics: { labels: object }[] }[];
    expect(json().map((f) => [f.name, Object.keys(f.metrics[0].labels)])).toEqual([
      ['my.metric', ['host.name', 'job']],
      ['http.latency', ['zone.id']],
      ['plain_total', ['花火', 'with"quote']],
    ]);
    expect(json('dots').map((f) => [f.name, Object.keys(f.metrics[0].labels)])).toEqual([
      ['my_dot_metric', ['host_dot_name', 'job']],
      ['http_dot_latency', ['zone_dot_id']],
      ['plain_total', ['____', 'with__quote']],
    ]);
  });
});
