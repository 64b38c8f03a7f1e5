/**
 * The journal codec keeps every field of a stored group: for arbitrary valid protobuf
 * pushes (test/protobuf/message-arbitraries.ts: native histograms, float histograms,
 * exemplars, created timestamps to the nanosecond, UNIT), a group written to the journal's
 * JSON and read back re-encodes to the very same protobuf messages.
 */
import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGroup, encodeGroup } from '../../src/gateway/persistence/persist-codec.js';
import { parseProtobuf } from '../../src/index.js';
import type { StoredGroup } from '../../src/merge/group-store.js';
import { encodeFamily } from '../../src/protobuf/encode-family.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { familyMessage } from '../protobuf/message-arbitraries.js';
import { delimited } from '../protobuf/helpers.js';

const RUNS = { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 300) };
const bytes = (group: StoredGroup) => group.families.map((f) => Buffer.from(toBinary(pb.MetricFamilySchema, encodeFamily(f))));

describe('persist codec', () => {
  it('journal JSON -> group gives back every field, as protobuf messages', () => {
    fc.assert(
      fc.property(fc.uniqueArray(familyMessage, { selector: (m) => m.name, maxLength: 3 }), (messages) => {
        const families = parseProtobuf(delimited(...messages.map((m) => toBinary(pb.MetricFamilySchema, m)))).families.map(
          ({ line: _l, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _m, ...m }) => m) }) as typeof f,
        );
        const group: StoredGroup = {
          labels: ['job', 'j'],
          pushTimeSeconds: 1700000000.25,
          pushFailureTimeSeconds: 0,
          pushedAt: new Map(families.map((f) => [f.name, 1700000000.25])),
          families,
        };
        const back = decodeGroup(JSON.parse(JSON.stringify(encodeGroup(group))));
        expect(bytes(back)).toEqual(bytes(group));
        expect(back.families).toEqual(group.families);
      }),
      RUNS,
    );
  });
});
