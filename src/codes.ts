/**
 * Every diagnostic code expofmt emits, with its severity, the stage that emits it and
 * what it checks, in one place: `Diagnostic.code` is typed by it, `--disable` is checked
 * against it, and `expofmt lint --list-rules` and the README's table are made from it.
 *
 * A code is stable once released: users grep for it and turn it off by it. A new check
 * needs an entry here before it can emit anything (the compiler says so).
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a code comes from; a code some stages share (one mistake, one code) lists each. */
export type Stage = 'text' | 'openmetrics' | 'protobuf' | 'validate' | 'merge' | 'render';

export const STAGES: Readonly<Record<Stage, string>> = {
  text: 'the text 0.0.4 parser (and the grammar lint reports syntax errors with)',
  openmetrics: 'the OpenMetrics 1.0 parser',
  protobuf: 'the delimited protobuf decoder',
  validate: 'the rules over parsed families (lint, validate, a gateway push)',
  merge: 'pushed groups merged into one page (merge, lint --groups, the gateway)',
  render: 'writing a text format that cannot hold all of the input (fmt --to prometheus, --to openmetrics)',
};

export interface CodeInfo {
  severity: Severity;
  stages: readonly [Stage, ...Stage[]];
  /** What the check finds, in a CI user's words: one line. */
  description: string;
}

const error = (stages: CodeInfo['stages'], description: string): CodeInfo => ({ severity: 'error', stages, description });
const warning = (stages: CodeInfo['stages'], description: string): CodeInfo => ({ severity: 'warning', stages, description });
const info = (stages: CodeInfo['stages'], description: string): CodeInfo => ({ severity: 'info', stages, description });

const TEXT = ['text'] as const;
const TEXT_AND_PROTOBUF = ['text', 'protobuf'] as const;
const OPENMETRICS = ['openmetrics'] as const;
const PROTOBUF = ['protobuf'] as const;
const VALIDATE = ['validate'] as const;
const VALIDATE_AND_MERGE = ['validate', 'merge'] as const;
const MERGE = ['merge'] as const;
const RENDER = ['render'] as const;

export const CODES = {
  // Text 0.0.4: syntax of a line.
  E_UNEXPECTED_EOF: error(TEXT, 'the input ends in the middle of a line'),
  E_INVALID_UTF8: error(TEXT, 'the input is not valid UTF-8'),
  E_BINARY_INPUT: error(TEXT, 'the input is binary (NUL bytes, or mostly control bytes and invalid UTF-8): lint stops at once'),
  E_INVALID_COMMENT_NAME: error(TEXT, 'a HELP or TYPE line has no valid metric name'),
  E_INVALID_METRIC_NAME: error(TEXT, 'a metric name is empty or has characters a name may not have'),
  E_MISSING_METRIC_NAME: error(TEXT, 'a sample line has a label set but no metric name'),
  E_MULTIPLE_METRIC_NAMES: error(TEXT, 'a sample line gives more than one metric name'),
  E_UNEXPECTED_END_OF_NAME: error(TEXT, 'a quoted metric name inside the braces is not followed by "," or "}"'),
  E_UNESCAPED_NEWLINE: error(TEXT, 'a quoted label value or name has no closing quote before the end of the line'),
  E_INVALID_LABEL_NAME: error(TEXT_AND_PROTOBUF, 'a label name is empty or has characters a name may not have'),
  E_RESERVED_LABEL_NAME: error(TEXT_AND_PROTOBUF, 'a label is named __name__, which is reserved for the metric name'),
  E_EXPECTED_EQUALS: error(TEXT, 'a label name is not followed by "="'),
  E_DUPLICATE_LABEL_NAME: error(TEXT_AND_PROTOBUF, 'the same label name appears twice in one label set'),
  E_EXPECTED_QUOTE: error(TEXT, 'a label value does not start with a double quote'),
  E_INVALID_ESCAPE: error(TEXT, 'a backslash escape other than \\\\, \\" or \\n'),
  E_UNEXPECTED_END_OF_LABEL_VALUE: error(TEXT, 'a label value is not followed by "," or "}"'),
  E_INVALID_VALUE: error(TEXT, 'a sample value is not a number (a float, NaN, +Inf or -Inf)'),
  E_INVALID_TIMESTAMP: error(TEXT, 'a timestamp is not a whole number of milliseconds'),
  E_TIMESTAMP_OUT_OF_RANGE: error(TEXT_AND_PROTOBUF, 'a timestamp is beyond ±(2^53-1) ms, more than a JavaScript number holds exactly'),
  E_SPURIOUS_AFTER_TIMESTAMP: error(TEXT, 'text follows the timestamp of a sample line'),
  // Text 0.0.4: families.
  E_DUPLICATE_HELP: error(TEXT, 'a second HELP line for the same metric'),
  E_DUPLICATE_TYPE: error(TEXT, 'a second TYPE line for the same metric, or a TYPE line after its samples'),
  E_UNKNOWN_TYPE: error(TEXT, 'a TYPE line names a type other than counter, gauge, summary, histogram or untyped'),
  E_INVALID_QUANTILE: error(TEXT_AND_PROTOBUF, 'a summary quantile is not a number, or is NaN'),
  E_MISSING_QUANTILE: error(TEXT, 'a summary sample that is not _sum or _count has no quantile label'),
  E_INVALID_LE: error(TEXT_AND_PROTOBUF, "a histogram bucket's upper bound (le) is not a number, or is NaN"),
  E_MISSING_LE: error(TEXT, 'a histogram _bucket sample has no le label'),
  E_MISPLACED_LABEL: error(TEXT_AND_PROTOBUF, 'a quantile or le label where it does not belong (on _sum or _count, or explicit in protobuf)'),
  E_HISTOGRAM_BARE_SAMPLE: error(TEXT, 'a histogram sample without a _bucket, _sum or _count suffix'),
  E_NEGATIVE_COUNT: error(TEXT_AND_PROTOBUF, 'a histogram _count or bucket count is negative'),
  E_DUPLICATE_SAMPLE: error(TEXT, 'a second _sum or _count sample for the same summary or histogram label set'),

  // OpenMetrics: bytes and lines.
  E_OM_INVALID_UTF8: error(OPENMETRICS, 'the input is not valid UTF-8'),
  E_OM_BOM: error(OPENMETRICS, 'the input starts with a byte order mark'),
  E_OM_BLANK_LINE: error(OPENMETRICS, 'an empty line'),
  E_OM_MISSING_EOF: error(OPENMETRICS, 'the input does not end with the line # EOF'),
  E_OM_TEXT_AFTER_EOF: error(OPENMETRICS, 'something follows the # EOF line'),
  E_OM_INVALID_COMMENT: error(OPENMETRICS, 'a # line other than HELP, TYPE, UNIT or EOF (OpenMetrics has no comments)'),
  // OpenMetrics: syntax of a metadata or sample line.
  E_OM_INVALID_METADATA: error(OPENMETRICS, 'a HELP, TYPE or UNIT line is malformed'),
  E_OM_UNKNOWN_TYPE: error(OPENMETRICS, 'a TYPE line names a type OpenMetrics does not have'),
  E_OM_INVALID_UNIT: error(OPENMETRICS, 'a UNIT has characters a metric name may not have'),
  E_OM_INVALID_METRIC_NAME: error(OPENMETRICS, 'a metric name is missing or has characters a name may not have'),
  E_OM_INVALID_LABEL_NAME: error(OPENMETRICS, 'a label name has characters a name may not have'),
  E_OM_EXPECTED_EQUALS: error(OPENMETRICS, 'a label name is not followed by "="'),
  E_OM_EXPECTED_QUOTE: error(OPENMETRICS, 'a label value does not start with a double quote'),
  E_OM_UNTERMINATED_LABEL_VALUE: error(OPENMETRICS, 'a label value has no closing quote'),
  E_OM_EXPECTED_COMMA_OR_BRACE: error(OPENMETRICS, 'a label value is not followed by "," or "}"'),
  E_OM_DUPLICATE_LABEL_NAME: error(OPENMETRICS, 'the same label name appears twice in one label set'),
  E_OM_EXPECTED_SPACE: error(OPENMETRICS, 'the metric name or label set is not followed by one space and a value'),
  E_OM_INVALID_VALUE: error(OPENMETRICS, 'a sample value is not a number'),
  E_OM_INVALID_TIMESTAMP: error(OPENMETRICS, 'a timestamp is not a number of seconds'),
  E_OM_INVALID_EXEMPLAR: error(OPENMETRICS, 'an exemplar (after " # ") is malformed'),
  E_OM_EXEMPLAR_TOO_LONG: error(OPENMETRICS, "an exemplar's label names and values are longer than 128 code points"),
  // OpenMetrics: metadata and family names.
  E_OM_DUPLICATE_METADATA: error(OPENMETRICS, 'a second HELP, TYPE or UNIT line for the same metric'),
  E_OM_METADATA_AFTER_SAMPLES: error(OPENMETRICS, "a HELP, TYPE or UNIT line after the metric's samples"),
  E_OM_UNIT_MISMATCH: error(OPENMETRICS, 'a metric name does not end in its UNIT'),
  E_OM_UNIT_NOT_ALLOWED: error(OPENMETRICS, 'a UNIT on an info or stateset metric'),
  E_OM_CLASHING_NAME: error(OPENMETRICS, "a name clashes with another family's sample names, or a family's lines are interleaved with another's"),
  // OpenMetrics: grouping and timestamps.
  E_OM_INVALID_GROUPING: error(OPENMETRICS, 'the samples of one label set are interrupted by another label set'),
  E_OM_TIMESTAMP_PRESENCE: error(OPENMETRICS, 'some samples of a group have a timestamp and others do not'),
  E_OM_TIMESTAMP_BACKWARDS: error(OPENMETRICS, 'timestamps go backwards within a group'),
  // OpenMetrics: values by type.
  E_OM_NEGATIVE_VALUE: error(OPENMETRICS, 'a counter, count, bucket or quantile value is negative'),
  E_OM_NAN_VALUE: error(OPENMETRICS, 'a counter, count or bucket value is NaN'),
  E_OM_NOT_INTEGER: error(OPENMETRICS, 'a count or bucket value is not a whole number'),
  E_OM_INVALID_CREATED: error(OPENMETRICS, 'a _created value is not a finite number of seconds'),
  E_OM_MISSING_TOTAL: error(OPENMETRICS, 'a counter point has _created but no _total sample'),
  E_OM_STATESET_LABEL_MISSING: error(OPENMETRICS, 'a stateset sample lacks the label named after its metric'),
  E_OM_STATESET_VALUE: error(OPENMETRICS, 'a stateset value other than 0 or 1'),
  E_OM_INFO_VALUE: error(OPENMETRICS, 'an info value other than 1'),
  E_OM_MISSING_QUANTILE: error(OPENMETRICS, 'a summary sample that is not _sum, _count or _created has no quantile label'),
  E_OM_INVALID_QUANTILE: error(OPENMETRICS, 'a quantile label is not a number from 0 to 1'),
  E_OM_MISSING_LE: error(OPENMETRICS, 'a histogram _bucket sample has no le label'),
  E_OM_INVALID_LE: error(OPENMETRICS, 'an le label is not a number, or positive infinity is not written "+Inf"'),
  E_OM_MISPLACED_LABEL: error(OPENMETRICS, 'a quantile or le label on a sample it does not belong on'),
  // OpenMetrics: histogram points.
  E_OM_BUCKETS_OUT_OF_ORDER: error(OPENMETRICS, 'histogram bucket bounds (le) do not strictly increase'),
  E_OM_BUCKET_VALUES_OUT_OF_ORDER: error(OPENMETRICS, 'histogram bucket counts decrease (buckets are cumulative)'),
  E_OM_MISSING_INF_BUCKET: error(OPENMETRICS, 'a histogram point has no le="+Inf" bucket'),
  E_OM_COUNT_MISMATCH: error(OPENMETRICS, 'a histogram _count (or _gcount) differs from its +Inf bucket'),
  E_OM_SUM_COUNT_PAIR: error(OPENMETRICS, 'a histogram point has _sum without _count, or _count without _sum'),
  E_OM_SUM_WITH_NEGATIVE_BUCKETS: error(OPENMETRICS, 'a histogram with a negative bucket bound has a _sum'),
  E_OM_NEGATIVE_GSUM: error(OPENMETRICS, 'a gauge histogram without negative bucket bounds has a negative _gsum'),
  // OpenMetrics: exemplars.
  E_OM_EXEMPLAR_NOT_ALLOWED: error(OPENMETRICS, 'an exemplar on a sample other than a counter _total or a histogram _bucket'),

  // Protobuf.
  E_PROTOBUF_TOO_LARGE: error(PROTOBUF, 'the body is larger than the size limit; nothing was decoded'),
  E_PROTOBUF_LENGTH: error(PROTOBUF, "a message's length prefix says more bytes than the body has left"),
  E_PROTOBUF_TRUNCATED: error(PROTOBUF, 'the body ends inside a length prefix, or a field runs past the end of its message'),
  E_PROTOBUF_WIRE_TYPE: error(PROTOBUF, 'a field has another wire type than the schema gives it'),
  E_PROTOBUF_MALFORMED: error(PROTOBUF, 'bytes that are not protobuf (an overlong varint, a bad wire type, field number 0)'),
  E_PROTOBUF_INVALID_UTF8: error(PROTOBUF, 'a string field (a name, help, label) is not valid UTF-8'),
  E_PROTOBUF_MISSING_NAME: error(PROTOBUF, 'a MetricFamily has no name, or an empty one'),
  E_PROTOBUF_DUPLICATE_FAMILY: error(PROTOBUF, 'a second MetricFamily of the same name in one body'),
  E_PROTOBUF_UNKNOWN_TYPE: error(PROTOBUF, 'a MetricType number the schema does not define'),
  E_PROTOBUF_TYPE_MISMATCH: error(PROTOBUF, "a metric lacks the value its family's type needs"),
  W_PROTOBUF_INEXACT_INTEGER: warning(PROTOBUF, 'a uint64 or int64 count or delta beyond 2^53 that no double holds is kept as the nearest one'),
  W_PROTOBUF_UNKNOWN_FIELD: warning(PROTOBUF, 'fields the schema does not name (a newer schema) are dropped'),

  // Validation rules: structure and values.
  E_BUCKET_ORDER: error(VALIDATE, 'histogram bucket bounds (le) do not strictly increase'),
  E_BUCKET_DECREASING: error(VALIDATE, 'histogram bucket counts decrease (buckets are cumulative)'),
  E_MISSING_INF_BUCKET: error(VALIDATE, 'a histogram has no le="+Inf" bucket'),
  E_COUNT_MISMATCH: error(VALIDATE, 'a histogram _count differs from its +Inf bucket'),
  E_SUM_COUNT_PAIR: error(VALIDATE, 'a summary or histogram has _sum without _count, or _count without _sum'),
  E_INVALID_COUNTER_VALUE: error(VALIDATE, 'a counter value is negative or NaN'),
  E_INVALID_COUNT: error(VALIDATE, 'a summary or histogram count is negative or NaN'),
  W_NON_INTEGER_COUNT: warning(VALIDATE, 'a summary or histogram count is not a whole number'),
  E_QUANTILE_RANGE: error(VALIDATE, 'a summary quantile is outside [0, 1]'),
  // Validation rules: native histograms (the gateway refuses a push that breaks one).
  E_NATIVE_SCHEMA: error(VALIDATE, 'a native histogram schema outside -4..8 (or -53, custom buckets, with a negative or zero bucket)'),
  E_NATIVE_SPANS: error(VALIDATE, 'native histogram spans do not cover exactly the deltas or counts sent (or a later span has a negative offset)'),
  E_NATIVE_NEGATIVE_BUCKET: error(VALIDATE, 'a native histogram bucket (deltas summed up) or zero bucket counts below 0'),
  E_NATIVE_COUNT: error(VALIDATE, "a native histogram's sample count is less than its buckets and zero bucket hold"),
  E_NATIVE_ZERO_THRESHOLD: error(VALIDATE, "a native histogram's zero threshold is negative"),
  E_NATIVE_NAN: error(VALIDATE, "a native histogram's zero threshold, zero count or a bucket count is NaN"),
  // Validation rules: which series and families a payload names.
  E_DUPLICATE_SERIES: error(VALIDATE_AND_MERGE, 'the same series (name and label set) appears twice, in one payload or across groups'),
  E_RESERVED_LABEL_PREFIX: error(VALIDATE, 'a label name starts with "__", which is reserved for Prometheus'),
  E_NAME_COLLISION: error(VALIDATE_AND_MERGE, "a family is named like a summary's or histogram's samples (x_count, x_sum, x_bucket)"),
  W_FAMILY_SPLIT: warning(VALIDATE, "a family's lines are split by another family's lines"),
  // Validation rules: a push to a gateway group (lint --group, the gateway).
  E_TIMESTAMP_NOT_ALLOWED: error(VALIDATE, 'a pushed sample has a timestamp'),
  W_GROUPING_LABEL_OVERRIDDEN: warning(VALIDATE, "a label is replaced by the grouping key's value of the same name"),
  // Validation rules: naming conventions (promtool check metrics).
  W_NO_HELP: warning(VALIDATE, 'a family has no HELP text'),
  W_NON_BASE_UNIT: warning(VALIDATE, 'a name uses a unit other than the base unit (milliseconds, not seconds)'),
  W_COUNTER_TOTAL: warning(VALIDATE, 'a counter name does not end in _total'),
  W_NON_COUNTER_TOTAL: warning(VALIDATE, 'a name ends in _total but is not a counter'),
  W_BUCKET_SUFFIX: warning(VALIDATE, 'a name ends in _bucket but is not a histogram'),
  W_COUNT_SUM_SUFFIX: warning(VALIDATE, 'a name ends in _count or _sum but is not a summary or histogram'),
  W_LE_LABEL: warning(VALIDATE, 'a family other than a histogram has an le label'),
  W_QUANTILE_LABEL: warning(VALIDATE, 'a family other than a summary has a quantile label'),
  W_TYPE_IN_NAME: warning(VALIDATE, 'a name contains a type (_counter, _gauge, _summary, _histogram)'),
  W_COLON_IN_NAME: warning(VALIDATE, 'a name contains ":", which is meant for recording rules'),
  W_CAMEL_CASE: warning(VALIDATE, 'a metric or label name is camelCase, not snake_case'),
  W_ABBREVIATED_UNIT: warning(VALIDATE, 'a name contains an abbreviated unit (_ms, _kb, _sec, ...)'),
  // Validation rules: UTF-8 names (Prometheus 3).
  W_UTF8_NAME: warning(VALIDATE, 'a metric or label name is valid only as a UTF-8 name (quoted), not as a legacy name'),
  W_ESCAPED_NAME_COLLISION: warning(VALIDATE, 'two names are the same once escaped with underscores, as scrapers without UTF-8 support get them'),

  // Merging groups into one page.
  E_TYPE_CONFLICT: error(MERGE, 'a family has different types in different groups'),
  I_HELP_CONFLICT: info(MERGE, "a family has different HELP texts in different groups (the first group's is served)"),
  E_OWN_TYPE_CONFLICT: error(MERGE, "a pushed family has another type than the gateway's own family of that name"),
  E_OWN_NAME_COLLISION: error(MERGE, "a pushed family's name collides with the gateway's own families or their sample names"),

  // Writing text 0.0.4 from OpenMetrics.
  I_UNIT_DROPPED: info(RENDER, 'text 0.0.4 has no UNIT: the unit is left out'),
  I_TYPE_CHANGED: info(RENDER, 'text 0.0.4 lacks the type: the family is written as the nearest 0.0.4 type'),
  I_CREATED_DROPPED: info(RENDER, 'text 0.0.4 has no _created: the created timestamps are left out'),
  I_EXEMPLAR_DROPPED: info(RENDER, 'text 0.0.4 has no exemplars: they are left out'),
  I_TIMESTAMP_ROUNDED: info(RENDER, 'timestamps finer than the format holds are rounded (0.0.4: whole ms; OpenMetrics: float seconds, no nanoseconds)'),
  I_NATIVE_BUCKETS_DROPPED: info(RENDER, 'the text formats have no native histograms: only the classic buckets (or +Inf), _sum and _count are written'),
} as const satisfies Record<string, CodeInfo>;

/** A stable diagnostic code, e.g. `E_INVALID_ESCAPE`. */
export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.hasOwn(CODES, value);
}

/** One row of the code list, as `lint --list-rules` and the README print it. */
export interface CodeRow {
  code: Code;
  severity: Severity;
  /** The stages, comma-separated. */
  stage: string;
  description: string;
}

/** Every code, sorted by code (code-unit order, so the same on every machine). */
export function codeRows(): CodeRow[] {
  return (Object.keys(CODES) as Code[])
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((code) => {
      const { severity, stages, description } = CODES[code];
      return { code, severity, stage: stages.join(','), description };
    });
}
