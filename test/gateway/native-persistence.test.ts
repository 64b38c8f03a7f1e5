/**
 * Everything a modern client pushes survives the gateway: a native histogram (integer and
 * float), exemplars on counters, buckets and native buckets, created timestamps with
 * nanoseconds, UNIT. The protobuf scrape gives back the pushed metrics unchanged (the
 * grouping labels added), and so does it after a restart from --persistence.file.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, parseProtobuf } from '../../src/index.js';
import type { MetricFamily } from '../../src/model.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited } from '../protobuf/helpers.js';
import { send, startTestGateway, stopAll, type TestGateway } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-native-'));
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

const ts = (seconds: bigint, nanos: number) => ({ seconds, nanos });
const exemplar = (value: number, seconds: bigint, nanos: number) => ({
  label: [{ name: 'trace_id', value: `t${value}` }],
  value,
  timestamp: ts(seconds, nanos),
});

/** The push: one family per kind of field, as client_golang 1.19+ writes them. */
const PUSHED: pb.MetricFamily[] = [
  create(pb.MetricFamilySchema, {
    name: 'rpc_seconds',
    help: 'RPC latency.',
    type: pb.MetricType.HISTOGRAM,
    unit: 'seconds',
    metric: [
      {
        label: [{ name: 'method', value: 'get' }],
        histogram: {
          sampleCount: 5n,
          sampleSum: 7.25,
          bucket: [
            { upperBound: 1, cumulativeCount: 2n, exemplar: exemplar(0.5, 1_700_000_000n, 123_456_789) },
            { upperBound: 5, cumulativeCount: 4n },
          ],
          createdTimestamp: ts(1_699_999_000n, 987_654_321),
          schema: 3,
          zeroThreshold: 2.938735877055719e-39,
          zeroCount: 1n,
          negativeSpan: [{ offset: 2, length: 1 }],
          negativeDelta: [1n],
          positiveSpan: [
            { offset: 0, length: 2 },
            { offset: 3, length: 1 },
          ],
          positiveDelta: [1n, 0n, -1n],
          exemplars: [exemplar(1.5, 1_700_000_001n, 1), exemplar(-0.25, 1_700_000_002n, 999_999_999)],
        },
      },
    ],
  }),
  create(pb.MetricFamilySchema, {
    name: 'load_ratio',
    type: pb.MetricType.GAUGE_HISTOGRAM,
    metric: [
      {
        histogram: {
          sampleCountFloat: 3,
          sampleSum: 1.5,
          schema: 0,
          zeroThreshold: 0.001,
          zeroCountFloat: 0.5,
          positiveSpan: [{ offset: -1, length: 2 }],
          positiveCount: [1.5, 1],
        },
      },
    ],
  }),
  create(pb.MetricFamilySchema, {
    name: 'requests_total',
    type: pb.MetricType.COUNTER,
    metric: [{ counter: { value: 42, exemplar: exemplar(1, 1_700_000_003n, 5), createdTimestamp: ts(1_699_000_000n, 1) } }],
  }),
  create(pb.MetricFamilySchema, {
    name: 'size_bytes',
    type: pb.MetricType.SUMMARY,
    metric: [{ summary: { sampleCount: 2n, sampleSum: 3, quantile: [{ quantile: 0.5, value: 1 }], createdTimestamp: ts(1_698_000_000n, 500) } }],
  }),
];

const ACCEPT_PB = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';
const pushBody = delimited(...PUSHED.map((m) => toBinary(pb.MetricFamilySchema, m)));

async function scrapePushed(gw: TestGateway): Promise<MetricFamily[]> {
  const res = await fetch(`${gw.url}/metrics`, { headers: { Accept: ACCEPT_PB } });
  const names = new Set(PUSHED.map((m) => m.name));
  const result = parseProtobuf(new Uint8Array(await res.arrayBuffer()));
  expect(result.diagnostics).toEqual([]);
  return result.families.filter((f) => names.has(f.name));
}

/** The pushed families as the gateway should serve them: sorted by name, with job and instance. */
function expected(): MetricFamily[] {
  const pushed = parseProtobuf(pushBody).families;
  return pushed
    .map(({ line: _f, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _l, ...m }) => ({ ...m, labels: withGrouping(m.labels) })) }) as MetricFamily)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function withGrouping(labels: string[]): string[] {
  const pairs: Array<[string, string]> = [
    ['instance', 'i1'],
    ['job', 'native'],
  ];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1)).flat();
}

const strip = (list: MetricFamily[]) => list.map(({ line: _l, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _m, ...m }) => m) }));

describe('a native histogram and its kin through the gateway', () => {
  it('serves what was pushed, field for field, before and after a restart', async () => {
    const file = join(dir, 'pgw.data');
    const first = await startTestGateway([`--persistence.file=${file}`]);
    const reply = await send(first, 'PUT', '/metrics/job/native/instance/i1', pushBody, { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE });
    expect(reply.status).toBe(200);
    const served = strip(await scrapePushed(first));
    expect(served).toEqual(expected());
    const bytesBefore = await (await fetch(`${first.url}/metrics`, { headers: { Accept: ACCEPT_PB } })).arrayBuffer();
    await first.stop();

    const second = await startTestGateway([`--persistence.file=${file}`]);
    expect(strip(await scrapePushed(second))).toEqual(expected());
    // The page bytes too, but for the gateway's own families, which restart from zero.
    const pushedBytes = (bytes: ArrayBuffer) => parseProtobuf(new Uint8Array(bytes)).families.filter((f) => PUSHED.some((m) => m.name === f.name));
    const bytesAfter = await (await fetch(`${second.url}/metrics`, { headers: { Accept: ACCEPT_PB } })).arrayBuffer();
    expect(strip(pushedBytes(bytesAfter))).toEqual(strip(pushedBytes(bytesBefore)));
  });

  it('refuses a broken native histogram with 400 and stores nothing', async () => {
    const gw = await startTestGateway();
    const broken = create(pb.MetricFamilySchema, {
      name: 'bad_seconds',
      type: pb.MetricType.HISTOGRAM,
      metric: [{ histogram: { sampleCount: 1n, sampleSum: 1, schema: 3, positiveSpan: [{ offset: 0, length: 2 }], positiveDelta: [1n] } }],
    });
    const reply = await send(gw, 'PUT', '/metrics/job/bad', delimited(toBinary(pb.MetricFamilySchema, broken)), {
      'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('native histogram "bad_seconds": its positive spans cover 2 buckets, but 1 deltas are sent');
    const page = await (await fetch(`${gw.url}/metrics`)).text();
    expect(page).not.toContain('bad_seconds');
  });
});
