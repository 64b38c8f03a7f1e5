/**
 * Which sample names belong to a family of each type (format-rules.md §10, the table of
 * suffixes), and the role each sample plays in its family's points. The same table gives
 * the names a family *claims*: no other family may use them (`Clashing name`).
 */
import type { MetricType } from '../../model.js';

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

/** Every name a family claims: its own and each of its sample names. */
export function claimedNames(family: string, type: OmType): string[] {
  const names = [family];
  for (const [suffix] of SUFFIXES[type]) if (suffix !== '') names.push(family + suffix);
  return names;
}

/** `a_total, a_created` for messages. */
export function sampleNamesText(family: string, type: OmType): string {
  return SUFFIXES[type].map(([suffix]) => family + suffix).join(', ');
}

/** The suffix a role is written with in family `type`, for messages. */
export function suffixOf(type: OmType, role: Role): string {
  for (const [suffix, r] of SUFFIXES[type]) if (r === role) return suffix;
  return '';
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
