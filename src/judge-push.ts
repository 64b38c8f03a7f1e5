/**
 * How a gateway judges one push, in one place: the body is read as Pushgateway reads it
 * (`pushFormat`: delimited protobuf only with exactly its Content-Type, anything else text
 * 0.0.4, an OpenMetrics body included), then the store applies its rules (timestamps and
 * reserved labels refused, the consistency check against the groups it holds).
 * `expofmt serve` reads bodies with `decodePush`; `expofmt lint --group` and `expofmt
 * merge` judge with `judgePush`, so all three agree on every payload.
 */
import { type Diagnostic, ParseError } from './diagnostics.js';
import { pushFormat } from './formats/registry.js';
import type { PushOptions, PushResult } from './merge/group-store.js';
import type { Labels, MetricFamily } from './model.js';

/** The families of a push body, as a gateway reads it; throws a `ParseError` (the gateway's 400) on the first error. */
export function decodePush(body: Uint8Array, contentType: string | undefined, options: { maxBytes?: number } = {}): MetricFamily[] {
  return pushFormat(contentType).decode(body, options).families;
}

/** What a gateway would do with a push: `GroupStore` or any store with its `push`. */
export interface PushTarget {
  push(labels: Labels, families: MetricFamily[], options: PushOptions): PushResult;
}

export interface PushVerdict {
  accepted: boolean;
  /** Why a gateway answers 400: the body's parse error, or the store's refusals. */
  errors: Diagnostic[];
  /** The families read (none when the body does not parse). */
  families: MetricFamily[];
  /** Which reading the Content-Type chose. */
  format: 'prometheus' | 'protobuf';
}

/** Pushes `body` to `store` as a gateway would (PUT unless `replace` is false): its verdict, and the store changed on acceptance. */
export function judgePush(
  store: PushTarget,
  labels: Labels,
  body: Uint8Array,
  options: { contentType?: string; replace?: boolean; now?: number; check?: boolean } = {},
): PushVerdict {
  const format = pushFormat(options.contentType).name === 'protobuf' ? 'protobuf' : 'prometheus';
  let families: MetricFamily[];
  try {
    families = decodePush(body, options.contentType);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { accepted: false, errors: [error.diagnostic], families: [], format };
  }
  const result = store.push(labels, families, { replace: options.replace ?? true, now: options.now ?? 0, check: options.check });
  return { accepted: result.accepted, errors: result.errors, families, format };
}
