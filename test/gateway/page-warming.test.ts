/**
 * The page made ahead of the next scrape after a change (page-renderer.ts): only while no
 * scraper keeps its own page warm, and then in the format scraped last.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formats } from '../../src/formats/registry.js';
import { PageRenderer } from '../../src/gateway/http/page-renderer.js';
import type { MetricFamily } from '../../src/model.js';

const families: MetricFamily[] = [{ name: 'up', type: 'gauge', metrics: [{ labels: ['job', 'a'], value: 1 }] }];

/** The pages the renderer keeps, by format and scheme. */
const cached = (renderer: PageRenderer) => [...(renderer as unknown as { pages: Map<string, unknown> }).pages.keys()];

function scrape(renderer: PageRenderer, format: (typeof formats)[keyof typeof formats]): void {
  const page = renderer.page(format, families);
  for (const _ of page.chunks);
  page.release();
}

/** A change, then a second: how often the page's families were asked for, and the formats of the pages walked. */
async function changeAndWait(renderer: PageRenderer): Promise<{ asked: number; walked: string[] }> {
  const walk = vi.spyOn(renderer as unknown as { walk: (format: { name: string }) => unknown }, 'walk');
  const asked = vi.fn(() => families);
  renderer.changed(formats.prometheus, asked, false);
  await vi.advanceTimersByTimeAsync(1000);
  const walked = walk.mock.calls.map(([format]) => format.name);
  walk.mockRestore();
  return { asked: asked.mock.calls.length, walked };
}

describe('warming the page after a change', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes the text page a second after a change when nothing scraped', async () => {
    const renderer = new PageRenderer();
    expect(await changeAndWait(renderer)).toEqual({ asked: 1, walked: ['prometheus'] });
    expect(cached(renderer)).toEqual(['prometheus:underscores']);
  });

  it('makes nothing while a scraper came in the last 2 s, whatever format it asked for', async () => {
    const renderer = new PageRenderer();
    scrape(renderer, formats.protobuf);
    expect(await changeAndWait(renderer)).toEqual({ asked: 0, walked: [] });
    expect(cached(renderer)).toEqual(['protobuf:underscores']);
  });

  it('makes the page of the format scraped last once scrapes stopped: protobuf, not a text page beside it', async () => {
    const renderer = new PageRenderer();
    scrape(renderer, formats.prometheus);
    await vi.advanceTimersByTimeAsync(500);
    scrape(renderer, formats.protobuf);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await changeAndWait(renderer)).toEqual({ asked: 1, walked: ['protobuf'] });
  });
});

describe('a scrape during a warming', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('ends the warming: the walk of the older page renders nothing more', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    // A clock that passes 1 ms at each look, so that the warming takes many slices.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now++);
    const page = (value: number): MetricFamily[] =>
      Array.from({ length: 20 }, (_, f) => ({
        name: `f${f}`,
        type: 'gauge',
        metrics: Array.from({ length: 1000 }, (_, i) => ({ labels: ['s', String(i).padStart(4, '0')], value })),
      }));
    const older = page(1);
    const newer = page(2);
    const rendered: MetricFamily[] = [];
    const pieces = formats.prometheus.pieces!;
    vi.spyOn(formats.prometheus, 'pieces').mockImplementation((family) => {
      rendered.push(family);
      return pieces(family);
    });
    const renderer = new PageRenderer();
    renderer.changed(formats.prometheus, () => older, false);
    // The warming's first slice.
    await vi.advanceTimersToNextTimerAsync();
    const warmed = rendered.length;
    expect(warmed).toBeGreaterThan(0);
    expect(warmed).toBeLessThan(older.length);
    const scrape = renderer.page(formats.prometheus, newer, undefined, false);
    for (const _ of scrape.chunks);
    scrape.release();
    // Turns of the event loop enough for the warming to walk the whole older page.
    for (let i = 0; i < 2000; i++) await nextTurn();
    expect(rendered.slice(warmed)).toEqual(newer);
  });
});
