/**
 * Which sample names belong to a family of each type (docs/format-rules.md §10, the table
 * of suffixes), and the role each sample plays in its family's points. The same table
 * gives the names a family *claims*: no other family may use them (`Clashing name`).
 */
import type { MetricType } from '../../../model.js';

/** What a sample contributes to its point. */
export const Role = {
  /** The one value of a gauge, unknown, stateset or info sample. */
  Value: 0,
  Total: 1,
  Created: 2,
  Bucket: 3,
  /** `_count`, or `_gcount` of a gaugehistogram. */
  Count: 4,
  /** `_sum`, or `_gsum` of a gaugehistogram. */
  Sum: 5,
  /** A summary sample without suffix. */
  Quantile: 6,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** The OpenMetrics types; `untyped` is not one of them. */
export type OmType = Exclude<MetricType, 'untyped'>;

const SUFFIXES: Record<OmType, ReadonlyArray<readonly [string, Role]>> = {
  counter: [
    ['_total', Role.Total],
    ['_created', Role.Created],
  ],
  gauge: [['', Role.Value]],
  unknown: [['', Role.Value]],
  stateset: [['', Role.Value]],
  info: [['_info', Role.Value]],
  summary: [
    ['', Role.Quantile],
    ['_count', Role.Count],
    ['_sum', Role.Sum],
    ['_created', Role.Created],
  ],
  histogram: [
    ['_bucket', Role.Bucket],
    ['_count', Role.Count],
    ['_sum', Role.Sum],
    ['_created', Role.Created],
  ],
  gaugehistogram: [
    ['_bucket', Role.Bucket],
    ['_gcount', Role.Count],
    ['_gsum', Role.Sum],
  ],
};

/**
 * The role of sample `name` in family `family` of `type`, or -1 when it is not one of its
 * samples. `startsWithFamily`: the caller knows that `name` starts with `family`.
 */
export function roleOf(family: string, type: OmType, name: string, startsWithFamily = false): Role | -1 {
  if (!startsWithFamily && !name.startsWith(family)) return -1;
  const extra = name.length - family.length;
  const suffixes = SUFFIXES[type];
  for (let i = 0; i < suffixes.length; i++) {
    const [suffix, role] = suffixes[i];
    if (suffix.length === extra && name.endsWith(suffix)) return role;
  }
  return -1;
}

/** Every suffix a sample name can have, each once. None of them ends with another. */
export const SAMPLE_SUFFIXES: readonly string[] = ['_total', '_created', '_info', '_bucket', '_count', '_sum', '_gcount', '_gsum'];

/** Per type: the indexes into SAMPLE_SUFFIXES of its sample names' suffixes, in table order. */
export const SUFFIX_INDEXES: Readonly<Record<OmType, readonly number[]>> = Object.fromEntries(
  Object.entries(SUFFIXES).map(([type, entries]) => [type, entries.filter(([suffix]) => suffix !== '').map(([suffix]) => SAMPLE_SUFFIXES.indexOf(suffix))]),
) as Record<OmType, number[]>;

/** The index into SAMPLE_SUFFIXES of the suffix `name` ends with, or -1. */
export function sampleSuffixOf(name: string): number {
  // The last character rules out most names before any comparison of strings.
  switch (name.charCodeAt(name.length - 1)) {
    case 0x6c: // l
      return name.endsWith('_total') ? 0 : -1;
    case 0x64: // d
      return name.endsWith('_created') ? 1 : -1;
    case 0x6f: // o
      return name.endsWith('_info') ? 2 : -1;
    case 0x74: // t
      return name.endsWith('_bucket') ? 3 : name.endsWith('_count') ? 4 : name.endsWith('_gcount') ? 6 : -1;
    case 0x6d: // m
      return name.endsWith('_sum') ? 5 : name.endsWith('_gsum') ? 7 : -1;
    default:
      return -1;
  }
}

/** `a_total, a_created` for messages. */
export function sampleNamesText(family: string, type: OmType): string {
  return SUFFIXES[type].map(([suffix]) => family + suffix).join(', ');
}

/**
 * The model names counter and info families after their samples (`x_total`, `x_info`),
 * as expfmt and Prometheus do; the renderer strips the suffix again for the metadata.
 */
export function modelName(family: string, type: OmType): string {
  if (type === 'counter') return `${family}_total`;
  if (type === 'info') return `${family}_info`;
  return family;
}
