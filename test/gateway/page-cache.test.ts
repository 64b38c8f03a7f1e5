/**
 * The scrape's text, kept between scrapes (text-cache.ts), is always byte for byte what
 * renderText writes for the page, whatever changed in between: series replaced, added,
 * removed, families retyped or renamed, a page in another order, and pages of a store
 * changed by random pushes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/gateway/http/page-cache.js';
import { GroupStore } from '../../src/merge/group-store.js';
import type { Metric, MetricFamily, ScalarMetric } from '../../src/model.js';
import type { FamilyPieces } from '../../src/formats/registry.js';
import { familyMessage, renderProtobuf } from '../../src/protobuf/render-protobuf.js';
import { familyText, renderText } from '../../src/render/render-text.js';

const bytes = (cache: PageCache, families: readonly MetricFamily[], pieces: (family: MetricFamily) => FamilyPieces) => {
  const page = cache.walk(families, pieces);
  const out = Buffer.concat([...page.chunks]);
  page.release();
  return out;
};
const text = (cache: PageCache, families: readonly MetricFamily[], writer: (family: MetricFamily) => FamilyPieces = familyText) =>
  bytes(cache, families, writer).toString('utf8');

const scalar = (labels: string[], value: number): ScalarMetric => ({ labels, value });
const metricOf = (type: string, labels: string[], value: number, timestampMs?: number): Metric => {
  const metric: Metric =
    type === 'histogram'
      ? { labels, buckets: [{ le: value, count: 1 }], sum: value, count: 2 }
      : type === 'summary'
        ? { labels, quantiles: [{ quantile: 0.5, value }], sum: 1, count: 2 }
        : scalar(labels, value);
  if (timestampMs !== undefined) metric.timestampMs = timestampMs;
  return metric;
};

describe('PageCache', () => {
  it('writes what renderText and renderProtobuf write, page after changed page', () => {
    const labelSet = fc.constantFrom<string[]>([], ['a', '1'], ['a', '2'], ['a', '10'], ['a', 'ü'], ['b', 'x\n"'], ['a', '1', 'b', '2'], ['a', '😀']);
    const change = fc.record({
      family: fc.constantFrom('f', 'g', 'h:x', 'ünicode'),
      kind: fc.constantFrom('replace', 'add', 'remove', 'retype', 'help', 'shuffle', 'same'),
      labels: labelSet,
      value: fc.constantFrom(0, 1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21),
      timestamp: fc.constantFrom(undefined, 5, -1234567),
    });
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 8 }), (rounds) => {
        const cache = new PageCache();
        const protobuf = new PageCache();
        let page: MetricFamily[] = [];
        for (const round of rounds) {
          for (const c of round) {
            const at = page.findIndex((f) => f.name === c.family);
            const family: MetricFamily = at >= 0 ? page[at] : { name: c.family, type: 'gauge', metrics: [] };
            let metrics = [...(family.metrics as Metric[])];
            const i = metrics.findIndex((m) => m.labels.join() === c.labels.join());
            let next: MetricFamily = { ...family, metrics } as MetricFamily;
            if (c.kind === 'replace' && i >= 0) metrics[i] = metricOf(family.type, c.labels, c.value, c.timestamp);
            else if (c.kind === 'add' && i < 0) metrics.push(metricOf(family.type, c.labels, c.value, c.timestamp));
            else if (c.kind === 'remove' && i >= 0) metrics.splice(i, 1);
            else if (c.kind === 'shuffle') metrics.reverse();
            else if (c.kind === 'help') next.help = String(c.value);
            else if (c.kind === 'retype') {
              const type = family.type === 'histogram' ? 'summary' : family.type === 'summary' ? 'counter' : 'histogram';
              metrics = metrics.map((m) => metricOf(type, m.labels, 3));
              next = { ...family, type, metrics } as MetricFamily;
            } else if (c.kind === 'same') next = family;
            if (c.kind !== 'shuffle' && c.kind !== 'same') metrics.sort((x, y) => (x.labels.join() < y.labels.join() ? -1 : 1));
            page = at >= 0 ? page.map((f, k) => (k === at ? next : f)) : [...page, next].sort((x, y) => (x.name < y.name ? -1 : 1));
          }
          expect(text(cache, page)).toBe(renderText(page));
          expect(bytes(protobuf, page, familyMessage).equals(renderProtobuf(page))).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what renderText writes for the pages of a store under pushes', () => {
    const push = fc.record({
      group: fc.integer({ min: 0, max: 30 }),
      series: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }),
      value: fc.integer({ min: 0, max: 5 }),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(push, { maxLength: 30 }), (pushes) => {
        const store = new GroupStore();
        const cache = new PageCache();
        let now = 1;
        for (const p of pushes) {
          const labels = ['job', 'j', 'instance', `i${p.group}`];
          if (p.remove) store.delete(labels);
          else {
            const metrics = [...new Set(p.series)].map((s) => scalar(['s', `s${s}`], p.value + s));
            store.push(labels, [{ name: 'big', type: 'gauge', help: 'Big.', metrics }], { replace: true, now: now++ });
          }
          const page = store.page().families;
          expect(text(cache, page)).toBe(renderText(page));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('copies the lines of series that did not change, and renders the others', () => {
    const cache = new PageCache();
    const metrics = Array.from({ length: 5000 }, (_, i) => scalar(['s', String(i).padStart(5, '0')], i));
    const first: MetricFamily = { name: 'm', type: 'gauge', metrics };
    expect(text(cache, [first])).toBe(renderText([first]));
    let renders = 0;
    const counting = (family: MetricFamily) => {
      const inner = familyText(family);
      return {
        header: inner.header,
        series: (m: Metric) => {
          renders++;
          return inner.series(m);
        },
      };
    };
    const second: MetricFamily = { ...first, metrics: metrics.map((m, i) => (i % 1000 === 7 ? scalar(m.labels, -1) : m)) };
    expect(text(cache, [second], counting)).toBe(renderText([second]));
    expect(renders).toBe(5);
    renders = 0;
    expect(text(cache, [second], counting)).toBe(renderText([second]));
    expect(renders).toBe(0);
  });

  it('stays exact across blocks of a family of several MiB', () => {
    const cache = new PageCache();
    const series = (i: number, v: number) => scalar(['s', `${'ü'.repeat(i % 7)}${String(i).padStart(6, '0')}`, 'x', 'y'.repeat(i % 50)], v);
    let metrics = Array.from({ length: 40_000 }, (_, i) => series(i * 2, i));
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const protobuf = new PageCache();
    for (let round = 0; round < 6; round++) {
      const family: MetricFamily = { name: 'big_ü', type: 'gauge', help: `round ${round}`, metrics };
      expect(text(cache, [family])).toBe(renderText([family]));
      expect(bytes(protobuf, [family], familyMessage).equals(renderProtobuf([family]))).toBe(true);
      metrics = metrics
        .filter(() => random() > 0.01)
        .map((m) => (random() < 0.02 ? scalar(m.labels, -1) : m))
        .concat(Array.from({ length: 300 }, () => series(Math.floor(random() * 80_000) * 2 + 1, round)))
        .sort((a, b) => (a.labels[1] < b.labels[1] ? -1 : a.labels[1] > b.labels[1] ? 1 : 0))
        .filter((m, i, all) => i === 0 || all[i - 1].labels[1] !== m.labels[1]);
    }
  });

  it('reuses the memory of replaced text only once no walk may still be sending it', () => {
    const cache = new PageCache();
    const series = (i: number, v: number) => scalar(['s', String(i).padStart(7, '0'), 'x', 'y'.repeat(i % 40)], v);
    let metrics = Array.from({ length: 150_000 }, (_, i) => series(i, i));
    let held: { bytes: Buffer; chunks: Uint8Array[]; release(): void; round: number } | undefined;
    for (let round = 0; round < 8; round++) {
      const family: MetricFamily = { name: 'big', type: 'gauge', metrics };
      const page = cache.walk([family], familyText);
      const chunks = [...page.chunks];
      const bytes = Buffer.concat(chunks);
      expect(bytes.toString()).toBe(renderText([family]));
      // A walk is still being sent while later ones rewrite the family, twice.
      if (held !== undefined) expect(Buffer.concat(held.chunks).equals(held.bytes)).toBe(true);
      if (held !== undefined && round - held.round === 2) {
        held.release();
        held = undefined;
      }
      if (held === undefined && round % 3 === 0) held = { bytes, chunks, release: page.release, round };
      else page.release();
      metrics = metrics.map((m, i) => (i % 97 === round ? series(i, -round) : m));
    }
  });
});
