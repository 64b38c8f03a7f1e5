/**
 * The bytes of one counter, gauge or untyped series as an element of a `MetricFamily`'s
 * repeated `metric` field (its tag, its length, its `Metric` message), written straight
 * with the protobuf runtime's wire writer. Building the message objects for the schema's
 * reflective encoder cost about 3 µs a series, most of a protobuf scrape; this writes the
 * same bytes (test/protobuf/scalar-series.test.ts holds the two paths equal) for the
 * series it takes: labels, a value and perhaps a timestamp, without exemplar or created
 * timestamp. Others return undefined and go the reflective way. `scalarSeriesTail` is the
 * end of those bytes after the labels, what the page cache rewrites of a series whose
 * value changed.
 */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { Metric, MetricType, ScalarMetric } from '../model.js';
import { timestampMillis } from '../render/timestamp.js';
import { protobufType } from './encode-family.js';
import * as pb from './generated/io/prometheus/client/metrics_pb.js';

// Field numbers as the generated schema has them (metrics.proto).
/** The `metric` field of MetricFamily: a series is one element of it. */
export const METRIC_FIELD = pb.MetricFamilySchema.field.metric.number;
const LABEL_FIELD = pb.MetricSchema.field.label.number;
const LABEL_NAME_FIELD = pb.LabelPairSchema.field.name.number;
const LABEL_VALUE_FIELD = pb.LabelPairSchema.field.value.number;
const TIMESTAMP_FIELD = pb.MetricSchema.field.timestampMs.number;
/** The `Metric` field holding the value message of each schema type; the value is field 1 of each. */
const VALUE_FIELD = new Map<pb.MetricType, number>([
  [pb.MetricType.GAUGE, pb.MetricSchema.field.gauge.number],
  [pb.MetricType.COUNTER, pb.MetricSchema.field.counter.number],
  [pb.MetricType.UNTYPED, pb.MetricSchema.field.untyped.number],
]);
const VALUE_IN_MESSAGE_FIELD = pb.GaugeSchema.field.value.number;

// One writer for every series: it keeps its buffer, and `finish` copies the bytes out.
const writer = new BinaryWriter();

export function scalarSeriesBytes(familyType: MetricType, metric: Metric): Uint8Array | undefined {
  const valueField = valueFieldOf(familyType, metric);
  if (valueField === undefined) return undefined;
  const w = writer;
  w.tag(METRIC_FIELD, WireType.LengthDelimited).fork();
  const labels = metric.labels;
  for (let i = 0; i < labels.length; i += 2) {
    w.tag(LABEL_FIELD, WireType.LengthDelimited).fork();
    w.tag(LABEL_NAME_FIELD, WireType.LengthDelimited).string(labels[i]);
    w.tag(LABEL_VALUE_FIELD, WireType.LengthDelimited).string(labels[i + 1]);
    w.join();
  }
  writeTail(w, valueField, metric as ScalarMetric);
  return w.join().finish();
}

/** The end of such a series' bytes after its labels: its value's message and its timestamp. */
export function scalarSeriesTail(familyType: MetricType, metric: Metric): Uint8Array | undefined {
  const valueField = valueFieldOf(familyType, metric);
  if (valueField === undefined) return undefined;
  writeTail(writer, valueField, metric as ScalarMetric);
  return writer.finish();
}

/** The field of the series' value message, if this writer takes the series. */
function valueFieldOf(familyType: MetricType, metric: Metric): number | undefined {
  const valueField = VALUE_FIELD.get(protobufType(familyType));
  if (valueField === undefined || !('value' in metric)) return undefined;
  if (metric.exemplar !== undefined || metric.created !== undefined) return undefined;
  return valueField;
}

function writeTail(w: BinaryWriter, valueField: number, metric: ScalarMetric): void {
  w.tag(valueField, WireType.LengthDelimited).fork().tag(VALUE_IN_MESSAGE_FIELD, WireType.Bit64).double(metric.value).join();
  const ms = timestampMillis(metric);
  if (ms !== undefined) w.tag(TIMESTAMP_FIELD, WireType.Varint).int64(ms);
}
