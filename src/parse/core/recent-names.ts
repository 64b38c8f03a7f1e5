/**
 * Names repeat line after line: a family's samples share the metric name, and their label
 * sets share the label names. A scanner asks this for a name at a place of the text; when
 * the code units there spell the name read last time (at that label position), it gets
 * the same string back instead of a new slice. Comparing code units costs less than the
 * slice, and the builders' comparisons of equal names become pointer compares.
 */
import { commonLength } from './code-units.js';
import { isMetricNameChar } from './chars.js';

export class RecentNames {
  /** The metric name read by the last `readMetricName`. */
  metricName = '';
  /**
   * How many leading code units the name read last shares with the one read before it
   * (0 at the start of a text): the OpenMetrics builder learns from it that a sample's
   * name starts with its family's without comparing strings.
   */
  sharedPrefix = 0;
  /** Where `metricName` starts in the current text; -1 when it is not in it. */
  private metricNameStart = -1;
  /**
   * This line's and the previous line's label names by position, and where each starts
   * (-1: not comparable). Entries past a line's labels are left from older lines: stale,
   * but each name still matches its start, which is all a reuse needs.
   */
  private labelNames: string[] = [];
  private labelStarts: number[] = [];
  private previousLabelNames: string[] = [];
  private previousLabelStarts: number[] = [];

  /** A new text: positions into the old one mean nothing any more. */
  newText(): void {
    this.metricNameStart = -1;
    this.labelStarts.fill(-1);
    this.previousLabelStarts.fill(-1);
  }

  /**
   * Reads the legacy metric name at `start` (its first character is known to be valid)
   * into `metricName`; returns the index after it.
   */
  readMetricName(codes: Uint16Array, text: string, start: number): number {
    let pos = start;
    const previousStart = this.metricNameStart;
    this.sharedPrefix = 0;
    if (previousStart >= 0) {
      const n = this.metricName.length;
      const same = commonLength(codes, start, previousStart, n);
      this.sharedPrefix = same;
      if (same === n && !isMetricNameChar(codes[start + n])) return start + n;
      // What matched is name characters: read on from there.
      if (same > 0) pos = start + same - 1;
    }
    while (isMetricNameChar(codes[++pos]));
    this.metricName = text.slice(start, pos);
    this.metricNameStart = start;
    return pos;
  }

  /** The `k`th label name of this line, read at `text[start, end)`. */
  labelName(codes: Uint16Array, text: string, k: number, start: number, end: number): string {
    const candidate = this.previousLabelNames[k];
    const at = this.previousLabelStarts[k];
    const n = end - start;
    const name = at >= 0 && candidate.length === n && commonLength(codes, start, at, n) === n ? candidate : text.slice(start, end);
    this.labelNames[k] = name;
    this.labelStarts[k] = start;
    return name;
  }

  /** The `k`th label name of this line was spelled with escapes: nothing to compare. */
  unspelledLabelName(k: number): void {
    this.labelStarts[k] = -1;
  }

  /** The line is over: its label names are the ones the next line compares with. */
  nextLine(): void {
    const names = this.previousLabelNames;
    const starts = this.previousLabelStarts;
    this.previousLabelNames = this.labelNames;
    this.previousLabelStarts = this.labelStarts;
    this.labelNames = names;
    this.labelStarts = starts;
  }
}
