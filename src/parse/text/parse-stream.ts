/**
 * Streaming parse of text format 0.0.4: families out as soon as each one completes (when
 * another family starts). A family whose lines are split by another family's comes out
 * once per run of lines.
 */
import type { MetricFamily } from '../../model.js';
import { LineDriver } from './driver.js';
import { streamFamilies } from '../core/feed-lines.js';
import type { ChunkSource, StreamOptions } from '../types.js';

export function parseTextStream(source: ChunkSource, options: StreamOptions = {}): AsyncGenerator<MetricFamily> {
  return streamFamilies(source, options, (emit) => new LineDriver('stream', options, emit));
}
