/**
 * The CLI on a native histogram read from protobuf: `fmt --to prometheus` and `--to
 * openmetrics` write what Go's writers write (the +Inf bucket, or the classic buckets,
 * then _sum and _count) and list each loss as an I_* line; `parse --format json` shows
 * the native parts; `lint` applies the native-histogram rules.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited } from '../protobuf/helpers.js';
import { runCli } from './run-cli.js';

function body(histogram: Parameters<typeof create<typeof pb.HistogramSchema>>[1]): Uint8Array {
  const family = create(pb.MetricFamilySchema, { name: 'nh_seconds', help: 'A native histogram.', type: pb.MetricType.HISTOGRAM, metric: [{ histogram }] });
  return delimited(toBinary(pb.MetricFamilySchema, family));
}

const NATIVE = body({
  sampleCount: 4n,
  sampleSum: 6,
  schema: 3,
  zeroThreshold: 2.938735877055719e-39,
  zeroCount: 1n,
  positiveSpan: [{ offset: 5, length: 2 }],
  positiveDelta: [2, -1].map(BigInt),
  exemplars: [{ label: [{ name: 'trace_id', value: 'a' }], value: 1.5, timestamp: { seconds: 1700000000n, nanos: 0 } }],
});
const BOTH = body({
  sampleCount: 4n,
  sampleSum: 6,
  bucket: [
    { upperBound: 1, cumulativeCount: 1n },
    { upperBound: 2, cumulativeCount: 3n },
  ],
  schema: 3,
  zeroThreshold: 0,
  zeroCount: 1n,
  positiveSpan: [{ offset: 5, length: 2 }],
  positiveDelta: [2, -1].map(BigInt),
});
const STDIN = '<stdin>:1:1: info:';

describe('a native histogram through the CLI', () => {
  it('fmt --to prometheus writes the +Inf bucket, _sum and _count, and says what it leaves out', async () => {
    const { code, stdout, stderr } = await runCli(['fmt', '--from', 'protobuf', '--to', 'prometheus'], NATIVE);
    expect(code).toBe(0);
    expect(stdout).toBe(
      '# HELP nh_seconds A native histogram.\n# TYPE nh_seconds histogram\nnh_seconds_bucket{le="+Inf"} 4\nnh_seconds_sum 6\nnh_seconds_count 4\n',
    );
    expect(stderr).toBe(
      `${STDIN} text 0.0.4 has no exemplars: those of "nh_seconds" are left out [I_EXEMPLAR_DROPPED]\n` +
        `${STDIN} text 0.0.4 has no native histograms: the schema, zero bucket and native buckets of "nh_seconds" are left out; the +Inf bucket, _sum and _count are written [I_NATIVE_BUCKETS_DROPPED]\n`,
    );
  });

  it('fmt --to openmetrics writes the classic buckets beside native ones, and says what it leaves out', async () => {
    const { code, stdout, stderr } = await runCli(['fmt', '--from', 'protobuf', '--to', 'openmetrics'], BOTH);
    expect(code).toBe(0);
    expect(stdout).toBe(
      '# HELP nh_seconds A native histogram.\n# TYPE nh_seconds histogram\n' +
        'nh_seconds_bucket{le="1.0"} 1\nnh_seconds_bucket{le="2.0"} 3\nnh_seconds_bucket{le="+Inf"} 4\nnh_seconds_sum 6.0\nnh_seconds_count 4\n# EOF\n',
    );
    expect(stderr).toBe(
      `${STDIN} OpenMetrics 1.0 has no native histograms: the schema, zero bucket and native buckets of "nh_seconds" are left out; its classic buckets, _sum and _count are written [I_NATIVE_BUCKETS_DROPPED]\n`,
    );
  });

  it('fmt --to openmetrics says when it rounds a nanosecond created timestamp', async () => {
    const counter = create(pb.MetricFamilySchema, {
      name: 'c_total',
      type: pb.MetricType.COUNTER,
      metric: [{ counter: { value: 1, createdTimestamp: { seconds: 1700000000n, nanos: 123456789 } } }],
    });
    const { stdout, stderr } = await runCli(['fmt', '--from', 'protobuf', '--to', 'openmetrics'], delimited(toBinary(pb.MetricFamilySchema, counter)));
    expect(stdout).toBe('# TYPE c counter\nc_total 1.0\nc_created 1.7000000001234567e+09\n# EOF\n');
    expect(stderr).toBe(
      `${STDIN} OpenMetrics 1.0 timestamps are float seconds: the nanosecond created or exemplar timestamps of "c_total" are rounded [I_TIMESTAMP_ROUNDED]\n`,
    );
  });

  it('fmt --to protobuf reports no loss', async () => {
    const { code, stderr } = await runCli(['fmt', '--from', 'protobuf', '--to', 'protobuf'], NATIVE);
    expect([code, stderr]).toEqual([0, '']);
  });

  it('parse --format json lists the native buckets with their bounds', async () => {
    const { code, stdout } = await runCli(['parse', '--from', 'protobuf', '--format', 'json'], NATIVE);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0].metrics[0]).toEqual({
      labels: {},
      buckets: [
        [3, '-2.938735877055719e-39', '2.938735877055719e-39', '1'],
        [0, '1.414213562373095', '1.5422108254079407', '2'],
        [0, '1.5422108254079407', '1.6817928305074288', '1'],
      ],
      count: '4',
      sum: '6',
    });
  });

  it('lint --from protobuf applies the native-histogram rules', async () => {
    const broken = body({ sampleCount: 2n, sampleSum: 1, schema: 12, positiveSpan: [{ offset: 0, length: 1 }], positiveDelta: [3n] });
    const { code, stdout } = await runCli(['lint', '--from', 'protobuf', '-f', 'json'], broken);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).map((d: { code: string }) => d.code)).toEqual(['E_NATIVE_SCHEMA', 'E_NATIVE_COUNT']);
    // Pretty output has no source lines to show for protobuf: compact lines, message index as LINE.
    const pretty = await runCli(['lint', '--from', 'protobuf'], broken);
    expect(pretty.stdout).toBe(
      '<stdin>:1:1: native histogram "nh_seconds" has schema 12; valid schemas are -4 to 8, or -53 for custom buckets [E_NATIVE_SCHEMA]\n' +
        '<stdin>:1:1: native histogram "nh_seconds": sample count 2 is less than the 3 observations its buckets and zero bucket hold [E_NATIVE_COUNT]\n',
    );
  });
});
