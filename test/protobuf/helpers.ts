/** Shared by the protobuf tests: comparing families without positions, and building odd bodies by hand. */
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import type { MetricFamily } from '../../src/model.js';

/** Families without `line` fields or undefined properties, for toEqual. */
export function withoutLines(list: readonly MetricFamily[]): MetricFamily[] {
  return list.map(({ line: _line, ...f }) => ({ ...f, metrics: f.metrics.map(({ line: _l, ...m }) => m) }) as MetricFamily);
}

/** Concatenates delimited messages: each message's bytes preceded by its length varint. */
export function delimited(...messages: Uint8Array[]): Uint8Array {
  const w = new BinaryWriter();
  for (const m of messages) w.bytes(m);
  return w.finish();
}

/** A fresh writer, for hand-made messages (`.tag(n, WireType.X).string(...)`). */
export function message(): BinaryWriter {
  return new BinaryWriter();
}
