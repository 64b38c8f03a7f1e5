/**
 * Names and strings as the 0.0.4 writer spells them (prometheus/common expfmt
 * text_create.go `writeName`, `writeEscapedString`). Each function returns its input
 * untouched when nothing needs escaping, which is nearly always. Whether anything does is
 * a regex test: measured on the high-cardinality corpus's label values, 1.5-2x faster than
 * a `charCodeAt` loop (the regex engine scans in native code).
 */

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const LF = 0x0a;

/**
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`. The Go writer applies this *metric*-name check to label names
 * as well, so a label name with a colon is written unquoted.
 */
export function isLegacyMetricName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
    if (!letter && (i === 0 || c < 0x30 || c > 0x39)) return false;
  }
  return true;
}

const QUOTED_SPECIAL = /[\\"\n]/;
const HELP_SPECIAL = /[\\\n]/;

/** A label value or quoted name: `\` -> `\\`, `"` -> `\"`, LF -> `\n`. */
export function escapeQuoted(s: string): string {
  if (!QUOTED_SPECIAL.test(s)) return s;
  // Copy the runs between escapes whole: appending char by char builds long rope strings.
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== BACKSLASH && c !== QUOTE && c !== LF) continue;
    out += s.slice(run, i) + (c === BACKSLASH ? '\\\\' : c === QUOTE ? '\\"' : '\\n');
    run = i + 1;
  }
  return out + s.slice(run);
}

/** HELP text: only `\` -> `\\` and LF -> `\n`; a `"` stays raw. */
export function escapeHelp(s: string): string {
  if (!HELP_SPECIAL.test(s)) return s;
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== BACKSLASH && c !== LF) continue;
    out += s.slice(run, i) + (c === BACKSLASH ? '\\\\' : '\\n');
    run = i + 1;
  }
  return out + s.slice(run);
}

/** A metric or label name: as is when legacy-valid, else double-quoted and escaped. */
export function renderName(name: string): string {
  return isLegacyMetricName(name) ? name : `"${escapeQuoted(name)}"`;
}
