/**
 * Bad protobuf bodies: each problem gets its exact code and the index of the message it
 * is in, as `parse` does for lines; the first error throws a ParseError unless every
 * error is asked for; and no body, however broken, crashes the decoder.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, parseProtobuf, ProtobufCode, ProtobufParseError, renderProtobuf } from '../../src/index.js';
import type { MetricFamily } from '../../src/model.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited, message } from './helpers.js';

type FamilyInit = Parameters<typeof create<typeof pb.MetricFamilySchema>>[1];
const family = (init: FamilyInit) => toBinary(pb.MetricFamilySchema, create(pb.MetricFamilySchema, init));
const gauge = (name: string, value = 1) => family({ name, type: pb.MetricType.GAUGE, metric: [{ gauge: { value } }] });

/** The first diagnostic's code, line and column, from the throwing call. */
function thrown(body: Uint8Array, options = {}): { code: string; line: number; column: number; message: string } {
  try {
    parseProtobuf(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtobufParseError);
    expect(error).toBeInstanceOf(ParseError);
    const d = (error as ParseError).diagnostic;
    expect((error as Error).message).toBe(`protobuf parsing error in message ${d.line}: ${d.message}`);
    return { code: d.code, line: d.line, column: d.column, message: d.message };
  }
  throw new Error('no error thrown');
}

const at = (code: string, line: number) => ({ code, line, column: 1 });

describe('framing', () => {
  it('an empty body is no families and no error', () => {
    expect(parseProtobuf(new Uint8Array())).toEqual({ families: [], diagnostics: [] });
  });

  it('a body over maxBytes is refused before decoding: E_PROTOBUF_TOO_LARGE', () => {
    const body = delimited(gauge('a'), gauge('b'));
    expect(parseProtobuf(body, { maxBytes: body.length - 1, collectErrors: true }).diagnostics).toMatchObject([at(ProtobufCode.TOO_LARGE, 0)]);
    expect(() => parseProtobuf(body, { maxBytes: 10 })).toThrow(`protobuf parsing error: the body has ${body.length} bytes, more than the limit of 10`);
    expect(parseProtobuf(body, { maxBytes: body.length }).families).toHaveLength(2);
  });

  it('a length prefix beyond the body (a cut-off push): E_PROTOBUF_LENGTH at that message', () => {
    const body = delimited(gauge('a'), gauge('b'), gauge('c'));
    const cut = body.subarray(0, body.length - 3);
    expect(thrown(cut)).toMatchObject(at(ProtobufCode.LENGTH, 3));
    const collected = parseProtobuf(cut, { collectErrors: true });
    expect(collected.families.map((f) => f.name)).toEqual(['a', 'b']);
    expect(collected.diagnostics).toMatchObject([at(ProtobufCode.LENGTH, 3)]);
    // Text sent with the protobuf content type reads as a huge length.
    expect(thrown(new TextEncoder().encode('some_metric 1\n'))).toMatchObject(at(ProtobufCode.LENGTH, 1));
  });

  it('a body that ends inside a length prefix: E_PROTOBUF_TRUNCATED', () => {
    expect(thrown(new Uint8Array([0x80]))).toMatchObject(at(ProtobufCode.TRUNCATED, 1));
    expect(thrown(Uint8Array.of(...delimited(gauge('a')), 0xff, 0xff))).toMatchObject(at(ProtobufCode.TRUNCATED, 2));
  });

  it('a length prefix that is no varint: E_PROTOBUF_MALFORMED', () => {
    expect(thrown(new Uint8Array(11).fill(0xff))).toMatchObject(at(ProtobufCode.MALFORMED, 1));
  });
});

describe('inside a message', () => {
  it('a field that runs past the end of its message: E_PROTOBUF_TRUNCATED', () => {
    // name says 5 bytes, 1 follows
    expect(thrown(delimited(Uint8Array.of(0x0a, 0x05, 0x61)))).toMatchObject(at(ProtobufCode.TRUNCATED, 1));
    // a metric whose label pair says more bytes than the metric has, inside a whole family
    const metric = Uint8Array.of(0x0a, 0x10, 0x0a, 0x01, 0x61);
    const fam = message()
      .tag(1, WireType.LengthDelimited)
      .string('m')
      .tag(4, WireType.LengthDelimited)
      .bytes(metric)
      .tag(2, WireType.LengthDelimited)
      .string('help, long enough to hold the overrun')
      .finish();
    expect(thrown(delimited(gauge('ok'), fam))).toMatchObject({
      ...at(ProtobufCode.TRUNCATED, 2),
      message: 'io.prometheus.client.Metric.label says 16 bytes, but its message has 3 left',
    });
  });

  it('a field with another wire type than the schema gives it: E_PROTOBUF_WIRE_TYPE', () => {
    const nameAsVarint = message().tag(1, WireType.Varint).uint32(5).finish();
    expect(thrown(delimited(nameAsVarint))).toMatchObject({
      ...at(ProtobufCode.WIRE_TYPE, 1),
      message: 'field 1 (name) of io.prometheus.client.MetricFamily has wire type 0 (varint); the schema says 2 (length-delimited)',
    });
    // deep: a gauge's double sent as a varint
    const gaugeMsg = message().tag(1, WireType.Varint).uint32(3).finish();
    const metric = message().tag(2, WireType.LengthDelimited).bytes(gaugeMsg).finish();
    const fam = message().tag(1, WireType.LengthDelimited).string('g').tag(3, WireType.Varint).int32(1).tag(4, WireType.LengthDelimited).bytes(metric).finish();
    expect(thrown(delimited(gauge('a'), gauge('b'), fam))).toMatchObject({
      ...at(ProtobufCode.WIRE_TYPE, 3),
      message: expect.stringContaining('io.prometheus.client.Gauge'),
    });
  });

  it('bytes that are no protobuf: E_PROTOBUF_MALFORMED', () => {
    expect(thrown(delimited(Uint8Array.of(0x02, 0x00)))).toMatchObject({
      ...at(ProtobufCode.MALFORMED, 1),
      message: 'field number 0 in io.prometheus.client.MetricFamily',
    });
    expect(thrown(delimited(Uint8Array.of(0x0f)))).toMatchObject(at(ProtobufCode.MALFORMED, 1)); // field 1, wire type 7
    expect(thrown(delimited(Uint8Array.of(0x54)))).toMatchObject(at(ProtobufCode.MALFORMED, 1)); // field 10, end-group
    const overlong = Uint8Array.of(0x50, ...new Array(11).fill(0x80), 0x01); // field 10 varint of 12 bytes
    expect(thrown(delimited(overlong))).toMatchObject(at(ProtobufCode.MALFORMED, 1));
  });

  it('a string that is not UTF-8: E_PROTOBUF_INVALID_UTF8', () => {
    const fam = message().tag(1, WireType.LengthDelimited).bytes(Uint8Array.of(0x61, 0xff)).finish();
    expect(thrown(delimited(fam))).toMatchObject({ ...at(ProtobufCode.INVALID_UTF8, 1), message: 'io.prometheus.client.MetricFamily.name is not valid UTF-8' });
    const labelValue = family({ name: 'm', type: pb.MetricType.GAUGE, metric: [{ label: [{ name: 'l', value: 'x' }], gauge: {} }] });
    const bad = Uint8Array.from(labelValue);
    bad[bad.indexOf(0x78)] = 0xc3; // 'x' -> a lone lead byte
    expect(thrown(delimited(bad))).toMatchObject(at(ProtobufCode.INVALID_UTF8, 1));
  });

  it("client_model 0.6's fields are read: a counter's created_timestamp and the family's unit", () => {
    // Counter.created_timestamp (3) and MetricFamily.unit (5), written by hand
    const counter = message()
      .tag(1, WireType.Bit64)
      .double(4)
      .tag(3, WireType.LengthDelimited)
      .bytes(message().tag(1, WireType.Varint).int64(1700000000).finish())
      .finish();
    const metric = message().tag(3, WireType.LengthDelimited).bytes(counter).finish();
    const fam = message()
      .tag(1, WireType.LengthDelimited)
      .string('c_total')
      .tag(4, WireType.LengthDelimited)
      .bytes(metric)
      .tag(5, WireType.LengthDelimited)
      .string('seconds')
      .finish();
    expect(parseProtobuf(delimited(fam))).toEqual({
      families: [{ name: 'c_total', type: 'counter', unit: 'seconds', line: 1, metrics: [{ labels: [], value: 4, created: 1700000000, line: 1 }] }],
      diagnostics: [],
    });
  });
});

describe('families and metrics', () => {
  it('a family without a name: E_PROTOBUF_MISSING_NAME', () => {
    expect(thrown(delimited(new Uint8Array()))).toMatchObject(at(ProtobufCode.MISSING_NAME, 1));
    expect(thrown(delimited(gauge('a'), family({ help: 'no name' })))).toMatchObject(at(ProtobufCode.MISSING_NAME, 2));
  });

  it('a family named twice in one body: E_PROTOBUF_DUPLICATE_FAMILY, the first one kept', () => {
    const body = delimited(gauge('a', 1), gauge('b'), gauge('a', 2));
    expect(thrown(body)).toMatchObject({
      ...at(ProtobufCode.DUPLICATE_FAMILY, 3),
      message: 'metric family "a" appears again (first in message 1); one push must name each family once',
    });
    const collected = parseProtobuf(body, { collectErrors: true });
    expect(collected.families.map((f) => [f.name, (f.metrics[0] as { value: number }).value])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(collected.diagnostics).toEqual([expect.objectContaining({ code: ProtobufCode.DUPLICATE_FAMILY, line: 3, family: 'a' })]);
  });

  it('a type number the schema does not define: E_PROTOBUF_UNKNOWN_TYPE', () => {
    expect(thrown(delimited(family({ name: 'm', type: 9 as pb.MetricType })))).toMatchObject({
      ...at(ProtobufCode.UNKNOWN_TYPE, 1),
      message: 'io.prometheus.client.MetricFamily.type is 9, which the schema does not define',
    });
  });

  it("a metric without its family type's value: E_PROTOBUF_TYPE_MISMATCH, the metric left out", () => {
    const body = delimited(family({ name: 'c', type: pb.MetricType.COUNTER, metric: [{ counter: { value: 1 } }, { gauge: { value: 2 } }] }));
    expect(thrown(body)).toMatchObject({
      ...at(ProtobufCode.TYPE_MISMATCH, 1),
      message: 'metric 2 of "c": family "c" is a counter, but the metric has no counter value',
    });
    const collected = parseProtobuf(body, { collectErrors: true });
    expect(collected.families[0].metrics).toHaveLength(1);
    for (const type of [pb.MetricType.GAUGE, pb.MetricType.UNTYPED, pb.MetricType.SUMMARY, pb.MetricType.HISTOGRAM, pb.MetricType.GAUGE_HISTOGRAM]) {
      expect(thrown(delimited(family({ name: 'x', type, metric: [{ counter: {} }] }))).code).toBe(ProtobufCode.TYPE_MISMATCH);
    }
  });

  it("label names the text parser refuses are refused with the text parser's codes", () => {
    const withLabels = (type: pb.MetricType, names: string[]) =>
      delimited(
        family({
          name: 'm',
          type,
          metric: [{ label: names.map((name) => ({ name, value: 'v' })), gauge: {}, summary: {}, histogram: {} }],
        }),
      );
    expect(thrown(withLabels(pb.MetricType.GAUGE, ['']))).toMatchObject(at('E_INVALID_LABEL_NAME', 1));
    expect(thrown(withLabels(pb.MetricType.GAUGE, ['__name__']))).toMatchObject(at('E_RESERVED_LABEL_NAME', 1));
    expect(thrown(withLabels(pb.MetricType.GAUGE, ['a', 'b', 'a']))).toMatchObject({
      ...at('E_DUPLICATE_LABEL_NAME', 1),
      message: 'metric 1 of "m": duplicate label name "a"',
    });
    expect(thrown(withLabels(pb.MetricType.SUMMARY, ['quantile']))).toMatchObject(at('E_MISPLACED_LABEL', 1));
    expect(thrown(withLabels(pb.MetricType.HISTOGRAM, ['le']))).toMatchObject(at('E_MISPLACED_LABEL', 1));
    // Fine elsewhere, as in text.
    expect(parseProtobuf(withLabels(pb.MetricType.GAUGE, ['le', 'quantile'])).families[0].metrics[0].labels).toEqual(['le', 'v', 'quantile', 'v']);
  });

  it("NaN bounds and negative histogram counts: the text parser's codes", () => {
    expect(thrown(delimited(family({ name: 'h', type: pb.MetricType.HISTOGRAM, metric: [{ histogram: { bucket: [{ upperBound: NaN }] } }] })))).toMatchObject(
      at('E_INVALID_LE', 1),
    );
    expect(thrown(delimited(family({ name: 's', type: pb.MetricType.SUMMARY, metric: [{ summary: { quantile: [{ quantile: NaN }] } }] })))).toMatchObject(
      at('E_INVALID_QUANTILE', 1),
    );
    expect(thrown(delimited(family({ name: 'h', type: pb.MetricType.HISTOGRAM, metric: [{ histogram: { sampleCountFloat: -1 } }] })))).toMatchObject(
      at('E_NEGATIVE_COUNT', 1),
    );
    expect(
      thrown(
        delimited(family({ name: 'h', type: pb.MetricType.HISTOGRAM, metric: [{ histogram: { bucket: [{ upperBound: 1, cumulativeCountFloat: -2 }] } }] })),
      ),
    ).toMatchObject(at('E_NEGATIVE_COUNT', 1));
  });

  it('a timestamp the model cannot hold exactly: E_TIMESTAMP_OUT_OF_RANGE', () => {
    expect(thrown(delimited(family({ name: 'g', type: pb.MetricType.GAUGE, metric: [{ gauge: {}, timestampMs: 1n << 60n }] })))).toMatchObject(
      at('E_TIMESTAMP_OUT_OF_RANGE', 1),
    );
  });

  it('reads float histogram counts as Go does: the float when > 0, else the integer', () => {
    const body = delimited(
      family({
        name: 'h',
        type: pb.MetricType.HISTOGRAM,
        metric: [
          { histogram: { sampleCount: 7n, sampleCountFloat: 2.5, sampleSum: 1, bucket: [{ upperBound: 1, cumulativeCount: 3n, cumulativeCountFloat: 0 }] } },
        ],
      }),
    );
    expect(parseProtobuf(body).families[0].metrics[0]).toMatchObject({ count: 2.5, buckets: [{ le: 1, count: 3 }] });
  });

  it('keeps a native histogram whole: schema, zero bucket, spans and deltas, without a diagnostic', () => {
    const body = delimited(
      family({
        name: 'h',
        type: pb.MetricType.HISTOGRAM,
        metric: [
          {
            histogram: {
              sampleCount: 3n,
              sampleSum: 1.5,
              schema: 3,
              zeroThreshold: 1e-128,
              zeroCount: 1n,
              positiveSpan: [{ offset: -2, length: 2 }],
              positiveDelta: [1n, -1n],
            },
          },
        ],
      }),
    );
    const result = parseProtobuf(body);
    expect(result.families[0].metrics[0]).toEqual({
      labels: [],
      line: 1,
      buckets: [],
      count: 3,
      sum: 1.5,
      schema: 3,
      zeroThreshold: 1e-128,
      zeroCount: 1,
      positiveSpans: [{ offset: -2, length: 2 }],
      positiveDeltas: [1, -1],
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('warns, W_PROTOBUF_INEXACT_INTEGER, of a count or delta that no double holds, and keeps the nearest', () => {
    const body = delimited(
      family({
        name: 'h',
        type: pb.MetricType.HISTOGRAM,
        metric: [{ histogram: { sampleCount: 2n ** 60n, schema: 0, positiveSpan: [{ offset: 0, length: 1 }], positiveDelta: [2n ** 53n + 1n] } }],
      }),
    );
    const result = parseProtobuf(body);
    expect(result.families[0].metrics[0]).toMatchObject({ count: 2 ** 60, positiveDeltas: [2 ** 53] });
    expect(result.diagnostics).toEqual([
      {
        code: 'W_PROTOBUF_INEXACT_INTEGER',
        severity: 'warning',
        message: 'a count or bucket delta of "h" is beyond 2^53 and not a double: it is kept as the nearest one',
        line: 1,
        column: 1,
        family: 'h',
      },
    ]);
    // 2^60 alone is a double: no warning.
    const exact = delimited(family({ name: 'h', type: pb.MetricType.HISTOGRAM, metric: [{ histogram: { sampleCount: 2n ** 60n } }] }));
    expect(parseProtobuf(exact).diagnostics).toEqual([]);
  });

  it('drops fields the schema does not name with a W_PROTOBUF_UNKNOWN_FIELD warning that names them', () => {
    const known = family({ name: 'g', type: pb.MetricType.GAUGE, metric: [{ gauge: { value: 1 } }] });
    const extra = message().tag(99, WireType.Varint).uint32(7).finish();
    const body = delimited(new Uint8Array([...known, ...extra]));
    const result = parseProtobuf(body);
    expect(result.families).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      {
        code: 'W_PROTOBUF_UNKNOWN_FIELD',
        severity: 'warning',
        message: 'fields the schema does not name are dropped: io.prometheus.client.MetricFamily.99 (field numbers of io.prometheus.client messages)',
        line: 1,
        column: 1,
        family: 'g',
      },
    ]);
  });
});

describe('never a crash', () => {
  const families: MetricFamily[] = [
    { name: 'c', help: 'h', type: 'counter', metrics: [{ labels: ['a', 'b'], value: 1, exemplar: { labels: ['t', 'x'], value: 1, timestamp: 2 } }] },
    { name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: 1 }], sum: 1, count: 2 }] },
    { name: 'h', type: 'histogram', metrics: [{ labels: [], buckets: [{ le: 1, count: 1 }], sum: 1, count: 1, timestampMs: 5 }] },
  ];
  const valid = renderProtobuf(families);

  function survives(body: Uint8Array): void {
    const collected = parseProtobuf(body, { collectErrors: true });
    expect(Array.isArray(collected.families)).toBe(true);
    try {
      parseProtobuf(body);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtobufParseError);
    }
  }

  it('random bytes give families or ParseErrors, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), survives), { numRuns: 2000 });
  });

  it('valid bodies with bytes changed or cut off give families or ParseErrors, nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(valid.length), (edits, cut) => {
        const body = valid.slice(0, cut);
        for (const [i, b] of edits) if (i < body.length) body[i] = b;
        survives(body);
      }),
      { numRuns: 3000 },
    );
  });
});
