/**
 * How the delimited protobuf format is named over HTTP: recognizing it in a push's
 * `Content-Type` exactly as Pushgateway does (Go's `mime.ParseMediaType`, then media type
 * `application/vnd.google.protobuf` with `proto=io.prometheus.client.MetricFamily` and
 * `encoding=delimited`), and choosing it from a scraper's `Accept` as promhttp does
 * (`expfmt.Negotiate`: the first acceptable entry by quality wins, text 0.0.4 otherwise).
 */

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.google.protobuf';
export const PROTOBUF_PROTO = 'io.prometheus.client.MetricFamily';
/** The `Content-Type` of a delimited body, spelled as expfmt's `FmtProtoDelim`. */
export const PROTOBUF_DELIMITED_CONTENT_TYPE = `${PROTOBUF_MEDIA_TYPE}; proto=${PROTOBUF_PROTO}; encoding=delimited`;

/** Whether a push with this `Content-Type` is delimited protobuf; anything else is read as text. */
export function isProtobufContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const parsed = parseMediaType(header);
  return parsed !== undefined && parsed.type === PROTOBUF_MEDIA_TYPE && parsed.params.get('proto') === PROTOBUF_PROTO && parsed.params.get('encoding') === 'delimited';
}

/** The format a scrape with this `Accept` gets. Protobuf encodings other than delimited are not served: text then. */
export function negotiateFormat(accept: string | undefined): 'protobuf' | 'text' {
  if (accept === undefined) return 'text';
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
  for (const e of entries) {
    if (e.type === PROTOBUF_MEDIA_TYPE && e.params.get('proto') === PROTOBUF_PROTO && e.params.get('encoding') === 'delimited') return 'protobuf';
    if (e.type === 'text/plain' && (e.params.get('version') ?? '') in TEXT_VERSIONS) return 'text';
  }
  return 'text';
}

const TEXT_VERSIONS = { '': true, '0.0.4': true };

// RFC 2045 token characters: printable ASCII but space and tspecials.
const TSPECIALS = '()<>@,;:\\"/[]?=';
function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(c);
}

/** Go's `mime.ParseMediaType`, reduced to what the decision needs; undefined where Go errs. */
function parseMediaType(header: string): { type: string; params: Map<string, string> } | undefined {
  const semi = header.indexOf(';');
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  const slash = type.indexOf('/');
  if (slash <= 0 || slash === type.length - 1 || ![...type].every((c) => c === '/' || isTokenChar(c)) || type.indexOf('/', slash + 1) >= 0) return undefined;
  const params = new Map<string, string>();
  let rest = semi < 0 ? '' : header.slice(semi);
  while (rest.trim() !== '') {
    const m = /^\s*;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;"]+)\s*/.exec(rest);
    if (m === null) {
      // Go accepts a trailing ";" with nothing after it, and refuses anything else.
      if (/^\s*;\s*$/.test(rest)) break;
      return undefined;
    }
    const name = m[1].toLowerCase();
    if (![...name].every(isTokenChar) || params.has(name)) return undefined;
    const raw = m[2];
    if (raw[0] !== '"' && ![...raw].every(isTokenChar)) return undefined;
    params.set(name, raw[0] === '"' ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
    rest = rest.slice(m[0].length);
  }
  return { type, params };
}
