/**
 * The grouping labels of a push URL, `/metrics/job/<JOB>{/<LABEL>/<VALUE>}`, as Pushgateway
 * reads it (handler/push.go `splitLabels`), without HTTP: `job@base64` and `name@base64`
 * segments (URL-safe base64, padding optional, `=` for the empty string), a trailing empty
 * segment as an empty value, the last of a repeated label name winning, the `:job` segment
 * winning over a `job` pair, and the reference's error texts.
 *
 * Each segment is percent-decoded on its own after splitting on `/`, so `%2F` is a slash
 * inside a value (Pushgateway decodes first and then answers 301 for the `//` it made),
 * and an empty segment in value position is an empty value. `+` stays `+`.
 *
 * With `--push.enable-utf8-names` (`utf8Names`), as Pushgateway 1.11: a label name segment
 * is unescaped from the `values` scheme (`U__host_2e_name` is `host.name`) and may then be
 * any non-empty UTF-8 name; the `__` reserved prefix is checked on the segment as sent.
 */
import type { Labels } from '../model.js';
import { escapeName, isUtf8Name, unescapeName } from '../name-escaping.js';
import { compareStrings } from '../order.js';
import { decodeBase64Url, encodeBase64Url } from './go-base64.js';

const BASE64_SUFFIX = '@base64';

export type GroupingLabelsResult = { labels: Labels } | { error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * `path` is the request path below the route prefix, still percent-encoded. Undefined when
 * it is no push route (not `/metrics/job/...` or `/metrics/job@base64/...`): a 404.
 */
export function parsePushPath(path: string, utf8Names = false): GroupingLabelsResult | undefined {
  let rest: string;
  let jobBase64: boolean;
  if (path.startsWith('/metrics/job/')) {
    rest = path.slice('/metrics/job/'.length);
    jobBase64 = false;
  } else if (path.startsWith('/metrics/job@base64/')) {
    rest = path.slice('/metrics/job@base64/'.length);
    jobBase64 = true;
  } else {
    return undefined;
  }
  const segments = rest.split('/');
  return parseGroupingSegments(segments[0], jobBase64, segments.slice(1), utf8Names);
}

/** The grouping labels, sorted by name, from the raw job segment and the raw segments after it. */
export function parseGroupingSegments(rawJob: string, jobBase64: boolean, rawLabels: readonly string[], utf8Names = false): GroupingLabelsResult {
  const decodedJob = percentDecode(rawJob);
  if ('error' in decodedJob) return decodedJob;
  let job = decodedJob.text;
  if (jobBase64) {
    const value = decodeBase64Text(job);
    if ('error' in value) return { error: `invalid base64 encoding in job name ${goQuote(job)}: ${value.error}` };
    job = value.text;
  }
  if (job === '') return { error: 'job name is required' };

  const result = new Map<string, string>();
  // Go's wildcard includes the leading slash: "/" (a trailing slash after the job) is no labels.
  if (rawLabels.length > 0 && !(rawLabels.length === 1 && rawLabels[0] === '')) {
    const decoded: string[] = [];
    for (const raw of rawLabels) {
      const d = percentDecode(raw);
      if ('error' in d) return d;
      decoded.push(d.text);
    }
    if (decoded.length % 2 === 1) return { error: `odd number of components in label string ${goQuote(`/${decoded.join('/')}`)}` };
    for (let i = 0; i < decoded.length; i += 2) {
      const name = decoded[i];
      const value = decoded[i + 1];
      const base64 = name.endsWith(BASE64_SUFFIX);
      const trimmed = base64 ? name.slice(0, -BASE64_SUFFIX.length) : name;
      const labelName = utf8Names ? unescapeName(trimmed, 'values') : trimmed;
      const valid = utf8Names ? isUtf8Name(labelName) : LABEL_NAME.test(labelName);
      if (!valid || trimmed.startsWith('__')) return { error: `improper label name ${goQuote(trimmed)}` };
      if (!base64) {
        result.set(labelName, value);
        continue;
      }
      const v = decodeBase64Text(value);
      if ('error' in v) return { error: `invalid base64 encoding for label ${trimmed}=${goQuote(value)}: ${v.error}` };
      result.set(labelName, v.text);
    }
  }
  result.set('job', job);
  return { labels: [...result.entries()].sort((a, b) => compareStrings(a[0], b[0])).flat() };
}

/**
 * The push path for a group's labels, every value in `@base64` form (safe for any value).
 * With `utf8Names`, a label name the gateway would not read back as it is (not a legacy
 * name, or one that unescapes to another) is written in the `values` scheme, percent-encoded.
 */
export function pushPath(labels: Labels, utf8Names = false): string {
  let path = '';
  let job = '';
  for (let i = 0; i < labels.length; i += 2) {
    if (labels[i] === 'job') job = labels[i + 1];
    else path += `/${utf8Names ? pathLabelName(labels[i]) : labels[i]}${BASE64_SUFFIX}/${encodeBase64Url(labels[i + 1])}`;
  }
  return `/metrics/job${BASE64_SUFFIX}/${encodeBase64Url(job)}${path}`;
}

/** A label name as a path segment that `parseGroupingSegments` with `utf8Names` reads back as the name. */
function pathLabelName(name: string): string {
  if (LABEL_NAME.test(name) && unescapeName(name, 'values') === name) return name;
  // escapeName leaves a legacy name (`U__x`) as it is: such a name gets the prefix by hand.
  const escaped = LABEL_NAME.test(name) ? `U__${name.replaceAll('_', '__')}` : escapeName(name, 'values');
  return encodeURIComponent(escaped);
}

function decodeBase64Text(text: string): { text: string } | { error: string } {
  const decoded = decodeBase64Url(text);
  if ('error' in decoded) return decoded;
  try {
    return { text: utf8.decode(decoded.bytes) };
  } catch {
    return { error: 'the decoded value is not valid UTF-8' };
  }
}

/** Percent-decoding to UTF-8 bytes, then to text; a bad escape gets Go's URL error text. */
function percentDecode(segment: string): { text: string } | { error: string } {
  if (!segment.includes('%')) return { text: segment };
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const hex = segment.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { error: `invalid URL escape ${goQuote(segment.slice(i, i + 3))}` };
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const char = String.fromCodePoint(segment.codePointAt(i)!);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
  }
  try {
    return { text: utf8.decode(Uint8Array.from(bytes)) };
  } catch {
    return { error: `invalid UTF-8 in URL path segment ${goQuote(segment)}` };
  }
}

/** Close enough to Go's %q for the texts here: JSON's quoting. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
