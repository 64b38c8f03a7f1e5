/**
 * The journal codec keeps every field of a stored group: for arbitrary valid protobuf
 * pushes (test/protobuf/message-arbitraries.ts: native histograms, float histograms,
 * exemplars, created timestamps to the nanosecond, UNIT), a group written to the journal's
 * JSON and read back re-encodes to the very same protobuf messages; so does a group written
 * as a change of an earlier state, and the record compaction writes in pieces is the JSON
 * of the whole record.
 */
import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGroup, encodeGroup, encodeGroupChange, setRecordPieces } from '../../src/gateway/persistence/persist-codec.js';
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
        // Compaction's pieces, a few series each, make the JSON of the whole record.
        const pieces = [...setRecordPieces(group, 2)].join('');
        expect(JSON.parse(pieces)).toEqual(JSON.parse(JSON.stringify({ op: 'set', group: encodeGroup(group) })));
      }),
      RUNS,
    );
  });

  it('a change names the families it kept and reads back against the earlier state', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(familyMessage, { selector: (m) => m.name, minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        (messages, keep) => {
          const families = parseProtobuf(delimited(...messages.map((m) => toBinary(pb.MetricFamilySchema, m)))).families;
          const previous: StoredGroup = { labels: ['job', 'j'], pushTimeSeconds: 1, pushFailureTimeSeconds: 0, pushedAt: new Map(), families };
          // Some families kept (the same objects, in another order), the others replaced by copies.
          const changed = families.map((f, i) => (keep[i] ? f : { ...f })).reverse();
          const group: StoredGroup = { ...previous, pushTimeSeconds: 2, pushedAt: new Map([['x', 2]]), families: changed };
          const change = encodeGroupChange(group, previous);
          if (!keep.slice(0, families.length).some(Boolean)) {
            expect(change).toBeUndefined();
            return;
          }
          const json = JSON.parse(JSON.stringify(change));
          expect(json.families.filter((f: unknown) => typeof f === 'number')).toHaveLength(keep.slice(0, families.length).filter(Boolean).length);
          const back = decodeGroup(json, previous);
          expect(bytes(back)).toEqual(bytes(group));
          expect(back.pushTimeSeconds).toBe(2);
          expect([...back.pushedAt]).toEqual([['x', 2]]);
          // Kept families are the earlier state's own objects.
          back.families.forEach((f, i) => expect(f === previous.families[families.length - 1 - i]).toBe(keep[families.length - 1 - i]));
        },
      ),
      RUNS,
    );
  });

  it('refuses a change whose earlier state lacks a family it names', () => {
    const family = { name: 'a', type: 'gauge' as const, metrics: [{ labels: [], value: 1 }] };
    const previous: StoredGroup = { labels: ['job', 'j'], pushTimeSeconds: 1, pushFailureTimeSeconds: 0, pushedAt: new Map(), families: [family] };
    const json = JSON.parse(JSON.stringify(encodeGroupChange({ ...previous, families: [family, { ...family, name: 'b' }] }, previous)));
    expect(json.families[0]).toBe(0);
    expect(() => decodeGroup(json, undefined)).toThrow("family 0 is kept from the group's earlier state, which does not have it");
    expect(() => decodeGroup({ ...json, families: [1] }, previous)).toThrow('family 1 is kept');
  });
});
