/**
 * The stable diagnostic codes of the OpenMetrics 1.0 parser, and the error it throws
 * internally. Every code starts `E_OM_` so users can grep for and filter the dialect's
 * findings apart from the 0.0.4 parser's.
 */
import type { Code } from '../../diagnostics.js';

export const OpenMetricsCode = {
  // Bytes and lines.
  INVALID_UTF8: 'E_OM_INVALID_UTF8',
  BOM: 'E_OM_BOM',
  BLANK_LINE: 'E_OM_BLANK_LINE',
  MISSING_EOF: 'E_OM_MISSING_EOF',
  TEXT_AFTER_EOF: 'E_OM_TEXT_AFTER_EOF',
  INVALID_COMMENT: 'E_OM_INVALID_COMMENT',
  // Syntax of a metadata or sample line.
  INVALID_METADATA: 'E_OM_INVALID_METADATA',
  UNKNOWN_TYPE: 'E_OM_UNKNOWN_TYPE',
  INVALID_UNIT: 'E_OM_INVALID_UNIT',
  INVALID_METRIC_NAME: 'E_OM_INVALID_METRIC_NAME',
  INVALID_LABEL_NAME: 'E_OM_INVALID_LABEL_NAME',
  EXPECTED_EQUALS: 'E_OM_EXPECTED_EQUALS',
  EXPECTED_QUOTE: 'E_OM_EXPECTED_QUOTE',
  UNTERMINATED_LABEL_VALUE: 'E_OM_UNTERMINATED_LABEL_VALUE',
  EXPECTED_COMMA_OR_BRACE: 'E_OM_EXPECTED_COMMA_OR_BRACE',
  DUPLICATE_LABEL_NAME: 'E_OM_DUPLICATE_LABEL_NAME',
  EXPECTED_SPACE: 'E_OM_EXPECTED_SPACE',
  INVALID_VALUE: 'E_OM_INVALID_VALUE',
  INVALID_TIMESTAMP: 'E_OM_INVALID_TIMESTAMP',
  INVALID_EXEMPLAR: 'E_OM_INVALID_EXEMPLAR',
  EXEMPLAR_TOO_LONG: 'E_OM_EXEMPLAR_TOO_LONG',
  // Metadata and family names.
  DUPLICATE_METADATA: 'E_OM_DUPLICATE_METADATA',
  METADATA_AFTER_SAMPLES: 'E_OM_METADATA_AFTER_SAMPLES',
  UNIT_MISMATCH: 'E_OM_UNIT_MISMATCH',
  UNIT_NOT_ALLOWED: 'E_OM_UNIT_NOT_ALLOWED',
  CLASHING_NAME: 'E_OM_CLASHING_NAME',
  // Grouping and timestamps.
  INVALID_GROUPING: 'E_OM_INVALID_GROUPING',
  TIMESTAMP_PRESENCE: 'E_OM_TIMESTAMP_PRESENCE',
  TIMESTAMP_BACKWARDS: 'E_OM_TIMESTAMP_BACKWARDS',
  // Values by type.
  NEGATIVE_VALUE: 'E_OM_NEGATIVE_VALUE',
  NAN_VALUE: 'E_OM_NAN_VALUE',
  NOT_INTEGER: 'E_OM_NOT_INTEGER',
  INVALID_CREATED: 'E_OM_INVALID_CREATED',
  MISSING_TOTAL: 'E_OM_MISSING_TOTAL',
  STATESET_LABEL_MISSING: 'E_OM_STATESET_LABEL_MISSING',
  STATESET_VALUE: 'E_OM_STATESET_VALUE',
  INFO_VALUE: 'E_OM_INFO_VALUE',
  MISSING_QUANTILE: 'E_OM_MISSING_QUANTILE',
  INVALID_QUANTILE: 'E_OM_INVALID_QUANTILE',
  MISSING_LE: 'E_OM_MISSING_LE',
  INVALID_LE: 'E_OM_INVALID_LE',
  MISPLACED_LABEL: 'E_OM_MISPLACED_LABEL',
  // Histogram points.
  BUCKETS_OUT_OF_ORDER: 'E_OM_BUCKETS_OUT_OF_ORDER',
  BUCKET_VALUES_OUT_OF_ORDER: 'E_OM_BUCKET_VALUES_OUT_OF_ORDER',
  MISSING_INF_BUCKET: 'E_OM_MISSING_INF_BUCKET',
  COUNT_MISMATCH: 'E_OM_COUNT_MISMATCH',
  SUM_COUNT_PAIR: 'E_OM_SUM_COUNT_PAIR',
  SUM_WITH_NEGATIVE_BUCKETS: 'E_OM_SUM_WITH_NEGATIVE_BUCKETS',
  NEGATIVE_GSUM: 'E_OM_NEGATIVE_GSUM',
  // Exemplars.
  EXEMPLAR_NOT_ALLOWED: 'E_OM_EXEMPLAR_NOT_ALLOWED',
} as const satisfies Record<string, Code>;
export type OpenMetricsCode = (typeof OpenMetricsCode)[keyof typeof OpenMetricsCode];

/**
 * An error of the line being parsed, at a UTF-16 index of the text, or (`line` set) an
 * error placed explicitly: one found later about an earlier line, such as a histogram
 * point that ended without its `+Inf` bucket, reported at `column` (default 1) of it.
 */
export class OmError {
  constructor(
    readonly code: OpenMetricsCode,
    readonly message: string,
    readonly index: number,
    readonly family?: string,
    readonly line?: number,
    readonly column = 1,
  ) {}
}
