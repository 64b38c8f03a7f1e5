/**
 * Renders the scrape page, reusing what did not change since the last scrape. Text 0.0.4
 * and protobuf keep the bytes of each family and of each of its series (page-cache.ts): a
 * scrape after a push encodes the pushed series and copies the rest. Another format with
 * a per-family encoding reuses the encoding of family objects rendered before (the
 * store's page keeps the family objects of names no change touched); one without either
 * (one with a header or trailer, as OpenMetrics's `# EOF`) is encoded whole, uncached.
 *
 * The gateway calls `warm` some time after a change: the text of the next scrape is then
 * mostly made already, so that a first scrape after many pushes (a restart, a refill) is
 * no slower than the others.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Format } from '../../formats/registry.js';
import type { MetricFamily } from '../../model.js';
import { PageCache } from './page-cache.js';

/**
 * How long after a change the page of the next scrape is made, unless scrapes keep it
 * warm: one came in the last `SCRAPED_MS`. Each warming walks (and copies) the whole page,
 * so it is not done more often than this.
 */
const WARM_DELAY_MS = 1000;
const SCRAPED_MS = 2000;
/** Work between two yields to the event loop while warming, in ms. */
const WARM_SLICE_MS = 5;

export class PageRenderer {
  // Weak: families of an outdated page go with them.
  private readonly caches = new Map<Format, WeakMap<MetricFamily, string | Uint8Array>>();
  private readonly pages = new Map<Format, PageCache>();
  private warmTimer: NodeJS.Timeout | undefined;
  /** When a scrape last walked a page of each format. */
  private readonly scrapedAt = new Map<Format, number>();

  /**
   * The store changed: some time later, unless scrapes of `format` keep its page warm, the
   * page is made from `families()` in slices of a few ms, so that the next scrape mostly
   * copies it (the first after a restart or a refill, say).
   */
  changed(format: Format, families: () => readonly MetricFamily[]): void {
    if (this.warmTimer !== undefined || format.pieces === undefined) return;
    this.warmTimer = setTimeout(() => {
      this.warmTimer = undefined;
      if (performance.now() - (this.scrapedAt.get(format) ?? -Infinity) > SCRAPED_MS) void this.warm(format, families());
    }, WARM_DELAY_MS);
    this.warmTimer.unref();
  }

  /**
   * The page in chunks, each step of the iteration a bounded amount of work. Call
   * `release` once the chunks were written out (whatever the outcome): the text cache
   * then reuses the memory of what this page replaced.
   */
  page(format: Format, families: readonly MetricFamily[]): { chunks: Iterable<string | Uint8Array>; release(): void } {
    this.scrapedAt.set(format, performance.now());
    return this.walk(format, families);
  }

  private walk(format: Format, families: readonly MetricFamily[]): { chunks: Iterable<string | Uint8Array>; release(): void } {
    const pieces = format.pieces;
    if (pieces !== undefined) {
      let cache = this.pages.get(format);
      if (cache === undefined) {
        cache = new PageCache();
        this.pages.set(format, cache);
      }
      return cache.walk(families, pieces);
    }
    const encodeFamily = format.encodeFamily;
    if (encodeFamily === undefined) return { chunks: format.encode(families), release: () => {} };
    let cache = this.caches.get(format);
    if (cache === undefined) {
      cache = new WeakMap();
      this.caches.set(format, cache);
    }
    return { chunks: cached(families, cache, encodeFamily), release: () => {} };
  }

  private async warm(format: Format, families: readonly MetricFamily[]): Promise<void> {
    const page = this.walk(format, families);
    try {
      let slice = performance.now();
      for (const _ of page.chunks) {
        if (performance.now() - slice < WARM_SLICE_MS) continue;
        await nextTurn();
        slice = performance.now();
      }
    } finally {
      page.release();
    }
  }
}

function* cached(
  families: readonly MetricFamily[],
  cache: WeakMap<MetricFamily, string | Uint8Array>,
  encode: (family: MetricFamily) => string | Uint8Array,
): Generator<string | Uint8Array> {
  for (const family of families) {
    let chunk = cache.get(family);
    if (chunk === undefined) {
      chunk = encode(family);
      cache.set(family, chunk);
    }
    yield chunk;
  }
}
