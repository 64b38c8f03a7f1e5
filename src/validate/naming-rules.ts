/**
 * Naming conventions, with the checks and wording of `promtool check metrics`
 * (client_golang promlint). All are warnings.
 */
import { type Metric, type MetricFamily, isHistogramFamily, isSummaryFamily, metricsOf } from '../model.js';
import { familyRule } from './rule.js';
import { metricUnit } from './units.js';

export const helpPresent = familyRule('W_NO_HELP', 'warning', (family, report) => {
  if (family.help === undefined) report('no help text');
});

export const counterTotal = familyRule('W_COUNTER_TOTAL', 'warning', (family, report) => {
  if (family.type === 'counter' && !family.name.endsWith('_total')) report('counter metrics should have "_total" suffix');
});

export const nonCounterTotal = familyRule('W_NON_COUNTER_TOTAL', 'warning', (family, report) => {
  if (family.type !== 'counter' && family.type !== 'untyped' && family.name.endsWith('_total')) {
    report('non-counter metrics should not have "_total" suffix');
  }
});

export const bucketSuffix = familyRule('W_BUCKET_SUFFIX', 'warning', (family, report) => {
  if (family.type !== 'untyped' && !isHistogramFamily(family) && family.name.endsWith('_bucket')) {
    report('non-histogram metrics should not have "_bucket" suffix');
  }
});

export const countSumSuffix = familyRule('W_COUNT_SUM_SUFFIX', 'warning', (family, report) => {
  if (family.type === 'untyped' || isSummaryFamily(family) || isHistogramFamily(family)) return;
  for (const suffix of ['_count', '_sum']) {
    if (family.name.endsWith(suffix)) report(`non-histogram and non-summary metrics should not have "${suffix}" suffix`);
  }
});

function hasLabel(family: MetricFamily, name: string): Metric | undefined {
  for (const m of metricsOf(family)) {
    for (let i = 0; i < m.labels.length; i += 2) if (m.labels[i] === name) return m;
  }
  return undefined;
}

export const leLabel = familyRule('W_LE_LABEL', 'warning', (family, report) => {
  if (family.type === 'untyped' || isHistogramFamily(family)) return;
  const m = hasLabel(family, 'le');
  if (m) report('non-histogram metrics should not have "le" label', m);
});

export const quantileLabel = familyRule('W_QUANTILE_LABEL', 'warning', (family, report) => {
  if (family.type === 'untyped' || isSummaryFamily(family)) return;
  const m = hasLabel(family, 'quantile');
  if (m) report('non-summary metrics should not have "quantile" label', m);
});

const TYPE_NAMES = ['counter', 'gauge', 'summary', 'histogram', 'gauge_histogram'];

/** `word` with the spellings a name holds it in: `_word_` inside, `_word` at the end. */
const asWord = (word: string) => ({ word, inside: `_${word}_`, end: `_${word}` });
const TYPE_WORDS = TYPE_NAMES.map(asWord);

export const typeInName = familyRule('W_TYPE_IN_NAME', 'warning', (family, report) => {
  const name = family.name.toLowerCase();
  for (const t of TYPE_WORDS) {
    if (name.includes(t.inside) || name.endsWith(t.end)) report(`metric name should not include type '${t.word}'`);
  }
});

export const colonInName = familyRule('W_COLON_IN_NAME', 'warning', (family, report) => {
  if (family.name.includes(':')) report("metric names should not contain ':'");
});

const CAMEL = /[a-z][A-Z]/;

export const camelCaseName = familyRule('W_CAMEL_CASE', 'warning', (family, report) => {
  if (CAMEL.test(family.name)) report("metric names should be written in 'snake_case' not 'camelCase'");
  const seen = new Set<string>();
  for (const m of metricsOf(family)) {
    for (let i = 0; i < m.labels.length; i += 2) {
      const label = m.labels[i];
      if (!seen.has(label) && CAMEL.test(label)) {
        seen.add(label);
        report(`label names should be written in 'snake_case' not 'camelCase' (${label})`, m);
      }
    }
  }
});

const ABBREVIATIONS = ['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd'];

const ABBREVIATION_SET: ReadonlySet<string> = new Set(ABBREVIATIONS);

export const abbreviatedUnit = familyRule('W_ABBREVIATED_UNIT', 'warning', (family, report) => {
  // promlint looks for `_a_` or a final `_a`: an abbreviation as a word other than the
  // first. One report per abbreviation found, however often.
  const words = family.name.toLowerCase().split('_');
  const found = new Set<string>();
  for (let i = 1; i < words.length; i++) if (ABBREVIATION_SET.has(words[i])) found.add(words[i]);
  for (let k = 0; k < found.size; k++) report('metric names should not contain abbreviated units');
});

export const baseUnit = familyRule('W_NON_BASE_UNIT', 'warning', (family, report) => {
  const found = metricUnit(family.name);
  if (found && found.unit !== found.base) report(`use base unit ${JSON.stringify(found.base)} instead of ${JSON.stringify(found.unit)}`);
});
