/**
 * A point under construction: the samples of one Metric at one timestamp (a MetricPoint).
 * The builder opens one when a sample starts a new label group or a new timestamp, feeds
 * it the point's samples, and closes it when the next point (or family) starts; checks
 * that need every sample of the point run on close.
 */
import type { Labels } from '../../../model.js';
import type { OmError } from '../codes.js';
import type { Role } from './names.js';
import type { OmSample } from './values.js';

/** Where a sample's bound (`le`, `quantile`, the stateset label) was, already parsed. */
export interface Bound {
  /** The parsed `le` or `quantile`; 0 when the sample has none. */
  value: number;
  /** The label value as written (for stateset: the state); '' when none. */
  text: string;
  /** Input index of the label's name, for error columns. */
  index: number;
}

export interface Point {
  /**
   * Adds a sample. `labels` is the sample's label set as the model stores it (without
   * `le` or `quantile`). A repeat of a sample already in the point is dropped: the
   * reference parser keeps the first.
   */
  add(s: OmSample, role: Role, labels: Labels, bound: Bound, line: number): void;
  /** Checks what needs the whole point; reports (does not throw) what is wrong. */
  close(report: (error: OmError) => void): void;
}
