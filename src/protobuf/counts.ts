/**
 * How a model count maps to the schema's pair of count fields and back.
 *
 * A histogram's `sample_count` and a bucket's `cumulative_count` are uint64, each with a
 * double beside it (`*_float`) that "overrides [it] if > 0" (float histograms). A count the
 * uint64 holds exactly goes there, as Go clients write it; any other (a fraction, +Inf,
 * 2^64 and up, and the invalid NaN, negative and -0) goes to the double alone, so that
 * decoding gives back exactly the model's number. A summary's `sample_count` has no
 * double beside it: its count is truncated to an integer, as Go's text parser does.
 */

const TWO_POW_64 = 2 ** 64;
const UINT64_MAX = (1n << 64n) - 1n;

/** Whether the uint64 field carries `count` exactly. */
export function fitsUint64(count: number): boolean {
  return Number.isInteger(count) && count >= 0 && count < TWO_POW_64 && !Object.is(count, -0);
}

/**
 * The count of a uint64/double pair, each undefined when not set. Go's rule (the double
 * when it is > 0, else the uint64); and when only the double is set, the double whatever
 * it is, where Go would read 0: this keeps the invalid counts a model may hold visible to
 * validation instead of turning them into 0.
 */
export function decodeCount(uint: bigint | undefined, float: number | undefined): number | undefined {
  if (float !== undefined && float > 0) return float;
  if (uint !== undefined) return Number(uint);
  return float;
}

/** A summary's count as uint64: truncated toward zero; NaN and negatives as 0, +Inf and 2^64 up as the largest uint64. */
export function summaryCount(count: number): bigint {
  if (!(count > 0)) return 0n;
  if (count >= TWO_POW_64) return UINT64_MAX;
  return BigInt(Math.trunc(count));
}
