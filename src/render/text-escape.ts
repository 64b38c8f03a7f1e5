/**
 * Names and strings as the 0.0.4 writer spells them (prometheus/common expfmt
 * text_create.go `writeName`, `writeEscapedString`). Each function returns its input
 * untouched when nothing needs escaping, which is nearly always. Whether anything does is
 * a regex test: measured on the high-cardinality corpus's label values, 1.5-2x faster than
 * a `charCodeAt` loop (the regex engine scans in native code).
 */
import { isLegacyMetricName } from '../name-escaping.js';

export { isLegacyMetricName };

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const LF = 0x0a;

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
