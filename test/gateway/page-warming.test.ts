/**
 * The page made ahead of the next scrape after a change (page-renderer.ts): only while no
 * scraper keeps its own page warm, and then in the format scraped last.
 */
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
