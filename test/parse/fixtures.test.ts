/** The payloads in fixtures/: the valid ones parse to what they say, the invalid ones fail as fixtures/README.md says. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MetricFamily, parse } from '../../src/index.js';
import { errorOf, familiesOf, streamOutcome } from './helpers.js';

const root = new URL('../../fixtures/', import.meta.url);
const bytes = (name: string): Uint8Array => readFileSync(new URL(name, root));
const text = (name: string): string => readFileSync(new URL(name, root), 'utf8');

describe('valid fixtures', () => {
  it('pushgateway-howto.prom', () => {
    expect(familiesOf(bytes('pushgateway-howto.prom'))).toStrictEqual([
      { name: 'some_metric', type: 'untyped', line: 1, metrics: [{ labels: [], value: 3.14, line: 1 }] },
    ]);
  });

  it('pushgateway-howto-counter-gauge.prom', () => {
    expect(familiesOf(bytes('pushgateway-howto-counter-gauge.prom'))).toStrictEqual([
      { name: 'some_metric', type: 'counter', line: 1, metrics: [{ labels: ['label', 'val1'], value: 42, line: 2 }] },
      { name: 'another_metric', type: 'gauge', help: 'Just an example.', line: 3, metrics: [{ labels: [], value: 2398.283, line: 5 }] },
    ]);
  });

  it('histogram.prom', () => {
    const bucket = (le: number, count: number) => ({ le, count });
    expect(familiesOf(bytes('histogram.prom'))).toStrictEqual([
      {
        name: 'http_request_duration_seconds',
        type: 'histogram',
        help: 'A histogram of the request duration.',
        line: 1,
        metrics: [
          {
            labels: ['handler', '/api', 'method', 'GET'],
            buckets: [bucket(0.05, 24054), bucket(0.1, 33444), bucket(0.2, 100392), bucket(0.5, 129389), bucket(1, 133988), bucket(Infinity, 144320)],
            sum: 53423,
            count: 144320,
            line: 3,
          },
          {
            labels: ['handler', '/metrics', 'method', 'GET'],
            buckets: [bucket(0.05, 7), bucket(0.1, 7), bucket(0.2, 8), bucket(0.5, 8), bucket(1, 8), bucket(Infinity, 8)],
            sum: 0.2875,
            count: 8,
            line: 11,
          },
        ],
      },
    ]);
  });

  it('summary.prom', () => {
    const q = (quantile: number, value: number) => ({ quantile, value });
    expect(familiesOf(bytes('summary.prom'))).toStrictEqual([
      {
        name: 'rpc_duration_seconds',
        type: 'summary',
        help: 'A summary of the RPC duration in seconds.',
        line: 1,
        metrics: [
          {
            labels: ['service', 'auth'],
            quantiles: [q(0.01, 3102), q(0.05, 3272), q(0.5, 4773), q(0.9, 9001), q(0.99, 76656)],
            sum: 17560473,
            count: 2693,
            line: 3,
          },
          { labels: ['service', 'billing'], quantiles: [q(0.5, NaN), q(0.99, NaN)], sum: 0, count: 0, line: 10 },
        ],
      },
    ]);
  });

  describe('node-exporter.prom', () => {
    const families = familiesOf(bytes('node-exporter.prom'));
    const byName = new Map(families.map((f) => [f.name, f]));

    it('has every family with HELP and TYPE, in file order', () => {
      expect(families).toHaveLength(82);
      expect(families.reduce((n, f) => n + f.metrics.length, 0)).toBe(320);
      for (const f of families) expect(f.help).toEqual(expect.any(String));
      const typeLines = text('node-exporter.prom')
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ').slice(2));
      expect(families.map((f) => [f.name, f.type])).toStrictEqual(typeLines);
    });

    it('reads the Go runtime summary', () => {
      expect(byName.get('go_gc_duration_seconds')).toStrictEqual({
        name: 'go_gc_duration_seconds',
        type: 'summary',
        help: 'A summary of the pause duration of garbage collection cycles.',
        line: 1,
        metrics: [
          {
            labels: [],
            quantiles: [
              { quantile: 0, value: 2.2011e-5 },
              { quantile: 0.25, value: 3.4571e-5 },
              { quantile: 0.5, value: 4.2141e-5 },
              { quantile: 0.75, value: 5.6101e-5 },
              { quantile: 1, value: 0.001034913 },
            ],
            sum: 0.147361227,
            count: 2873,
            line: 3,
          },
        ],
      });
    });

    it('reads the histogram', () => {
      const h = byName.get('go_sched_latencies_seconds') as MetricFamily & { metrics: { buckets: { le: number; count: number }[]; count: number }[] };
      expect(h.type).toBe('histogram');
      expect(h.metrics).toHaveLength(1);
      expect(h.metrics[0].buckets.map((b) => b.le)).toStrictEqual([
        6.399999999999999e-8,
        6.399999999999999e-7,
        7.167999999999999e-6,
        8.191999999999999e-5,
        0.0009175039999999999,
        0.010485759999999998,
        0.11744051199999998,
        Infinity,
      ]);
      expect(h.metrics[0].count).toBe(h.metrics[0].buckets[7].count);
    });

    it('reads 64 node_cpu_seconds_total series', () => {
      const cpu = byName.get('node_cpu_seconds_total')!;
      expect(cpu.type).toBe('counter');
      expect(cpu.metrics).toHaveLength(64);
      expect(cpu.metrics[0].labels).toStrictEqual(['cpu', '0', 'mode', 'idle']);
    });

    it('reads label values with blanks, parentheses and #', () => {
      expect(byName.get('node_uname_info')!.metrics[0].labels).toContain('#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)');
    });

    it('gives the same families from parseStream, in chunks of 7 bytes', async () => {
      const all = bytes('node-exporter.prom');
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < all.length; i += 7) chunks.push(all.subarray(i, i + 7));
      expect((await streamOutcome(chunks)).families).toStrictEqual(families);
    });
  });
});

describe('invalid fixtures, as fixtures/README.md lists them', () => {
  const rows = text('README.md')
    .split('\n')
    .filter((l) => l.startsWith('| `invalid/'))
    .map((l) => {
      const cells = l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/^`|`$/g, ''));
      return { file: cells[0], code: cells[1], line: Number(cells[2]), column: Number(cells[3]), message: cells[4] };
    });

  it('lists every invalid fixture', async () => {
    const { readdirSync } = await import('node:fs');
    expect(rows.map((r) => r.file).sort()).toStrictEqual(
      readdirSync(new URL('invalid/', root))
        .map((f) => `invalid/${f}`)
        .sort(),
    );
  });

  it.each(rows)('$file fails with $code at $line:$column', ({ file, code, line, column, message }) => {
    const expected = { code, line, column, message, severity: 'error' };
    expect(errorOf(bytes(file))).toMatchObject(expected);
    expect(parse(bytes(file), { collectErrors: true }).diagnostics[0]).toMatchObject(expected);
  });
});
