/**
 * Streaming parse of OpenMetrics 1.0 text: families out as soon as each one ends (when the
 * next family or `# EOF` starts). OpenMetrics families never interleave, so each family is
 * yielded once, complete. Holds the current family, the names earlier families claimed and
 * the unfinished line only.
 */
import type { MetricFamily } from '../../model.js';
import { OpenMetricsDriver } from './driver.js';
import { streamFamilies } from '../core/feed-lines.js';
import type { ChunkSource, StreamOptions } from '../types.js';

export function parseOpenMetricsStream(source: ChunkSource, options: StreamOptions = {}): AsyncGenerator<MetricFamily> {
  return streamFamilies(source, options, (emit) => new OpenMetricsDriver('stream', options, emit));
}
