/**
 * Choosing the format of a scrape, and the escaping of its names, from its `Accept`
 * header, as promhttp does (Go's `expfmt.Negotiate` in prometheus/common v0.69.0, the one
 * Pushgateway 1.11.3 is built with): entries by quality, highest first (equal ones in the
 * client's order); each entry's `escaping` parameter, when it names a scheme, becomes the
 * scheme (an unknown one is ignored); the first entry an offered format accepts wins, with
 * the scheme so far; text 0.0.4 when none does. A scraper that names no scheme gets
 * `underscores` (`model.NameEscapingScheme`), so Prometheus 2.x sees legacy names.
 * `text/plain;version=1.0.0` (Prometheus 3) is no 0.0.4 entry: it contributes its scheme,
 * and text 0.0.4 is served with it when nothing else matches, as in Go.
 *
 * Pushgateway offers delimited protobuf and text 0.0.4, not OpenMetrics. (common after
 * v0.69.0 also lets `*` and `* / *` pick the first offered format, protobuf; Pushgateway
 * 1.11.3 and this module answer text.)
 */
import { DEFAULT_ESCAPING, type EscapingScheme, isEscapingScheme } from '../name-escaping.js';
import { type Format, type MediaRange, formats } from './registry.js';

/** What a Pushgateway-compatible scrape offers (promhttp without OpenMetrics). */
export const SCRAPE_FORMATS: readonly Format[] = [formats.protobuf, formats.prometheus];

/** The outcome of a negotiation: the format, the escaping of names, and the Content-Type that says both. */
export interface Negotiation {
  format: Format;
  escaping: EscapingScheme;
  /** Whether the `Accept` header named a known scheme (else `escaping` is the default). */
  escapingAsked: boolean;
  /** `format.contentType` with `; escaping=<scheme>`, as promhttp answers. */
  contentType: string;
}

/** The format a scrape with this `Accept` gets, out of `offered`. */
export function negotiate(accept: string | undefined, offered: readonly Format[] = SCRAPE_FORMATS): Format {
  return negotiateScrape(accept, offered).format;
}

/** The format and the escaping scheme a scrape with this `Accept` gets, out of `offered`. */
export function negotiateScrape(accept: string | undefined, offered: readonly Format[] = SCRAPE_FORMATS): Negotiation {
  let escaping = DEFAULT_ESCAPING;
  let escapingAsked = false;
  const result = (format: Format): Negotiation => ({ format, escaping, escapingAsked, contentType: withEscaping(format.contentType, escaping) });
  if (accept === undefined) return result(formats.prometheus);
  for (const entry of acceptedRanges(accept)) {
    if (entry.escaping !== undefined && isEscapingScheme(entry.escaping)) {
      escaping = entry.escaping;
      escapingAsked = true;
    }
    // A zero quality means "not this one" (Go would still pick it): its scheme counts, its type does not.
    if (entry.q <= 0) continue;
    for (const format of offered) if (format.accepts(entry)) return result(format);
  }
  return result(formats.prometheus);
}

/** The format a scrape with this `Accept` gets, by kind. Protobuf encodings other than delimited are not served: text then. */
export function negotiateFormat(accept: string | undefined): 'protobuf' | 'text' {
  return negotiate(accept) === formats.protobuf ? 'protobuf' : 'text';
}

/** A Content-Type with the escaping parameter promhttp appends (Go's `Format + "; escaping=" + scheme`). */
function withEscaping(contentType: string, escaping: EscapingScheme): string {
  return `${contentType}; escaping=${escaping}`;
}

interface AcceptEntry extends MediaRange {
  q: number;
  /** The `escaping` parameter, by its exact (case-sensitive) name as Go reads it. */
  escaping?: string;
}

/** The entries of an `Accept` header, best first; equal qualities keep the client's order. */
function acceptedRanges(accept: string): AcceptEntry[] {
  const entries: AcceptEntry[] = [];
  for (const part of accept.split(',')) {
    const [range, ...rest] = part.split(';');
    const type = range.trim().toLowerCase();
    if (!type.includes('/')) continue;
    const params = new Map<string, string>();
    let q = 1;
    let escaping: string | undefined;
    for (const param of rest) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const rawName = param.slice(0, eq).trim();
      const name = rawName.toLowerCase();
      const value = param.slice(eq + 1).trim();
      if (name === 'q') q = Number(value) || 0;
      else params.set(name, value);
      if (rawName === 'escaping') escaping = value;
    }
    entries.push({ type, params, q, escaping });
  }
  // Stable: equal qualities keep the client's order, as Go's sort does for short lists.
  entries.sort((a, b) => b.q - a.q);
  return entries;
}
