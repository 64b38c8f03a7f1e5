/**
 * Float seconds (the model's exemplar timestamps, as OpenMetrics writes them) <->
 * `google.protobuf.Timestamp` (whole seconds and nanoseconds in [0, 1e9)).
 *
 * A negative time is converted as its magnitude and then mirrored, so that -0.001 s is
 * -1 s + 999000000 ns and reads back as exactly -0.001: computing `-1 + 0.999` would not.
 * Millisecond timestamps round-trip exactly; finer ones to the nearest nanosecond.
 */
import { create } from '@bufbuild/protobuf';
import { type Timestamp, TimestampSchema } from '@bufbuild/protobuf/wkt';

const NANOS = 1e9;

export function timestampFromSeconds(seconds: number): Timestamp {
  const magnitude = Math.abs(seconds);
  let whole = Math.floor(magnitude);
  let nanos = Math.round((magnitude - whole) * NANOS);
  if (nanos >= NANOS) {
    whole += 1;
    nanos -= NANOS;
  }
  if (seconds >= 0) return create(TimestampSchema, { seconds: BigInt(whole), nanos });
  // -(whole + nanos/1e9) = -(whole + 1) + (1e9 - nanos)/1e9
  return nanos === 0 ? create(TimestampSchema, { seconds: BigInt(-whole) }) : create(TimestampSchema, { seconds: BigInt(-whole - 1), nanos: NANOS - nanos });
}

export function secondsFromTimestamp(t: Timestamp): number {
  const seconds = Number(t.seconds);
  if (seconds >= 0 || t.nanos === 0) return seconds + t.nanos / NANOS;
  return -(-seconds - 1 + (NANOS - t.nanos) / NANOS);
}
