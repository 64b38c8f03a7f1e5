/**
 * The law of the protobuf decoder and encoder over arbitrary valid messages
 * (message-arbitraries.ts): decoding a MetricFamily message to the model and encoding the
 * family again gives the same message, every field and its presence included. Compared as
 * serialized messages: the same writer writes both, so equal bytes are equal messages,
 * NaN included (protobuf-es's `equals` says NaN != NaN).
 *
 * Unknown fields are the one thing not kept: the decoder drops them and says so, once per
 * message, with W_PROTOBUF_UNKNOWN_FIELD; the law holds for the message without them.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProtobuf, renderProtobuf } from '../../src/index.js';
import { encodeFamily } from '../../src/protobuf/encode-family.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited } from './helpers.js';
import { familyMessage, hasUnknown } from './message-arbitraries.js';

const RUNS = { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 1000) };
const KNOWN_ONLY = { writeUnknownFields: false };

describe('protobuf -> model -> protobuf', () => {
  it('gives the same message, less its unknown fields, which a warning names', () => {
    fc.assert(
      fc.property(familyMessage, (message) => {
        const result = parseProtobuf(delimited(toBinary(pb.MetricFamilySchema, message)));
        expect(result.diagnostics.map((d) => d.code)).toEqual(hasUnknown(message) ? ['W_PROTOBUF_UNKNOWN_FIELD'] : []);
        expect(result.families).toHaveLength(1);
        const again = toBinary(pb.MetricFamilySchema, encodeFamily(result.families[0]));
        expect(Buffer.from(again)).toEqual(Buffer.from(toBinary(pb.MetricFamilySchema, message, KNOWN_ONLY)));
      }),
      RUNS,
    );
  });

  it('a delimited body of several families comes back message for message', () => {
    fc.assert(
      fc.property(fc.uniqueArray(familyMessage, { selector: (m) => m.name, maxLength: 4 }), (messages) => {
        const body = delimited(...messages.map((m) => toBinary(pb.MetricFamilySchema, m, KNOWN_ONLY)));
        // Re-serialized, each in the schema's field order: the body writes UNIT before the metrics.
        const canonical = (bytes: Uint8Array) => {
          const reader = new BinaryReader(bytes);
          const out: Buffer[] = [];
          while (reader.pos < bytes.length) out.push(Buffer.from(toBinary(pb.MetricFamilySchema, fromBinary(pb.MetricFamilySchema, reader.bytes()))));
          return out;
        };
        expect(canonical(renderProtobuf(parseProtobuf(body).families))).toEqual(canonical(body));
      }),
      { numRuns: Math.ceil(RUNS.numRuns / 4) },
    );
  });

  it('keeps a nanosecond created timestamp and a float histogram of whole counts exactly', () => {
    const message = create(pb.MetricFamilySchema, {
      name: 'h',
      type: pb.MetricType.HISTOGRAM,
      metric: [
        {
          histogram: {
            sampleCountFloat: 4,
            sampleSum: 2,
            createdTimestamp: { seconds: 1_700_000_000n, nanos: 123_456_789 },
            schema: 0,
            zeroCountFloat: 1,
            positiveSpan: [{ offset: 0, length: 1 }],
            positiveCount: [3],
          },
        },
      ],
    });
    const family = parseProtobuf(delimited(toBinary(pb.MetricFamilySchema, message))).families[0];
    expect(family.metrics[0]).toMatchObject({ floatCounts: true, count: 4, zeroCount: 1, createdInstant: { seconds: 1_700_000_000, nanos: 123_456_789 } });
    expect(toBinary(pb.MetricFamilySchema, encodeFamily(family))).toEqual(toBinary(pb.MetricFamilySchema, message));
  });
});
