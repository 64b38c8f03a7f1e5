/**
 * families -> diagnostics: every rule of this folder over one payload. Rules are listed
 * here in the order their findings are reported; each can be turned off by its code.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { counterValue, countIsInteger, countNotNegative, quantileRange } from './count-rules.js';
import { groupingLabelOverride, noTimestamps } from './gateway-rules.js';
import { bucketCountsCumulative, bucketOrder, countMatchesInfBucket, infBucket, sumCountTogether } from './histogram-rules.js';
import { nativeBucketsNotNegative, nativeCountCoversBuckets, nativeNoNaN, nativeSchema, nativeSpans, nativeZeroThreshold } from './native-histogram-rules.js';
import { duplicateSeries, familySplit, reservedLabelPrefix, suffixCollision } from './identity-rules.js';
import {
  abbreviatedUnit,
  baseUnit,
  bucketSuffix,
  camelCaseName,
  colonInName,
  counterTotal,
  countSumSuffix,
  helpPresent,
  leLabel,
  nonCounterTotal,
  quantileLabel,
  typeInName,
} from './naming-rules.js';
import { type Rule, type ValidateOptions, toDiagnostic } from './rule.js';
import { escapedNameCollision, utf8Name } from './utf8-name-rules.js';

export type { ValidateOptions };

export const RULES: readonly Rule[] = [
  bucketOrder,
  bucketCountsCumulative,
  infBucket,
  countMatchesInfBucket,
  sumCountTogether,
  counterValue,
  countNotNegative,
  countIsInteger,
  quantileRange,
  nativeSchema,
  nativeSpans,
  nativeBucketsNotNegative,
  nativeCountCoversBuckets,
  nativeZeroThreshold,
  nativeNoNaN,
  duplicateSeries,
  reservedLabelPrefix,
  suffixCollision,
  familySplit,
  noTimestamps,
  groupingLabelOverride,
  helpPresent,
  baseUnit,
  counterTotal,
  nonCounterTotal,
  bucketSuffix,
  countSumSuffix,
  leLabel,
  quantileLabel,
  typeInName,
  colonInName,
  camelCaseName,
  abbreviatedUnit,
  utf8Name,
  escapedNameCollision,
];

/** Diagnostics sorted by line (stable: rule order within a line). */
export function validate(families: readonly MetricFamily[], options: ValidateOptions = {}): Diagnostic[] {
  const disabled = new Set(options.disable ?? []);
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) {
    if (disabled.has(rule.code) || (options.errorsOnly && rule.severity !== 'error')) continue;
    rule.check(families, { options, report: (finding) => diagnostics.push(toDiagnostic(rule, finding)) });
  }
  return diagnostics.sort((a, b) => a.line - b.line);
}
