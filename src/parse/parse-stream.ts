/**
 * Streaming parse: chunks of text or UTF-8 bytes in, families out as soon as each one
 * completes (when another family starts). Holds the current family and the unfinished
 * line only. Chunk boundaries may fall anywhere, inside a UTF-8 character or an escape.
 */
import { ParseError } from '../diagnostics.js';
import type { MetricFamily } from '../model.js';
import { invalidUtf8Diagnostic } from './decode.js';
import { LineDriver, type ParseOptions } from './line-driver.js';
import { firstInvalidUtf8 } from './utf8.js';

export type Chunk = string | Uint8Array;
export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk> | ReadableStream<Chunk>;

export interface StreamOptions extends ParseOptions {
  /** Called for each error when `collectErrors` is set (otherwise the first error throws). */
  onDiagnostic?: (diagnostic: import('../diagnostics.js').Diagnostic) => void;
}

export async function* parseTextStream(source: ChunkSource, options: StreamOptions = {}): AsyncGenerator<MetricFamily> {
  const ready: MetricFamily[] = [];
  const driver = new LineDriver('stream', options, (family) => ready.push(family));
  let decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry = '';
  let reported = 0;
  const drainDiagnostics = () => {
    while (reported < driver.diagnostics.length) options.onDiagnostic?.(driver.diagnostics[reported++]);
  };
  for await (const chunk of chunksOf(source)) {
    let str: string;
    if (typeof chunk === 'string') {
      str = chunk;
    } else {
      try {
        str = decoder.decode(chunk, { stream: true });
      } catch {
        // Locate the bad byte in this chunk, then go on leniently if collecting errors.
        const offset = Math.max(0, firstInvalidUtf8(chunk, true));
        const before = carry + new TextDecoder().decode(chunk.subarray(0, offset));
        const diagnostic = invalidUtf8Diagnostic(before, driver.line);
        if (!options.collectErrors) throw new ParseError(diagnostic);
        driver.diagnostics.push(diagnostic);
        decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
        str = decoder.decode(chunk, { stream: true });
      }
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
  let tail = '';
  try {
    tail = decoder.decode();
  } catch {
    const diagnostic = invalidUtf8Diagnostic(carry, driver.line);
    if (!options.collectErrors) throw new ParseError(diagnostic);
    driver.diagnostics.push(diagnostic);
  }
  if (tail !== '') carry = carry + tail;
  const text = carry;
  carry = text.slice(driver.feed(text));
  driver.end(carry);
  drainDiagnostics();
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
