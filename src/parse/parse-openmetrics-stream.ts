/**
 * Streaming parse of OpenMetrics 1.0 text: chunks of text or UTF-8 bytes in, families out
 * as soon as each one ends (when the next family or `# EOF` starts). OpenMetrics families
 * never interleave, so each family is yielded once, complete. Holds the current family,
 * the names earlier families claimed and the unfinished line only; chunk boundaries may
 * fall anywhere, inside a UTF-8 character or an escape.
 */
import { type Diagnostic, ParseError } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { Utf8ChunkDecoder } from './decode.js';
import { OpenMetricsDriver } from './openmetrics-driver.js';
import type { Chunk, ChunkSource, StreamOptions } from './parse-stream.js';

export async function* parseOpenMetricsStream(source: ChunkSource, options: StreamOptions = {}): AsyncGenerator<MetricFamily> {
  const ready: MetricFamily[] = [];
  const driver = new OpenMetricsDriver('stream', options, (family) => ready.push(family));
  const decoder = new Utf8ChunkDecoder();
  let afterBytes = false; // the last chunk was bytes: the decoder may hold part of a character
  let carry = '';
  let reported = 0;
  const drainDiagnostics = () => {
    while (reported < driver.diagnostics.length) options.onDiagnostic?.(driver.diagnostics[reported++] as Diagnostic);
  };
  // Decoded text comes in parts with an invalid sequence between each two: the lines before
  // it are parsed before it is reported, so errors come in input order whatever the chunking.
  const textOf = (parts: string[]): string => {
    let str = parts[0];
    for (let k = 1; k < parts.length; k++) {
      const text = carry + str;
      carry = text.slice(driver.feed(text));
      driver.invalidUtf8(carry);
      str = parts[k];
    }
    return str;
  };
  try {
    for await (const chunk of chunksOf(source)) {
      let str: string;
      if (typeof chunk === 'string') {
        str = afterBytes ? textOf(decoder.end()) + chunk : chunk;
        afterBytes = false;
      } else {
        str = textOf(decoder.decode(chunk));
        afterBytes = true;
      }
      // Only the new text can hold the LF that completes a line.
      if (str.indexOf('\n') < 0) {
        carry += str;
        continue;
      }
      const text = carry + str;
      carry = text.slice(driver.feed(text));
      drainDiagnostics();
      for (const family of ready.splice(0)) yield family;
    }
    const text = carry + (afterBytes ? textOf(decoder.end()) : '');
    carry = text.slice(driver.feed(text));
    driver.end(carry);
    drainDiagnostics();
  } catch (error) {
    // Families completed before the error go out first, whatever the chunking.
    if (error instanceof ParseError) for (const family of ready.splice(0)) yield family;
    throw error;
  }
  for (const family of ready) yield family;
}

async function* chunksOf(source: ChunkSource): AsyncGenerator<Chunk> {
  if (Symbol.asyncIterator in source || Symbol.iterator in source) {
    yield* source as AsyncIterable<Chunk>;
    return;
  }
  const reader = (source as ReadableStream<Chunk>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
