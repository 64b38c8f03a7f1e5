/**
 * The loops both dialects share, feeding text to a dialect's line driver: `feedWhole` for
 * a whole input, `streamFamilies` for chunks of text or UTF-8 bytes, yielding families as
 * soon as the driver completes them while holding only the unfinished line (chunk
 * boundaries may fall anywhere, inside a UTF-8 character or an escape).
 */
import { type Diagnostic, ParseError } from '../../diagnostics.js';
import type { MetricFamily } from '../../model.js';
import { Utf8ChunkDecoder, decodeUtf8Parts } from './decode.js';
import type { Chunk, ChunkSource, StreamOptions } from '../types.js';

/** What the loops need of a dialect's line driver. */
export interface StreamDriver {
  readonly diagnostics: readonly Diagnostic[];
  /** Parses the complete lines of `text`; returns where the unfinished rest starts. */
  feed(text: string): number;
  /** Reports invalid UTF-8 on the next line, after `lineSoFar`. */
  invalidUtf8(lineSoFar: string): void;
  /** Ends the input with `rest`, the text after the last LF. */
  end(rest: string): void;
}

/** Feeds a whole input (a string, or UTF-8 bytes) to `driver` and ends it. */
export function feedWhole(input: string | Uint8Array, driver: StreamDriver): void {
  // Bytes come in parts with an invalid sequence between each two; the lines before it are
  // parsed first, as their errors come first.
  const parts = typeof input === 'string' ? [input] : decodeUtf8Parts(input);
  let text = parts[0];
  for (let k = 1; k < parts.length; k++) {
    const lineSoFar = text.slice(driver.feed(text));
    driver.invalidUtf8(lineSoFar);
    text = lineSoFar + parts[k];
  }
  const restStart = driver.feed(text);
  driver.end(text.slice(restStart));
}

export async function* streamFamilies(
  source: ChunkSource,
  options: StreamOptions,
  makeDriver: (emit: (family: MetricFamily) => void) => StreamDriver,
): AsyncGenerator<MetricFamily> {
  const ready: MetricFamily[] = [];
  const driver = makeDriver((family) => ready.push(family));
  const decoder = new Utf8ChunkDecoder();
  let afterBytes = false; // the last chunk was bytes: the decoder may hold part of a character
  let carry = '';
  let reported = 0;
  const drainDiagnostics = () => {
    while (reported < driver.diagnostics.length) options.onDiagnostic?.(driver.diagnostics[reported++]);
  };
  // Text decoded from bytes, in parts with an invalid sequence between each two: the lines
  // before it are parsed before it is reported, so errors come in input order whatever
  // the chunking.
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
        // Text after bytes that stopped inside a character: that character is cut off.
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
    // Families completed before the error go out first, as they would have with smaller
    // chunks: what is yielded must not depend on where the chunks were cut.
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
