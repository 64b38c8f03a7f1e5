/**
 * A journal record's line: `<crc32 of the JSON, 8 lowercase hex digits> <json>\n`. What
 * writes a line and what checks one read back (replay, a compaction's copies) share this.
 */
import { crc32 } from 'node:zlib';

const CHECKSUM = /^[0-9a-f]{8}$/;

export function recordLine(json: string): Buffer {
  return Buffer.from(`${checksum(crc32(json))} ${json}\n`);
}

export function checksum(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}

/** Whether `written` (a line's first 8 characters) is the checksum of `json` (the rest, as text or bytes). */
export function checksumMatches(written: string, json: string | Uint8Array): boolean {
  return CHECKSUM.test(written) && parseInt(written, 16) === crc32(json) >>> 0;
}

/** A whole line, newline included, whose checksum holds. */
export function lineReadsBack(line: Buffer): boolean {
  return (
    line.length >= 11 && line[8] === 0x20 && line[line.length - 1] === 0x0a && checksumMatches(line.toString('latin1', 0, 8), line.subarray(9, line.length - 1))
  );
}
