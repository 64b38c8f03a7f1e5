/**
 * Metric and label names under Prometheus 3's escaping schemes, with exactly the results of
 * prometheus/common's `model.EscapeName`, `model.UnescapeName` and `EscapeMetricFamily`
 * (model/metric.go): what a scraper that cannot read UTF-8 names gets instead of them.
 *
 * - `allow-utf-8`: names as they are (a writer quotes the ones that are not legacy-valid).
 * - `underscores`: each character that is not legacy-valid becomes `_` (not reversible).
 * - `dots`: `.` becomes `_dot_`, `_` becomes `__`, any other invalid character `__`.
 * - `values`: `U__` then the name with `_` doubled and each invalid character as its code
 *   point in lower-case hex between underscores (`.` -> `_2e_`); reversible.
 *
 * Go walks a name by code point (its byte offset deciding whether a digit is the first
 * character). A JavaScript string can hold a lone surrogate, which has no UTF-8 form: it
 * is taken as U+FFFD, the character it becomes when the name is written as UTF-8 (and the
 * one Go reads for each invalid byte), so `values` writes it `_fffd_`.
 */
import type { Metric, MetricFamily } from './model.js';

export type EscapingScheme = 'allow-utf-8' | 'underscores' | 'dots' | 'values';

/** Every scheme, as an `escaping=` parameter spells it. */
export const ESCAPING_SCHEMES: readonly EscapingScheme[] = ['allow-utf-8', 'underscores', 'dots', 'values'];

/** What a scraper that names no scheme gets (Go's `model.NameEscapingScheme`). */
export const DEFAULT_ESCAPING: EscapingScheme = 'underscores';

export function isEscapingScheme(text: string): text is EscapingScheme {
  return (ESCAPING_SCHEMES as readonly string[]).includes(text);
}

const REPLACEMENT = 0xfffd;

/** Go's `isValidLegacyRune`: `[a-zA-Z_:]`, and a digit anywhere but first. */
function isLegacyRune(c: number, first: boolean): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (!first && c >= 0x30 && c <= 0x39);
}

/**
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`. Go's writers and `EscapeMetricFamily` apply this *metric*-name
 * check to label names as well, so a label name with a colon is neither quoted nor escaped.
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

/** `[a-zA-Z_][a-zA-Z0-9_]*`: a label name every Prometheus reads (Go's `LegacyValidation.IsValidLabelName`). */
export function isLegacyLabelName(name: string): boolean {
  return isLegacyMetricName(name) && !name.includes(':');
}

/** Whether `name` is a valid name under UTF-8 validation: not empty, no lone surrogate. */
export function isUtf8Name(name: string): boolean {
  return name.length > 0 && !LONE_SURROGATE.test(name);
}

/** With the `u` flag a surrogate class matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The code point at `i`, a lone surrogate as U+FFFD, and how many code units it took. */
function codePointAt(name: string, i: number): { c: number; width: number } {
  const c = name.codePointAt(i)!;
  if (c > 0xffff) return { c, width: 2 };
  return { c: c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : c, width: 1 };
}

/** Go's `model.EscapeName`: `name` under `scheme`; the empty name stays empty. No validation. */
export function escapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0) return name;
  switch (scheme) {
    case 'allow-utf-8':
      return name;
    case 'underscores': {
      if (isLegacyMetricName(name)) return name;
      let out = '';
      for (let i = 0; i < name.length; ) {
        const { c, width } = codePointAt(name, i);
        out += isLegacyRune(c, i === 0) ? String.fromCharCode(c) : '_';
        i += width;
      }
      return out;
    }
    case 'dots': {
      // No shortcut for legacy names: their underscores are doubled too.
      let out = '';
      for (let i = 0; i < name.length; ) {
        const { c, width } = codePointAt(name, i);
        if (c === 0x5f) out += '__';
        else if (c === 0x2e) out += '_dot_';
        else if (isLegacyRune(c, i === 0)) out += String.fromCharCode(c);
        else out += '__';
        i += width;
      }
      return out;
    }
    case 'values': {
      if (isLegacyMetricName(name)) return name;
      let out = 'U__';
      for (let i = 0; i < name.length; ) {
        const { c, width } = codePointAt(name, i);
        if (c === 0x5f) out += '__';
        else if (isLegacyRune(c, i === 0)) out += String.fromCharCode(c);
        else out += `_${c.toString(16)}_`;
        i += width;
      }
      return out;
    }
  }
}

/** Go's `lower` from strconv: ASCII letters to lower case (and, as there, a few control bytes to digits). */
function lower(c: number): number {
  return c | 0x20;
}

/**
 * Go's `model.UnescapeName`: `name` back from `scheme` where that is possible. `underscores`
 * cannot be undone (the name comes back as is); `dots` turns `_dot_` into `.` and then
 * `__` into `_`; `values` decodes a `U__` name and returns any name it cannot decode
 * (a single `_`, a code of six or more digits, a surrogate) unchanged.
 */
export function unescapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0) return name;
  switch (scheme) {
    case 'allow-utf-8':
    case 'underscores':
      return name;
    case 'dots':
      return name.replaceAll('_dot_', '.').replaceAll('__', '_');
    case 'values':
      return unescapeValues(name);
  }
}

function unescapeValues(name: string): string {
  if (!name.startsWith('U__')) return name;
  const s = name.slice(3);
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 0x5f) continue;
    out += s.slice(run, i);
    i++;
    if (i >= s.length) return name;
    if (s.charCodeAt(i) === 0x5f) {
      out += '_';
      run = i + 1;
      continue;
    }
    // A code point in hex up to the closing underscore: at most five digits, as in Go.
    let value = 0;
    let closed = false;
    for (let j = 0; i < s.length; j++) {
      if (j >= 6) return name;
      const c = s.charCodeAt(i);
      if (c === 0x5f) {
        if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return name;
        out += String.fromCodePoint(value);
        closed = true;
        break;
      }
      const r = lower(c);
      if (r >= 0x30 && r <= 0x39) value = value * 16 + (r - 0x30);
      else if (r >= 0x61 && r <= 0x66) value = value * 16 + (r - 0x61 + 10);
      else return name;
      i++;
    }
    if (!closed) return name;
    run = i + 1;
  }
  return out + s.slice(run);
}

/** Whether any name of `family` changes under `scheme` as `escapeFamily` applies it. */
function familyNeedsEscaping(family: MetricFamily, scheme: EscapingScheme): boolean {
  if (scheme === 'allow-utf-8') return false;
  if (!isLegacyMetricName(family.name)) return true;
  for (const metric of family.metrics) if (labelsNeedEscaping(metric.labels)) return true;
  return false;
}

function labelsNeedEscaping(labels: readonly string[]): boolean {
  for (let i = 0; i < labels.length; i += 2) {
    if (!isLegacyMetricName(labels[i])) return true;
    if (labels[i] === '__name__' && !isLegacyMetricName(labels[i + 1])) return true;
  }
  return false;
}

/**
 * Go's `model.EscapeMetricFamily`: the family with every name that is not a legacy metric
 * name escaped under `scheme` (a legacy name stays as it is, even under `dots`): the
 * family's name, label names, and a `__name__` label's value. The input is not changed;
 * the family itself is returned when nothing needs escaping, and each metric that needs
 * none is shared. Exemplar labels are not touched, as in Go.
 */
export function escapeFamily(family: MetricFamily, scheme: EscapingScheme): MetricFamily {
  if (!familyNeedsEscaping(family, scheme)) return family;
  const name = isLegacyMetricName(family.name) ? family.name : escapeName(family.name, scheme);
  const metrics = (family.metrics as readonly Metric[]).map((metric) => escapeMetric(metric, scheme));
  return { ...family, name, metrics } as MetricFamily;
}

/** One metric as `escapeFamily` escapes it: the same object when none of its names needs escaping. */
function escapeMetric<M extends Metric>(metric: M, scheme: EscapingScheme): M {
  if (scheme === 'allow-utf-8' || !labelsNeedEscaping(metric.labels)) return metric;
  const labels = metric.labels.slice();
  for (let i = 0; i < labels.length; i += 2) {
    if (labels[i] === '__name__') {
      if (!isLegacyMetricName(labels[i + 1])) labels[i + 1] = escapeName(labels[i + 1], scheme);
    } else if (!isLegacyMetricName(labels[i])) {
      labels[i] = escapeName(labels[i], scheme);
    }
  }
  return { ...metric, labels };
}
