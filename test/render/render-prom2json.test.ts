/** The prom2json-shaped JSON: valid JSON, JSON.stringify's layout, keys in stored order. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MetricFamily } from '../../src/model.js';
import { renderProm2Json, renderProm2JsonChunks } from '../../src/render/render-prom2json.js';
import { families } from './arbitraries.js';

// Keys JavaScript objects enumerate first, whatever their insertion order.
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

function hasIndexLikeKey(text: string): boolean {
  let found = false;
  JSON.parse(text, function (key) {
    if (!Array.isArray(this) && ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1) found = true;
    return undefined;
  });
  return found;
}

describe('renderProm2Json', () => {
  it('has the layout of JSON.stringify(value, null, 2) plus LF, and the chunks join to it', () => {
    fc.assert(
      fc.property(families, (list) => {
        const text = renderProm2Json(list);
        expect([...renderProm2JsonChunks(list)].join('')).toBe(text);
        const value = JSON.parse(text);
        expect(value.map((f: { name: string }) => f.name)).toEqual(list.map((f) => f.name));
        if (!hasIndexLikeKey(text)) expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps buckets, quantiles and labels in stored order, even integer-like keys', () => {
    const list: MetricFamily[] = [
      {
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: ['z', '1', '10', '2'],
            buckets: [
              { le: 10, count: 1 },
              { le: 2, count: 2 },
            ],
            count: 3,
          },
        ],
      },
    ];
    expect(renderProm2Json(list)).toBe(`[
  {
    "name": "h",
    "type": "HISTOGRAM",
    "metrics": [
      {
        "labels": {
          "z": "1",
          "10": "2"
        },
        "buckets": {
          "10": "1",
          "2": "2"
        },
        "count": "3",
        "sum": "0"
      }
    ]
  }
]
`);
  });

  it('writes help only when there is one, upper-cases types, and numbers the Go way', () => {
    const list: MetricFamily[] = [
      { name: 'a', help: '', type: 'gauge', metrics: [{ labels: [], value: 1e6, timestampMs: -1 }] },
      { name: 'b', type: 'stateset', metrics: [] },
      { name: 's', type: 'summary', metrics: [{ labels: [], quantiles: [{ quantile: 0.5, value: NaN }], sum: -0, count: Infinity }] },
    ];
    expect(JSON.parse(renderProm2Json(list))).toEqual([
      { name: 'a', help: '', type: 'GAUGE', metrics: [{ labels: {}, timestamp_ms: '-1', value: '1e+06' }] },
      { name: 'b', type: 'STATESET', metrics: [] },
      { name: 's', type: 'SUMMARY', metrics: [{ labels: {}, quantiles: { '0.5': 'NaN' }, count: '+Inf', sum: '0' }] },
    ]);
    expect(renderProm2Json([])).toBe('[]\n');
  });
});
