/**
 * Choosing the format of a scrape from its `Accept` header, as promhttp does (Go's
 * `expfmt.Negotiate`): entries by quality, highest first (equal ones in the client's
 * order); the first that an offered format accepts wins; text 0.0.4 when none does.
 * Pushgateway offers delimited protobuf and text 0.0.4, not OpenMetrics.
 */
import { type Format, type MediaRange, formats } from './registry.js';

/** What a Pushgateway-compatible scrape offers (promhttp without OpenMetrics). */
export const SCRAPE_FORMATS: readonly Format[] = [formats.protobuf, formats.prometheus];

/** The format a scrape with this `Accept` gets, out of `offered`. */
export function negotiate(accept: string | undefined, offered: readonly Format[] = SCRAPE_FORMATS): Format {
  if (accept === undefined) return formats.prometheus;
  for (const range of acceptedRanges(accept)) {
    for (const format of offered) if (format.accepts(range)) return format;
  }
  return formats.prometheus;
}

/** The format a scrape with this `Accept` gets, by kind. Protobuf encodings other than delimited are not served: text then. */
export function negotiateFormat(accept: string | undefined): 'protobuf' | 'text' {
  return negotiate(accept) === formats.protobuf ? 'protobuf' : 'text';
}

/** The entries of an `Accept` header with a quality above zero, best first; equal qualities keep the client's order. */
function acceptedRanges(accept: string): MediaRange[] {
  const entries: { type: string; params: Map<string, string>; q: number }[] = [];
  for (const part of accept.split(',')) {
    const [range, ...rest] = part.split(';');
    const type = range.trim().toLowerCase();
    if (!type.includes('/')) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const param of rest) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const name = param.slice(0, eq).trim().toLowerCase();
      const value = param.slice(eq + 1).trim();
      if (name === 'q') q = Number(value) || 0;
      else params.set(name, value);
    }
    // A zero quality means "not this one" (Go would still pick it if nothing came before).
    if (q > 0) entries.push({ type, params, q });
  }
  // Stable: equal qualities keep the client's order, as Go's sort does for short lists.
  entries.sort((a, b) => b.q - a.q);
  return entries;
}
