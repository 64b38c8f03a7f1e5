/**
 * Rules about one sample's numbers, checked before the sample joins its point: what
 * values each type allows (counter-like samples are neither NaN nor negative, counts are
 * whole, stateset 0/1, info 1), and the `le` and `quantile` labels. Messages open with the
 * reference parser's wording (client_python) so a search finds both.
 */
import type { Exemplar, Labels } from '../../../model.js';
import { parseGoFloatString } from '../../core/float.js';
import { goQuote } from '../../core/go-quote.js';
import { OmError, OpenMetricsCode as Code } from '../codes.js';
import { type OmType, Role } from './names.js';

/** What the builder reads of a scanned sample line (the scanner has these fields). */
export interface OmSample {
  readonly name: string;
  readonly nameIndex: number;
  /** Leading code units `name` shares with the metric name of the line before (0: unknown). */
  readonly namePrefixShared: number;
  readonly labels: Labels;
  /** Input index of each label pair's name. */
  readonly labelIndexes: readonly number[];
  /** Each label pair's hash, and the label set's: their sum (label-set-hash.ts). */
  readonly pairHashes: readonly number[];
  readonly labelsHash: number;
  readonly value: number;
  readonly valueIndex: number;
  readonly timestamp: number | undefined;
  readonly timestampIndex: number;
  readonly exemplar: Exemplar | undefined;
  readonly exemplarIndex: number;
  /** The input, and the label set's text in it (between the braces), for cheap group keys. */
  readonly text: string;
  readonly labelsStart: number;
  readonly labelsEnd: number;
  /** A label value has an unknown escape, so the text is not the canonical spelling. */
  readonly labelsEscaped: boolean;
}

/** Throws when the sample's value is not allowed for its role in a family of `type`. */
export function checkValue(type: OmType, role: Role, s: OmSample, family: string): void {
  const v = s.value;
  switch (role) {
    case Role.Value:
      if (type === 'stateset' && v !== 0 && v !== 1) {
        throw new OmError(Code.STATESET_VALUE, `Stateset samples can only have values zero and one: ${s.name} is ${v}`, s.valueIndex, family);
      }
      if (type === 'info' && v !== 1) {
        throw new OmError(Code.INFO_VALUE, `Info samples can only have value one: ${s.name} is ${v}`, s.valueIndex, family);
      }
      return;
    case Role.Total:
      counterLike(s, family);
      return;
    case Role.Bucket:
    case Role.Count:
      counterLike(s, family);
      if (!Number.isInteger(v)) {
        throw new OmError(Code.NOT_INTEGER, `Count and bucket values must be integers: ${s.name} is ${v}`, s.valueIndex, family);
      }
      return;
    case Role.Sum:
      if (v !== v) throw new OmError(Code.NAN_VALUE, `Counter-like samples cannot be NaN: ${s.name}`, s.valueIndex, family);
      // A gaugehistogram's _gsum may be negative when a bucket is; the point checks that.
      if (v < 0 && type !== 'gaugehistogram') {
        throw new OmError(Code.NEGATIVE_VALUE, `Counter-like samples cannot be negative: ${s.name} is ${v}`, s.valueIndex, family);
      }
      return;
    case Role.Created:
      if (!Number.isFinite(v)) {
        throw new OmError(Code.INVALID_CREATED, `_created is a timestamp in seconds and must be finite: ${s.name} is ${v}`, s.valueIndex, family);
      }
      return;
    case Role.Quantile:
      if (v < 0) throw new OmError(Code.NEGATIVE_VALUE, `Quantile values cannot be negative: ${s.name} is ${v}`, s.valueIndex, family);
      return;
  }
}

function counterLike(s: OmSample, family: string): void {
  const v = s.value;
  if (v !== v) throw new OmError(Code.NAN_VALUE, `Counter-like samples cannot be NaN: ${s.name}`, s.valueIndex, family);
  if (v < 0) throw new OmError(Code.NEGATIVE_VALUE, `Counter-like samples cannot be negative: ${s.name} is ${v}`, s.valueIndex, family);
}

/**
 * An `le` value. Non-canonical spellings (`1`, `1e-04`) are fine; NaN is not, and +Inf
 * must be spelled exactly `+Inf` (the spec's one canonical number a parser enforces).
 */
export function parseLe(raw: string, index: number, family: string): number {
  const le = parseGoFloatString(raw);
  if (le === undefined || le !== le) {
    throw new OmError(Code.INVALID_LE, `Invalid le label: expected a number, found ${goQuote(raw)}`, index, family);
  }
  if (le === Infinity && raw !== '+Inf') {
    throw new OmError(Code.INVALID_LE, `Invalid le label: positive infinity must be written "+Inf", found ${goQuote(raw)}`, index, family);
  }
  return le;
}

/** A `quantile` value: a number from 0 to 1. */
export function parseQuantile(raw: string, index: number, family: string): number {
  const q = parseGoFloatString(raw);
  if (q === undefined || !(q >= 0 && q <= 1)) {
    throw new OmError(Code.INVALID_QUANTILE, `Invalid quantile label: expected a number from 0 to 1, found ${goQuote(raw)}`, index, family);
  }
  return q;
}
