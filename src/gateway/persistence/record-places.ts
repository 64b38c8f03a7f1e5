/**
 * Where each group's current state already is in the journal file as a whole `set`
 * record, so that a compaction copies those bytes instead of encoding the group again
 * (encoding every group at each compaction was a tenth of a loaded gateway's time). A
 * place counts only for the very state object that record was made from, and the copied
 * line must read back (its newline, its checksum) or the group is encoded after all: a
 * place can be out of date, never wrong.
 */
import type { FileHandle } from 'node:fs/promises';
import type { StoredGroup } from '../../merge/group-store.js';
import { lineReadsBack } from './record-line.js';

/** A whole `set` record of `group` in the file: bytes [offset, offset + length), its newline included. */
export interface RecordPlace {
  group: StoredGroup;
  offset: number;
  length: number;
}

/** The places by group key. */
export type RecordPlaces = Map<string, RecordPlace>;

/** What a written record does to the places, given where it starts in the file. */
export type Placing = (places: RecordPlaces, offset: number) => void;

/** A `set` record of the whole group: its place. */
export function placeSet(key: string, group: StoredGroup, length: number): Placing {
  return (places, offset) => places.set(key, { group, offset, length });
}

/** Any other record: the groups it names have no whole record at their state any more. */
export function forget(keys: readonly string[] | 'all'): Placing {
  return (places) => {
    if (keys === 'all') places.clear();
    else for (const key of keys) places.delete(key);
  };
}

/**
 * Reads the records at `run` (places in file order, near one another: one read spans them)
 * and gives each one that reads back whole; `undefined` for one that does not (a short
 * read, a damaged line).
 */
export async function readRecords(reader: FileHandle, run: readonly RecordPlace[]): Promise<Array<Buffer | undefined>> {
  const start = run[0].offset;
  const end = run[run.length - 1].offset + run[run.length - 1].length;
  const bytes = Buffer.allocUnsafe(end - start);
  let read = 0;
  while (read < bytes.length) {
    const { bytesRead } = await reader.read(bytes, read, bytes.length - read, start + read);
    if (bytesRead <= 0) break;
    read += bytesRead;
  }
  return run.map((place) => {
    const from = place.offset - start;
    if (from + place.length > read) return undefined;
    const line = bytes.subarray(from, from + place.length);
    return lineReadsBack(line) ? line : undefined;
  });
}
