/**
 * The scanners read a text's UTF-16 code units from a typed array, not with `charCodeAt`:
 * measured on the node_exporter-like corpus, a loop over a Uint16Array reads 800 MB/s
 * where `charCodeAt` reads 250 MB/s, and copying the text in costs 10 GB/s. Strings are
 * still sliced from the text, so what a parse returns is what the decoded input says.
 *
 * Big texts are copied and scanned a window of whole lines at a time, so the copy stays
 * small (128 KiB) whatever the input's size.
 */

/** Code units per window; a line longer than this gets a window of its own. */
export const WINDOW_UNITS = 1 << 16;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Node's Buffer copies a string's code units natively; elsewhere a loop does.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

// One window's array serves every parse: a scanner reads it only between its `load` and
// the end of that synchronous scan, so parses (streams too) never see each other's text.
const shared = new Uint16Array(WINDOW_UNITS);
let sharedBytes: Buffer | undefined;

/**
 * The code units of `text`, in an array that may be longer (read only up to
 * `text.length`), valid until the next call.
 */
export function loadCodeUnits(text: string): Uint16Array {
  let units = shared;
  let bytes = sharedBytes;
  if (units.length < text.length) {
    // A line longer than a window: an array of its own, not kept.
    units = new Uint16Array(text.length);
    bytes = undefined;
  }
  if (NodeBuffer !== undefined && littleEndian) {
    bytes ??= NodeBuffer.from(units.buffer, units.byteOffset, units.byteLength);
    if (units === shared) sharedBytes = bytes;
    bytes.write(text, 0, 'utf16le');
  } else {
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  }
  return units;
}

/**
 * Hands `text` up to its last LF to `feedWindow` in windows of whole lines; returns the
 * index after that LF, where the unfinished rest starts.
 */
export function feedInWindows(text: string, feedWindow: (window: string) => void): number {
  const end = text.lastIndexOf('\n') + 1;
  if (end <= WINDOW_UNITS) {
    if (end > 0) feedWindow(end === text.length ? text : text.slice(0, end));
    return end;
  }
  for (let from = 0; from < end; ) {
    let to = end;
    if (end - from > WINDOW_UNITS) {
      to = text.lastIndexOf('\n', from + WINDOW_UNITS - 1) + 1;
      if (to <= from) to = text.indexOf('\n', from) + 1; // one line longer than a window
    }
    feedWindow(text.slice(from, to));
    from = to;
  }
  return end;
}

/** How many code units at `a` equal those at `b`, comparing at most `n`. */
export function commonLength(units: Uint16Array, a: number, b: number, n: number): number {
  let i = 0;
  while (i < n && units[a + i] === units[b + i]) i++;
  return i;
}

/**
 * The code units of one unescaped string being built (a label value, a quoted name, HELP
 * text with escapes), made one flat string by a single native call at the end. Appending
 * the runs between escapes instead made chains of cons strings: in a parse that keeps its
 * results, each value cost several objects for the garbage collector to copy. The
 * scanners' loops keep the array and the length in locals (through an object's fields,
 * they measured 3-9% slower on the high-cardinality corpus).
 */
class UnitString {
  private units = new Uint16Array(256);
  private bytes: Buffer | undefined;

  /** An array starting with `codes[start, end)`, room after it: the string's first units. */
  begin(codes: Uint16Array, start: number, end: number): Uint16Array {
    const units = end - start + 64 > this.units.length ? this.grow(0, end - start + 64) : this.units;
    units.set(codes.subarray(start, end));
    return units;
  }

  /** A bigger array holding the first `length` units of the string. */
  grow(length: number, atLeast = 2 * length): Uint16Array {
    const bigger = new Uint16Array(Math.max(atLeast, 2 * this.units.length));
    bigger.set(this.units.subarray(0, length));
    this.units = bigger;
    this.bytes = undefined;
    return bigger;
  }

  /** The string of the first `length` units. */
  toString(length: number): string {
    if (NodeBuffer !== undefined && littleEndian) {
      this.bytes ??= NodeBuffer.from(this.units.buffer, this.units.byteOffset, this.units.byteLength);
      return this.bytes.toString('utf16le', 0, 2 * length); // a one-byte string when it can be
    }
    let out = '';
    for (let i = 0; i < length; i += 8192) {
      out += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
    }
    return out;
  }
}

/** The one string being unescaped: scanners build one at a time, synchronously. */
export const unescaped = new UnitString();
