/** The replicated store's records: a group comes back exactly (values bit for bit, push times, exemplars); keys fit NATS. */
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/merge/group-store.js';
import { parse, parseProtobuf, renderProtobuf } from '../../src/index.js';
import type { ScalarMetric } from '../../src/model.js';
import { decodeGroupRecord, encodeGroupRecord, encodeWipeRecord, groupRecordKey } from '../../src/gateway/store/nats-records.js';

describe('group records', () => {
  it('give back the group exactly, special values, push times and exemplars included', () => {
    const store = new GroupStore();
    const labels = ['job', 'j', 'instance', 'x\ny'];
    const text =
      '# HELP v A value.\n# TYPE v gauge\nv{a="1"} NaN\nv{a="2"} -0\nv{a="3"} +Inf\n# TYPE s summary\ns{quantile="0.5"} 1e-300\ns_sum -Inf\ns_count 3\n';
    const families = parse(text).families;
    // Exemplars reach the store from protobuf pushes.
    const withExemplars = parseProtobuf(
      renderProtobuf([
        { name: 'c_total', type: 'counter', metrics: [{ labels: [], value: 5, exemplar: { labels: ['trace_id', 'abc'], value: 1, timestamp: 1700000000.5 } }] },
        {
          name: 'h',
          type: 'histogram',
          metrics: [
            {
              labels: [],
              buckets: [
                { le: 1, count: 2, exemplar: { labels: ['t', 'u'], value: 0.5 } },
                { le: Infinity, count: 3 },
              ],
              sum: 2,
              count: 3,
            },
          ],
        },
      ]),
    ).families;
    expect(store.push(labels, [...families, ...withExemplars], { replace: true, now: 1700000001.25 }).accepted).toBe(true);
    const group = store.get(labels)!;
    const back = decodeGroupRecord(encodeGroupRecord(group));
    expect(back).toEqual({ ...group, families: group.families.map(withoutLines) });
    expect(Object.is((back.families.find((f) => f.name === 'v')!.metrics[1] as ScalarMetric).value, -0)).toBe(true);
  });

  it('carry the expiry time, and read a record without one as a group that never expires', () => {
    const store = new GroupStore();
    const labels = ['job', 'j'];
    store.push(labels, parse('# TYPE v gauge\nv 1\n').families, { replace: true, now: 1700000000.5, expiresAt: 1700000002.5 });
    const record = encodeGroupRecord(store.get(labels)!);
    expect(JSON.parse(Buffer.from(record).toString()).group.expiresAt).toBe(1700000002.5);
    expect(decodeGroupRecord(record).expiresAt).toBe(1700000002.5);
    // A record as written before expiry existed: the same without the field.
    const json = JSON.parse(Buffer.from(record).toString());
    delete json.group.expiresAt;
    const { expiresAt: _, ...rest } = store.get(labels)!;
    const decoded = decodeGroupRecord(Buffer.from(JSON.stringify(json)));
    expect('expiresAt' in decoded).toBe(false);
    expect(decoded).toEqual({ ...rest, families: rest.families.map(withoutLines) });
  });

  it('refuse what is not a version 1 group record', () => {
    expect(() => decodeGroupRecord(Buffer.from('{"v":2,"group":{}}'))).toThrow('not a version 1 group record');
    expect(() => decodeGroupRecord(encodeWipeRecord(3))).toThrow();
    expect(() => decodeGroupRecord(Buffer.from('{"v":1,"group":{"labels":[]}}'))).toThrow('pushedAt: expected an array');
  });

  it('keys each group by a hash that NATS takes as a key, equal for equal label sets in any order', () => {
    const key = groupRecordKey(['job', 'a b/ü', 'instance', '{x}']);
    expect(key).toMatch(/^g\.[-_A-Za-z0-9]{43}$/);
    expect(groupRecordKey(['instance', '{x}', 'job', 'a b/ü'])).toBe(key);
    expect(groupRecordKey(['job', 'a b/ü'])).not.toBe(key);
  });
});

/** Source lines are no part of what a push keeps. */
function withoutLines<F extends { metrics: Array<{ line?: number }>; line?: number }>(family: F): F {
  const { line: _, ...rest } = family;
  return { ...rest, metrics: family.metrics.map(({ line: __, ...m }) => m) } as F;
}
