/**
 * Renders the scrape page family by family, reusing the text of family objects it has
 * rendered before. The merged page's families stay the same objects until the store
 * changes (GroupStore caches the merge), so a scrape between two pushes only renders the
 * gateway's own, small, families.
 */
import type { MetricFamily } from '../../model.js';
import { renderText } from '../../render/render-text.js';

export class PageRenderer {
  // Weak: families of an outdated page go with it.
  private readonly texts = new WeakMap<MetricFamily, string>();

  *chunks(families: readonly MetricFamily[]): Iterable<string> {
    for (const family of families) {
      let text = this.texts.get(family);
      if (text === undefined) {
        text = renderText([family]);
        this.texts.set(family, text);
      }
      yield text;
    }
  }
}
