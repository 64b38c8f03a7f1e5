/**
 * How the delimited protobuf format is named over HTTP: recognizing it in a push's
 * `Content-Type` exactly as Pushgateway does (Go's `mime.ParseMediaType`, then media type
 * `application/vnd.google.protobuf` with `proto=io.prometheus.client.MetricFamily` and
 * `encoding=delimited`), and the same test on an entry of a scraper's `Accept`, which
 * src/formats/negotiate.ts uses to choose a format as promhttp does (`expfmt.Negotiate`).
 */

const PROTOBUF_MEDIA_TYPE = 'application/vnd.google.protobuf';
const PROTOBUF_PROTO = 'io.prometheus.client.MetricFamily';
/** The `Content-Type` of a delimited body, spelled as expfmt's `FmtProtoDelim`. */
export const PROTOBUF_DELIMITED_CONTENT_TYPE = `${PROTOBUF_MEDIA_TYPE}; proto=${PROTOBUF_PROTO}; encoding=delimited`;

/** Whether a push with this `Content-Type` is delimited protobuf; anything else is read as text. */
export function isProtobufContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const parsed = parseMediaType(header);
  return parsed !== undefined && isDelimitedProtobuf(parsed.type, parsed.params);
}

/** Whether a media type (lower-cased) with these parameters (names lower-cased) is delimited `MetricFamily` protobuf. */
export function isDelimitedProtobuf(type: string, params: ReadonlyMap<string, string>): boolean {
  return type === PROTOBUF_MEDIA_TYPE && params.get('proto') === PROTOBUF_PROTO && params.get('encoding') === 'delimited';
}

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
