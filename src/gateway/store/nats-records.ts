/**
 * What the replicated store keeps in its NATS key-value bucket: one key per group, whose
 * value is the whole group as served (persist-codec.ts: every value bit for bit, push
 * times, exemplars), and one `wipe` key whose record, published with a rollup of the whole
 * stream, is the wipe: a single message, so a wipe is one atomic change like any other.
 *
 * Keys: `g.<sha-256 of the group's key, base64url>`. A group's labels can be anything (and
 * long); KV keys allow only `[-/_=.a-zA-Z0-9]`, and a subject is bounded. The labels travel
 * in the value, and a replica remembers which labels each key holds, for a delete (a KV
 * delete is a tombstone without a body).
 *
 * A record is `{"v":1,"group":...}`. A group's expiry time (Unix seconds, set when its push
 * is committed) travels in the group as `"expiresAt"`, the journal's field, so every replica
 * expires it at the same deadline; a record without it (one written before expiry existed,
 * or a push without a TTL) is a group that never expires.
 */
import { createHash } from 'node:crypto';
import { GroupStore, type StoredGroup } from '../../merge/group-store.js';
import type { Labels } from '../../model.js';
import { decodeGroup, encodeGroup } from '../persistence/persist-codec.js';

export const WIPE_KEY = 'wipe';
const VERSION = 1;

/** The bucket key of the group with these labels. */
export function groupRecordKey(labels: Labels): string {
  return `g.${createHash('sha256').update(GroupStore.key(labels)).digest('base64url')}`;
}

export function encodeGroupRecord(group: StoredGroup): Uint8Array {
  return Buffer.from(JSON.stringify({ v: VERSION, group: encodeGroup(group) }));
}

/** The group a record holds; throws on a damaged or unknown record. */
export function decodeGroupRecord(data: Uint8Array): StoredGroup {
  const record: unknown = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  if (typeof record !== 'object' || record === null || (record as { v?: unknown }).v !== VERSION) {
    throw new Error(`not a version ${VERSION} group record`);
  }
  return decodeGroup((record as { group: unknown }).group);
}

export function encodeWipeRecord(groups: number): Uint8Array {
  return Buffer.from(JSON.stringify({ v: VERSION, wipe: groups }));
}
