/**
 * The format registry (src/formats/): every row encodes and decodes a small family set
 * back to the same families, with the bytes today's renderers write; negotiation picks
 * exactly what `negotiateFormat` picked before the registry (a frozen copy below is the
 * oracle); a push is protobuf only with exactly Pushgateway's Content-Type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES, OUTPUT_NAMES, isReadable, joinBytes } from '../../src/formats/registry.js';
import {
  FORMAT_LIST,
  type Format,
  type MetricFamily,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
  SCRAPE_FORMATS,
  formatNamed,
  formats,
  inputFormatOf,
  negotiate,
  negotiateFormat,
  parse,
  pushFormat,
  renderOpenMetrics,
  renderProtobuf,
  renderText,
} from '../../src/index.js';

const TEXT = `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{kind="b"} 4.5
jobs_total{kind="a"} 3
# HELP temp Temperature.
# TYPE temp gauge
temp{room="x y",note="q\\"uote"} -1.5e-7
temp 0
# TYPE rpc summary
rpc{quantile="0.5"} 0.25
rpc{quantile="0.99"} 1
rpc_sum 12.5
rpc_count 40
# TYPE lat histogram
lat_bucket{le="0.5"} 1
lat_bucket{le="+Inf"} 2
lat_sum 1.25
lat_count 2
`;

/** Families without `line` fields (they differ by format), for toEqual. */
function withoutLines(list: readonly MetricFamily[]): MetricFamily[] {
  return list.map(({ line: _line, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _l, ...m }) => m) }) as MetricFamily);
}

const FAMILIES = withoutLines(parse(TEXT).families);

function encodeToBytes(format: Format, families: readonly MetricFamily[]): Uint8Array {
  return format.binary ? joinBytes(format.encode(families)) : new TextEncoder().encode([...format.encode(families)].join(''));
}

describe('the rows', () => {
  it('are text 0.0.4, OpenMetrics 1.0 and delimited protobuf, in the CLI’s order', () => {
    expect(FORMAT_LIST.map((f) => f.name)).toEqual(['prometheus', 'openmetrics', 'protobuf']);
    expect(OUTPUT_NAMES).toEqual(['prometheus', 'openmetrics', 'protobuf']);
    expect(INPUT_NAMES).toEqual(['text', 'protobuf']);
    expect(FORMAT_LIST).toEqual(Object.values(formats));
    for (const f of FORMAT_LIST) expect(formatNamed(f.name)).toBe(f);
    expect(formatNamed('json')).toBeUndefined();
    expect(formatNamed('constructor')).toBeUndefined();
  });

  it('have the Content-Types Go’s expfmt spells', () => {
    expect(formats.prometheus.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(formats.openmetrics.contentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(formats.protobuf.contentType).toBe(PROTOBUF_DELIMITED_CONTENT_TYPE);
    expect(FORMAT_LIST.map((f) => f.binary)).toEqual([false, false, true]);
  });

  it.each(FORMAT_LIST.filter(isReadable).map((f) => [f.name, f] as const))('%s: decode(encode(families)) gives the families back', (_name, format) => {
    const result = format.decode(encodeToBytes(format, FAMILIES));
    expect(result.diagnostics).toEqual([]);
    expect(withoutLines(result.families)).toEqual(FAMILIES);
  });

  it('encode writes exactly the bytes of today’s renderers', () => {
    expect(new TextDecoder().decode(encodeToBytes(formats.prometheus, FAMILIES))).toBe(renderText(FAMILIES));
    expect(new TextDecoder().decode(encodeToBytes(formats.openmetrics, FAMILIES))).toBe(renderOpenMetrics(FAMILIES));
    expect(encodeToBytes(formats.protobuf, FAMILIES)).toEqual(renderProtobuf(FAMILIES));
  });

  it('a per-family encoding, where a row has one, concatenates to the whole body', () => {
    for (const format of FORMAT_LIST) {
      if (format.encodeFamily === undefined) continue;
      const perFamily = FAMILIES.map((f) => format.encodeFamily?.(f) as string | Uint8Array);
      const joined = format.binary ? joinBytes(perFamily as Uint8Array[]) : new TextEncoder().encode(perFamily.join(''));
      expect(joined).toEqual(encodeToBytes(format, FAMILIES));
    }
    expect(formats.openmetrics.encodeFamily).toBeUndefined();
  });

  it('the text rows report what they cannot hold; protobuf holds everything', () => {
    const om = parse('# TYPE a_seconds gauge\n# UNIT a_seconds seconds\na_seconds 1\n# EOF\n').families;
    expect(formats.prometheus.losses?.(om).map((d) => d.code)).toEqual(['I_UNIT_DROPPED']);
    expect(formats.openmetrics.losses?.(om)).toEqual([]);
    const native: MetricFamily = { name: 'h', type: 'histogram', metrics: [{ labels: [], buckets: [], count: 1, sum: 1, schema: 0, zeroCount: 1 }] };
    expect(formats.openmetrics.losses?.([native]).map((d) => d.code)).toEqual(['I_NATIVE_BUCKETS_DROPPED']);
    expect(formats.prometheus.losses?.([native]).map((d) => d.code)).toEqual(['I_NATIVE_BUCKETS_DROPPED']);
    expect(formats.protobuf.losses).toBeUndefined();
  });

  it('the text rows recognise their Content-Types as `parse` does', () => {
    expect(formats.prometheus.matchesContentType('text/plain; version=0.0.4')).toBe(true);
    expect(formats.prometheus.matchesContentType('application/openmetrics-text')).toBe(false);
    expect(formats.openmetrics.matchesContentType('Application/OpenMetrics-Text; version=1.0.0')).toBe(true);
    expect(formats.openmetrics.matchesContentType(undefined)).toBe(false);
    expect(formats.protobuf.matchesContentType(PROTOBUF_DELIMITED_CONTENT_TYPE)).toBe(true);
  });
});

describe('inputFormatOf: what `--from` reads with', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('text is 0.0.4 or OpenMetrics as --dialect, else a final # EOF, says', () => {
    expect(inputFormatOf('text', bytes('a 1\n'))).toBe(formats.prometheus);
    expect(inputFormatOf('text', bytes('a 1\n# EOF\n'))).toBe(formats.openmetrics);
    expect(inputFormatOf('text', bytes('a 1\n# EOF\n'), { dialect: 'prometheus' })).toBe(formats.prometheus);
    expect(inputFormatOf('text', bytes('a 1\n'), { dialect: 'openmetrics' })).toBe(formats.openmetrics);
    expect(inputFormatOf('text', bytes('a 1\n'), { dialect: 'auto', contentType: 'application/openmetrics-text' })).toBe(formats.openmetrics);
  });
  it('protobuf is protobuf', () => {
    expect(inputFormatOf('protobuf', bytes('a 1\n# EOF\n'), { dialect: 'openmetrics' })).toBe(formats.protobuf);
  });
});

/** `negotiateFormat` as it was before the registry (src/protobuf/media-type.ts), frozen: the oracle. */
function negotiateFormatBefore(accept: string | undefined): 'protobuf' | 'text' {
  if (accept === undefined) return 'text';
  const entries: { type: string; params: Map<string, string>; q: number }[] = [];
  for (const part of accept.split(',')) {
    const [range, ...rest] = part.split(';');
    const type = range.trim().toLowerCase();
    if (!type.includes('/')) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const param of rest) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const name = param.slice(0, eq).trim().toLowerCase();
      const value = param.slice(eq + 1).trim();
      if (name === 'q') q = Number(value) || 0;
      else params.set(name, value);
    }
    if (q > 0) entries.push({ type, params, q });
  }
  entries.sort((a, b) => b.q - a.q);
  for (const e of entries) {
    if (
      e.type === 'application/vnd.google.protobuf' &&
      e.params.get('proto') === 'io.prometheus.client.MetricFamily' &&
      e.params.get('encoding') === 'delimited'
    )
      return 'protobuf';
    if (e.type === 'text/plain' && (e.params.get('version') ?? '') in { '': true, '0.0.4': true }) return 'text';
  }
  return 'text';
}

const PB = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';

describe('negotiate: as negotiateFormat (promhttp’s expfmt.Negotiate)', () => {
  const table: Array<[string | undefined, 'protobuf' | 'text']> = [
    // test/protobuf/media-type.test.ts
    [PB, 'protobuf'],
    [`${PB};q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1`, 'protobuf'],
    [`text/plain;version=0.0.4;q=0.9,${PB};q=0.5`, 'text'],
    [`text/plain;q=0.2, ${PB}`, 'protobuf'],
    [`application/openmetrics-text;version=1.0.0,${PB};q=0.5`, 'protobuf'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text', 'text'],
    [`${PB};q=0`, 'text'],
    ['application/vnd.google.protobuf;encoding=delimited', 'text'],
    ['*/*', 'text'],
    ['', 'text'],
    [undefined, 'text'],
    // and a few more
    [`text/plain;version=1.0,${PB}`, 'protobuf'],
    [`text/plain,${PB}`, 'text'],
    [`text/plain;version=0.0.4;q=0.5,${PB};q=0.5`, 'text'],
    [`${PB};q=abc,text/plain`, 'text'],
    [`APPLICATION/Vnd.Google.Protobuf;PROTO=io.prometheus.client.MetricFamily;Encoding=delimited`, 'protobuf'],
    ['application/vnd.google.protobuf;proto="io.prometheus.client.MetricFamily";encoding=delimited', 'text'],
    [` ${PB} ; q=1 , text/plain ; q=0.9`, 'protobuf'],
    [`text/html,application/xhtml+xml,${PB};q=0.8`, 'protobuf'],
    [`text/plain;version=0.0.5,${PB};q=0.1`, 'protobuf'],
    [`application/openmetrics-text;version=1.0.0;q=0.9,application/openmetrics-text;version=0.0.1;q=0.8,${PB};q=0.1`, 'protobuf'],
    [`text/plain;version=constructor,${PB}`, 'text'],
    [`foo,bar;q=1,${PB}`, 'protobuf'],
  ];

  it.each(table)('%s -> %s', (accept, expected) => {
    expect(negotiateFormatBefore(accept)).toBe(expected);
    expect(negotiateFormat(accept)).toBe(expected);
    expect(negotiate(accept).name).toBe(expected === 'protobuf' ? 'protobuf' : 'prometheus');
  });

  it('agrees with the frozen rule on generated Accept headers', () => {
    const param = fc.constantFrom(
      'proto=io.prometheus.client.MetricFamily',
      'PROTO=io.prometheus.client.MetricFamily',
      'proto=io.prometheus.client.metricfamily',
      'encoding=delimited',
      'encoding=text',
      'Encoding=Delimited',
      'version=0.0.4',
      'version=1.0.0',
      'version=',
      'version=toString',
      'q=0',
      'q=0.5',
      'q=1',
      'q=0.3',
      'q=x',
      'charset=utf-8',
      'novalue',
    );
    const type = fc.constantFrom('application/vnd.google.protobuf', 'text/plain', 'Text/Plain', 'application/openmetrics-text', '*/*', 'text/*', 'garbage', '');
    const entry = fc.tuple(type, fc.array(param, { maxLength: 4 }), fc.constantFrom('', ' ')).map(([t, ps, sp]) => [t, ...ps].join(`${sp};${sp}`));
    const accept = fc.array(entry, { maxLength: 5 }).map((es) => es.join(','));
    fc.assert(
      fc.property(accept, (header) => {
        expect(negotiateFormat(header)).toBe(negotiateFormatBefore(header));
      }),
      { numRuns: 2000 },
    );
  });

  it('offers protobuf and text 0.0.4, as Pushgateway; OpenMetrics only when offered', () => {
    expect(SCRAPE_FORMATS).toEqual([formats.protobuf, formats.prometheus]);
    expect(negotiate('application/openmetrics-text;version=1.0.0')).toBe(formats.prometheus);
    const all = [formats.protobuf, formats.prometheus, formats.openmetrics];
    expect(negotiate('application/openmetrics-text;version=1.0.0', all)).toBe(formats.openmetrics);
    expect(negotiate('application/openmetrics-text', all)).toBe(formats.openmetrics);
    expect(negotiate('application/openmetrics-text;version=0.0.1', all)).toBe(formats.prometheus);
    expect(negotiate(`application/openmetrics-text;q=0.5,${PB}`, all)).toBe(formats.protobuf);
  });
});

describe('pushFormat: Pushgateway’s rule', () => {
  // test/protobuf/media-type.test.ts
  it.each([
    PROTOBUF_DELIMITED_CONTENT_TYPE,
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    'application/vnd.google.protobuf;encoding=delimited;proto=io.prometheus.client.MetricFamily',
    'Application/Vnd.Google.Protobuf; PROTO=io.prometheus.client.MetricFamily; Encoding=delimited',
    'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding="delimited"',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; charset=x',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited;',
  ])('protobuf: %s', (header) => {
    expect(pushFormat(header)).toBe(formats.protobuf);
  });

  it.each([
    undefined,
    '',
    'text/plain; version=0.0.4',
    'application/openmetrics-text; version=1.0.0',
    'application/openmetrics-text; version=1.0.0; charset=utf-8',
    'application/vnd.google.protobuf',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=Delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.metricfamily; encoding=delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; encoding=delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding delimited',
    'application/x-protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
  ])('text 0.0.4: %s', (header) => {
    expect(pushFormat(header)).toBe(formats.prometheus);
  });

  it('decodes an OpenMetrics body as 0.0.4, `# EOF` being a comment', () => {
    const body = new TextEncoder().encode('# TYPE a counter\na_total 1\n# EOF\n');
    const format = pushFormat('application/openmetrics-text; version=1.0.0');
    expect(format).toBe(formats.prometheus);
    expect(format.decode(body)).toEqual(parse(body, { dialect: 'prometheus' }));
  });
});
