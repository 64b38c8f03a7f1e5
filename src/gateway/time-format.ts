/**
 * Times as the gateway shows them: Go's RFC3339Nano (`2006-01-02T15:04:05.999999999Z07:00`,
 * trailing zeros of the fraction dropped, no fraction when it is zero), in UTC.
 */

/** Unix seconds (with a fraction) as RFC3339Nano. Precision is the millisecond the clock gives. */
export function rfc3339Nano(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.120Z
  return iso.replace(/\.?0*Z$/, 'Z');
}

/** The current time as Unix seconds, the unit of push_time_seconds. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}
