/**
 * `expofmt/render`: writing families as text 0.0.4 or OpenMetrics, whole, in chunks or
 * into a writable sink, and the canonical order. No parser, no protobuf.
 */
export { renderText, renderTextChunks, type RenderTextOptions } from '../render/render-text.js';
export { writeText, type TextSink } from '../render/write-text.js';
export { formatFloat, formatFloatOpenMetrics } from '../render/format-float.js';
export { renderOpenMetrics, renderOpenMetricsChunks } from '../render/render-openmetrics.js';
export { sortFamilies } from '../order.js';
export type { MetricFamily } from '../model.js';
