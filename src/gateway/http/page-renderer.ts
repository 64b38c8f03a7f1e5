/**
 * Renders the scrape page family by family, reusing the encoding of family objects it has
 * rendered before in that format. The merged page's families stay the same objects until
 * the store changes (GroupStore caches the merge), so a scrape between two pushes only
 * renders the gateway's own, small, families. A format without a per-family encoding (one
 * with a header or trailer, as OpenMetrics's `# EOF`) is encoded whole, uncached.
 */
import type { BinaryFormat, Format, TextFormat } from '../../formats/registry.js';
import type { MetricFamily } from '../../model.js';

export class PageRenderer {
  // Weak: families of an outdated page go with it.
  private readonly caches = new Map<Format, WeakMap<MetricFamily, string | Uint8Array>>();

  chunks(format: TextFormat, families: readonly MetricFamily[]): Iterable<string>;
  chunks(format: BinaryFormat, families: readonly MetricFamily[]): Iterable<Uint8Array>;
  chunks(format: Format, families: readonly MetricFamily[]): Iterable<string | Uint8Array>;
  chunks(format: Format, families: readonly MetricFamily[]): Iterable<string | Uint8Array> {
    const encodeFamily = format.encodeFamily;
    if (encodeFamily === undefined) return format.encode(families);
    let cache = this.caches.get(format);
    if (cache === undefined) {
      cache = new WeakMap();
      this.caches.set(format, cache);
    }
    return cached(families, cache, encodeFamily);
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
