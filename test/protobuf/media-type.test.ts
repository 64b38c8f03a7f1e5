/** The push rule (Pushgateway's `mime.ParseMediaType` check) and the scrape negotiation (promhttp's `expfmt.Negotiate`). */
import { describe, expect, it } from 'vitest';
import { isProtobufContentType, negotiateFormat, PROTOBUF_DELIMITED_CONTENT_TYPE } from '../../src/index.js';

describe('isProtobufContentType: exactly Pushgateway’s rule', () => {
  it.each([
    PROTOBUF_DELIMITED_CONTENT_TYPE,
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    'application/vnd.google.protobuf;encoding=delimited;proto=io.prometheus.client.MetricFamily',
    'Application/Vnd.Google.Protobuf; PROTO=io.prometheus.client.MetricFamily; Encoding=delimited',
    'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding="delimited"',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; charset=x',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited;',
  ])('protobuf: %s', (header) => {
    expect(isProtobufContentType(header)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'text/plain; version=0.0.4',
    'application/openmetrics-text; version=1.0.0',
    'application/vnd.google.protobuf',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=Delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.metricfamily; encoding=delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; encoding=delimited',
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding delimited',
    'application/x-protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
  ])('text: %s', (header) => {
    expect(isProtobufContentType(header)).toBe(false);
  });
});

describe('negotiateFormat: as promhttp', () => {
  it.each([
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited', 'protobuf'],
    // Prometheus's own scrape header before native histograms
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1', 'protobuf'],
    ['text/plain;version=0.0.4;q=0.9,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5', 'text'],
    ['text/plain;q=0.2, application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited', 'protobuf'],
    ['application/openmetrics-text;version=1.0.0,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5', 'protobuf'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text', 'text'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0', 'text'],
    ['application/vnd.google.protobuf;encoding=delimited', 'text'],
    ['*/*', 'text'],
    ['', 'text'],
  ])('%s -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  it('no Accept header is text', () => {
    expect(negotiateFormat(undefined)).toBe('text');
  });
});
