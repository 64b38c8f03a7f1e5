/**
 * How a gateway judges one push, in one place: the body is read as Pushgateway reads it
 * (`pushFormat`: delimited protobuf only with exactly its Content-Type, anything else text
 * 0.0.4, an OpenMetrics body included), then the store applies its rules (timestamps and
 * reserved labels refused, the consistency check against the groups it holds).
 * Names must be legacy unless UTF-8 names are on (`--push.enable-utf8-names`).
 * `expofmt serve` reads bodies with `decodePush` and checks names with
 * `legacyNameRefusal`; `expofmt lint --group` and `expofmt merge` judge with `judgePush`,
 * so all three agree on every payload.
 */
import { type Diagnostic, ParseError } from './diagnostics.js';
import { pushFormat } from './formats/registry.js';
import type { PushOptions, PushResult } from './merge/group-store.js';
import type { Labels, MetricFamily } from './model.js';
import { isLegacyLabelName, isLegacyMetricName } from './name-escaping.js';

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
  options: { contentType?: string; replace?: boolean; now?: number; check?: boolean; utf8Names?: boolean } = {},
): PushVerdict {
  const format = pushFormat(options.contentType).name === 'protobuf' ? 'protobuf' : 'prometheus';
  let families: MetricFamily[];
  try {
    families = decodePush(body, options.contentType);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { accepted: false, errors: [error.diagnostic], families: [], format };
  }
  const refusal = options.utf8Names === true ? undefined : legacyNameRefusal(families, format === 'protobuf');
  if (refusal !== undefined) {
    const error: Diagnostic = { severity: 'error', code: refusal.code, message: refusal.message, line: refusal.line, column: 1 };
    return { accepted: false, errors: [error], families, format };
  }
  const result = store.push(labels, families, { replace: options.replace ?? true, now: options.now ?? 0, check: options.check });
  return { accepted: result.accepted, errors: result.errors, families, format };
}

export interface NameRefusal {
  /** What the gateway answers with its 400, as Pushgateway words it. */
  message: string;
  line: number;
  code: 'E_INVALID_METRIC_NAME' | 'E_INVALID_LABEL_NAME';
}

/** Why a push is refused while UTF-8 names are off (the first name that is not legacy, by line), or undefined when all its names are legacy. */
export function legacyNameRefusal(families: readonly MetricFamily[], protobuf: boolean): NameRefusal | undefined {
  let first: { line: number; order: number; what: string; code: NameRefusal['code'] } | undefined;
  const offend = (line: number, order: number, what: string, code: NameRefusal['code']): void => {
    if (first === undefined || line < first.line || (line === first.line && order < first.order)) first = { line, order, what, code };
  };
  for (const family of families) {
    if (!isLegacyMetricName(family.name)) offend(family.line ?? 0, 0, `invalid metric name ${JSON.stringify(family.name)}`, 'E_INVALID_METRIC_NAME');
    for (const metric of family.metrics) {
      const labels = metric.labels;
      for (let i = 0; i < labels.length; i += 2) {
        if (isLegacyLabelName(labels[i])) continue;
        offend(metric.line ?? family.line ?? 0, 1 + i, `invalid label name ${JSON.stringify(labels[i])}`, 'E_INVALID_LABEL_NAME');
        break;
      }
    }
  }
  if (first === undefined) return undefined;
  const { line, what, code } = first;
  if (protobuf) return { message: `${what} in protobuf message ${line} (UTF-8 names need --push.enable-utf8-names)`, line, code };
  return { message: `text format parsing error in line ${line}: ${what}`, line, code };
}
