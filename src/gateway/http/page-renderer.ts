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
 *
 * Names are escaped first under the scheme the scraper negotiated (escaped-page.ts); each
 * format and scheme has its own cache.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Format } from '../../formats/registry.js';
import type { MetricFamily } from '../../model.js';
import { DEFAULT_ESCAPING, type EscapingScheme } from '../../name-escaping.js';
import { PageEscaper } from './escaped-page.js';
import { PageCache } from './page-cache.js';

/** One cache per format and escaping scheme. */
type CacheKey = `${string}:${EscapingScheme}`;

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
  private readonly caches = new Map<CacheKey, WeakMap<MetricFamily, string | Uint8Array>>();
  private readonly pages = new Map<CacheKey, PageCache>();
  private readonly escaper = new PageEscaper();
  private warmTimer: NodeJS.Timeout | undefined;
  /** When a scrape last walked a page of each format, and the scheme it asked for. */
  private readonly scrapedAt = new Map<Format, { at: number; escaping: EscapingScheme }>();

  /**
   * The store changed: some time later, unless a scrape came in the last `SCRAPED_MS` (a
   * scraper keeps its own page warm), the page of the format scraped last (`fallback`
   * before any scrape) is made from `families()` in slices of a few ms, so that the next
   * scrape mostly copies it (the first after a restart or a refill, say). A scraper that
   * asks for protobuf (Prometheus with native histograms) so no longer gets a text page
   * made beside its own every second. `escapeNames`: as for `page`.
   */
  changed(fallback: Format, families: () => readonly MetricFamily[], escapeNames: boolean): void {
    if (this.warmTimer !== undefined) return;
    this.warmTimer = setTimeout(() => {
      this.warmTimer = undefined;
      const now = performance.now();
      let format = fallback;
      let last: { at: number; escaping: EscapingScheme } | undefined;
      for (const [scraped, at] of this.scrapedAt) {
        // A scraper keeps the page it asks for warm itself.
        if (now - at.at <= SCRAPED_MS) return;
        if (scraped.pieces !== undefined && (last === undefined || at.at > last.at)) [format, last] = [scraped, at];
      }
      if (format.pieces !== undefined) void this.warm(format, families(), last?.escaping ?? DEFAULT_ESCAPING, escapeNames);
    }, WARM_DELAY_MS);
    this.warmTimer.unref();
  }

  /**
   * The page in chunks, each step of the iteration a bounded amount of work, with its
   * names under `escaping`; `conflicts` says what was left out because names met once
   * escaped. `escapeNames: false` says every name is a legacy one, so escaping would change
   * nothing: it is not even checked. Call `release` once the chunks were written out
   * (whatever the outcome): the text cache then reuses the memory of what this page replaced.
   */
  page(
    format: Format,
    families: readonly MetricFamily[],
    escaping: EscapingScheme = DEFAULT_ESCAPING,
    escapeNames = true,
  ): { chunks: Iterable<string | Uint8Array>; release(): void; conflicts: string[] } {
    this.scrapedAt.set(format, { at: performance.now(), escaping });
    return this.walk(format, families, escaping, escapeNames);
  }

  private walk(
    format: Format,
    given: readonly MetricFamily[],
    escaping: EscapingScheme,
    escapeNames: boolean,
  ): { chunks: Iterable<string | Uint8Array>; release(): void; conflicts: string[] } {
    const { families, conflicts } = escapeNames ? this.escaper.escape(given, escaping) : { families: given, conflicts: [] };
    const key: CacheKey = `${format.name}:${escaping}`;
    const pieces = format.pieces;
    if (pieces !== undefined) {
      let cache = this.pages.get(key);
      if (cache === undefined) {
        cache = new PageCache();
        this.pages.set(key, cache);
      }
      return { ...cache.walk(families, pieces), conflicts };
    }
    const encodeFamily = format.encodeFamily;
    if (encodeFamily === undefined) return { chunks: format.encode(families), release: () => {}, conflicts };
    let cache = this.caches.get(key);
    if (cache === undefined) {
      cache = new WeakMap();
      this.caches.set(key, cache);
    }
    return { chunks: cached(families, cache, encodeFamily), release: () => {}, conflicts };
  }

  /** Walks the page in slices; a scrape that comes meanwhile ends it (the scrape makes its page itself, and two walks would render the same series twice). */
  private async warm(format: Format, families: readonly MetricFamily[], escaping: EscapingScheme, escapeNames: boolean): Promise<void> {
    const started = performance.now();
    const page = this.walk(format, families, escaping, escapeNames);
    try {
      let slice = started;
      for (const _ of page.chunks) {
        if (performance.now() - slice < WARM_SLICE_MS) continue;
        await nextTurn();
        if ([...this.scrapedAt.values()].some((scrape) => scrape.at >= started)) break;
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
