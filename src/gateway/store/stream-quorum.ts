/**
 * Whether a stream's answer to an info request comes from a leader that a quorum of its
 * replicas follows. A member of a stream group without a leader answers info too (so that
 * operators can look at it), with its own, possibly stale, state; a leader that lost its
 * followers may go on answering for a while. Neither answer may make a replica ready or
 * confirm a sequence.
 */
import type { ClusterInfo } from '@nats-io/jetstream';

/** A replica not heard from for this long does not count (NATS's own lost-quorum interval). */
const SILENT_NS = 10e9;

/** Why the stream cannot take changes now, or undefined when it can. */
export function missingQuorum(cluster: ClusterInfo | undefined): string | undefined {
  // No cluster information: a server without clustering, which is its own quorum.
  if (cluster === undefined) return undefined;
  if (!cluster.leader) return 'the stream has no leader';
  const replicas = cluster.replicas ?? [];
  // A server that does not say when it last heard from a replica is taken at its word that the replica is there.
  const heard = replicas.filter((peer) => !peer.offline && !(peer.active >= SILENT_NS)).length;
  if ((heard + 1) * 2 > replicas.length + 1) return undefined;
  return `the stream's leader ${cluster.leader} has heard from ${heard} of its ${replicas.length} replicas in the last ${SILENT_NS / 1e9} s`;
}
