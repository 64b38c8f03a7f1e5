/**
 * Bytes -> text for the parsers. Invalid UTF-8 is an error with a position, never a
 * silent U+FFFD. Text comes out in parts, with an invalid sequence between each part and
 * the next: the driver parses the lines before the bad byte, reports it, and skips its
 * line. The rest of that line is decoded leniently (one report per line is enough), and
 * strict decoding starts again after its LF, a byte that is never inside a sequence.
 * The parts are the same however the bytes are cut into chunks.
 */
import { LF } from './chars.js';
import { firstInvalidUtf8, incompleteTailLength } from './utf8.js';

const EMPTY = new Uint8Array(0);
const lenientOnce = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strictOnce = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a whole input in parts, with an invalid sequence between each two. */
export function decodeUtf8Parts(bytes: Uint8Array): string[] {
  try {
    return [strictOnce.decode(bytes)];
  } catch {
    const decoder = new Utf8ChunkDecoder();
    const parts = decoder.decode(bytes);
    const tail = decoder.end();
    parts[parts.length - 1] += tail[0];
    for (let k = 1; k < tail.length; k++) parts.push(tail[k]);
    return parts;
  }
}

/** Decodes chunks of one byte stream; a chunk may end inside a character. */
export class Utf8ChunkDecoder {
  private strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Bytes of an unfinished character the strict decoder holds, kept to locate an error in them. */
  private pending = EMPTY;
  /** Set while the rest of a line with a bad byte is decoded. */
  private lenient: TextDecoder | undefined;

  /** The chunk's text in parts; an invalid sequence lies between each part and the next. */
  decode(chunk: Uint8Array): string[] {
    const parts = [''];
    let rest = chunk;
    for (;;) {
      if (this.lenient !== undefined) {
        const lf = rest.indexOf(LF);
        if (lf < 0) {
          parts[parts.length - 1] += this.lenient.decode(rest, { stream: true });
          return parts;
        }
        parts[parts.length - 1] += this.lenient.decode(rest.subarray(0, lf + 1)); // flushes at the LF
        this.lenient = undefined;
        rest = rest.subarray(lf + 1);
      }
      const held = this.pending.length > 0 ? concat(this.pending, rest) : rest;
      try {
        parts[parts.length - 1] += this.strict.decode(rest, { stream: true });
        this.pending = held.slice(held.length - incompleteTailLength(held));
        return parts;
      } catch {
        // The strict decoder and firstInvalidUtf8 agree on the bad sequence; 0 is a safe fallback.
        const offset = Math.max(0, firstInvalidUtf8(held, true));
        parts[parts.length - 1] += lenientOnce.decode(held.subarray(0, offset));
        parts.push('');
        this.strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
        this.pending = EMPTY;
        this.lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
        rest = held.subarray(offset);
      }
    }
  }

  /** The end of the stream, where an unfinished character is invalid. Ready for reuse after. */
  end(): string[] {
    if (this.lenient !== undefined) {
      const text = this.lenient.decode();
      this.lenient = undefined;
      return [text];
    }
    const held = this.pending;
    this.pending = EMPTY;
    this.strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    return held.length > 0 ? ['', lenientOnce.decode(held)] : [''];
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
