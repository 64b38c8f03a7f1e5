/**
 * Pushes built to hurt the gateway: a series with 100,000 labels (a quadratic label sort
 * once froze every scrape for 26 s), more labels than the limit, and grouping values
 * holding the character a naive grouping key joins with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupKey } from '../../src/merge/group.js';
import { scrape, send, startTestGateway } from './helpers.js';

/** One series with `n` label pairs whose names arrive in reverse order (the worst case for an insertion sort). */
function wideSeries(n: number): string {
  const parts: string[] = [];
  for (let i = n - 1; i >= 0; i--) parts.push(`l${String(i).padStart(7, '0')}="v"`);
  return `wide{${parts.join(',')}} 1\n`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

describe('a series with 100,000 label pairs', () => {
  it('is stored, and every page and /-/healthy still answer at once', async () => {
    const gw = await startTestGateway(['--push.max-labels-per-series=100000']);
    expect((await send(gw, 'PUT', '/metrics/job/wide', wideSeries(100_000))).status).toBe(200);
    for (const path of ['/metrics', '/', '/api/v1/metrics']) {
      const healthy = timed(() => fetch(`${gw.url}/-/healthy`).then((r) => r.status));
      const page = await timed(() => fetch(`${gw.url}${path}`).then(async (r) => ({ status: r.status, bytes: (await r.text()).length })));
      expect(page.result.status).toBe(200);
      expect(page.result.bytes).toBeGreaterThan(1_300_000);
      // A hang guard, not a benchmark: the quadratic sort took 26 s here.
      expect(page.ms).toBeLessThan(1000);
      expect((await healthy).result).toBe(200);
      expect((await healthy).ms).toBeLessThan(1000);
    }
    const page = await scrape(gw);
    const line = page.split('\n').find((l) => l.startsWith('wide{'))!;
    expect(line.startsWith('wide{instance="",job="wide",l0000000="v",l0000001="v",')).toBe(true);
    expect(line.endsWith(',l0099999="v"} 1')).toBe(true);
  });

  it('is refused by the default limit with the reason, and a million pairs too', async () => {
    const gw = await startTestGateway();
    const refused = await send(gw, 'PUT', '/metrics/job/wide', `ok 1\n${wideSeries(10_001)}`);
    expect(refused).toMatchObject({
      status: 400,
      body: 'a series of family "wide" (line 2) has 10001 label pairs, more than the limit of 10000 (--push.max-labels-per-series)\n',
    });
    const million = await send(gw, 'PUT', '/metrics/job/wide', wideSeries(1_000_000));
    expect(million.status).toBe(400);
    expect(million.body).toContain('has 1000000 label pairs, more than the limit of 10000');
    expect((await send(gw, 'PUT', '/metrics/job/wide', wideSeries(10_000))).status).toBe(200);
    expect(await scrape(gw)).toContain('l0009999="v"} 1\n');
  });
});

describe('grouping keys', () => {
  it('keep groups apart whose values hold U+00FF', async () => {
    const gw = await startTestGateway();
    expect((await send(gw, 'PUT', '/metrics/job/x/z/y', 'plain 1\n')).status).toBe(200);
    expect((await send(gw, 'PUT', `/metrics/job/${encodeURIComponent('xÿzÿy')}`, 'odd 2\n')).status).toBe(200);
    expect((await send(gw, 'POST', `/metrics/job/${encodeURIComponent('xÿzÿy')}`, 'odd 3\n')).status).toBe(200);
    let page = await scrape(gw);
    expect(page).toContain('plain{instance="",job="x",z="y"} 1\n');
    expect(page).toContain('odd{instance="",job="xÿzÿy"} 3\n');
    expect((await send(gw, 'DELETE', `/metrics/job/${encodeURIComponent('xÿzÿy')}`)).status).toBe(202);
    page = await scrape(gw);
    expect(page).toContain('plain{instance="",job="x",z="y"} 1\n');
    expect(page).not.toContain('odd');
  });

  it('are injective over arbitrary label sets', () => {
    const text = fc.oneof(fc.string({ unit: fc.constantFrom('x', 'y', 'ÿ', '\xff', ':', '1', '\u0000', '"', ',', '=') }), fc.string({ unit: 'grapheme' }));
    const labelSet = fc.uniqueArray(fc.tuple(text, text), { selector: ([name]) => name, maxLength: 4 }).map((pairs) => pairs.flat());
    fc.assert(
      fc.property(labelSet, labelSet, (a, b) => {
        const same = canonical(a) === canonical(b);
        expect(groupKey(a) === groupKey(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A label set as a sorted list of pairs, the identity a key must reflect. */
function canonical(labels: string[]): string {
  const pairs: [string, string][] = [];
  for (let i = 0; i < labels.length; i += 2) pairs.push([labels[i], labels[i + 1]]);
  return JSON.stringify(pairs.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)));
}
