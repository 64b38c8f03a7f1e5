/**
 * The integer milliseconds a 0.0.4 line (or the JSON's `timestamp_ms`) carries for a metric.
 * Text 0.0.4 parses set `timestampMs`; OpenMetrics parses set float `timestampSeconds`
 * instead, which is rounded to the nearest millisecond here. Rounding, not Prometheus's
 * truncating `int64(ts*1000)`: 1.234 s times 1000 is 1233.9999999999998 in binary, and
 * truncation would write 1233.
 */
export function timestampMillis(metric: { timestampMs?: number; timestampSeconds?: number }): number | undefined {
  if (metric.timestampMs !== undefined) return metric.timestampMs;
  const seconds = metric.timestampSeconds;
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  // `+ 0` turns a rounded -0 into 0.
  return Math.round(seconds * 1000) + 0;
}
