/**
 * /api/v1/metrics shows a native histogram as Pushgateway 1.8+ does (api/v1/api.go and
 * its histogram package): its count and sum, and its non-empty buckets from the most
 * negative up as `[boundaries, lower, upper, count]`; a float histogram's counts as
 * floats. The bounds are Prometheus's own doubles (native-buckets.test.ts).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { PROTOBUF_DELIMITED_CONTENT_TYPE } from '../../src/index.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited } from '../protobuf/helpers.js';
import { send, startTestGateway } from './helpers.js';

const push = (name: string, histogram: Parameters<typeof create<typeof pb.HistogramSchema>>[1]) =>
  toBinary(pb.MetricFamilySchema, create(pb.MetricFamilySchema, { name, type: pb.MetricType.HISTOGRAM, metric: [{ histogram }] }));

describe('/api/v1/metrics with native histograms', () => {
  it('lists native buckets with their bounds, integer and float', async () => {
    const gw = await startTestGateway();
    const body = delimited(
      push('int_seconds', {
        sampleCount: 5n,
        sampleSum: 1.5,
        schema: 3,
        zeroThreshold: 2.938735877055719e-39,
        zeroCount: 1n,
        negativeSpan: [{ offset: 2, length: 1 }],
        negativeDelta: [1n],
        positiveSpan: [{ offset: 5, length: 2 }],
        positiveDelta: [2n, -1n],
      }),
      push('float_seconds', {
        sampleCountFloat: 2.5,
        sampleSum: 3,
        schema: 0,
        zeroThreshold: 0.001,
        zeroCountFloat: 0,
        positiveSpan: [{ offset: 0, length: 3 }],
        positiveCount: [0.5, 0, 2],
      }),
      push('classic_seconds', { sampleCount: 2n, sampleSum: 1, bucket: [{ upperBound: 1, cumulativeCount: 2n }] }),
    );
    expect((await send(gw, 'PUT', '/metrics/job/api', body, { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE })).status).toBe(200);
    const api = JSON.parse((await send(gw, 'GET', '/api/v1/metrics')).body);
    const metrics = (name: string) => api.data[0][name].metrics;
    expect(metrics('int_seconds')).toEqual([
      {
        buckets: [
          [1, '-1.189207115002721', '-1.0905077326652577', '1'],
          [3, '-2.938735877055719e-39', '2.938735877055719e-39', '1'],
          [0, '1.414213562373095', '1.5422108254079407', '2'],
          [0, '1.5422108254079407', '1.6817928305074288', '1'],
        ],
        count: '5',
        labels: { instance: '', job: 'api' },
        sum: '1.5',
      },
    ]);
    expect(metrics('float_seconds')).toEqual([
      {
        buckets: [
          [0, '0.5', '1', '0.5'],
          [0, '2', '4', '2'],
        ],
        count: '2.5',
        labels: { instance: '', job: 'api' },
        sum: '3',
      },
    ]);
    expect(metrics('classic_seconds')).toEqual([{ buckets: { '1': '2' }, count: '2', labels: { instance: '', job: 'api' }, sum: '1' }]);
  });
});
