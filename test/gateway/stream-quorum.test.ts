import { describe, expect, it } from 'vitest';
import { missingQuorum } from '../../src/gateway/store/stream-quorum.js';

// Shapes as nats-server 2.9 answers a stream info request (recorded from a 3-node cluster).
const peer = (name: string, active: number, extra: { offline?: boolean; current?: boolean } = {}) => ({
  name,
  current: extra.current ?? true,
  offline: extra.offline ?? false,
  active,
  lag: 0,
});

describe('missingQuorum', () => {
  it('accepts a leader whose replicas were heard from lately', () => {
    expect(missingQuorum({ name: 'c', leader: 'n3', replicas: [peer('n1', 21_461_744), peer('n2', 21_632_527)] })).toBeUndefined();
  });

  it('accepts a leader that hears from a majority, one replica gone', () => {
    expect(missingQuorum({ name: 'c', leader: 'n3', replicas: [peer('n1', 1_000_000), peer('n2', 39_499_983_658, { current: false })] })).toBeUndefined();
  });

  it('refuses the answer of a member of a group without a leader', () => {
    const leaderless = {
      name: 'c',
      replicas: [peer('n1', 39_499_983_658, { current: false }), peer('n2', 0, { current: false }), peer('n3', 9_035_265_056, { current: false })],
    };
    expect(missingQuorum(leaderless)).toBe('the stream has no leader');
  });

  it('refuses a leader that has not heard from a majority within 10 s', () => {
    const alone = { name: 'c', leader: 'n3', replicas: [peer('n1', 12_000_000_000), peer('n2', 1_000_000, { offline: true })] };
    expect(missingQuorum(alone)).toBe("the stream's leader n3 has heard from 0 of its 2 replicas in the last 10 s");
  });

  it('counts a replica whose last contact is not given as heard, unless it is offline', () => {
    const unsaid = (name: string, offline = false) => ({ name, current: true, offline }) as unknown as ReturnType<typeof peer>;
    expect(missingQuorum({ leader: 'n1', replicas: [unsaid('n2'), unsaid('n3')] })).toBeUndefined();
    expect(missingQuorum({ leader: 'n1', replicas: [unsaid('n2', true), unsaid('n3', true)] })).toBe(
      "the stream's leader n1 has heard from 0 of its 2 replicas in the last 10 s",
    );
  });

  it('accepts a single server, with or without cluster information', () => {
    expect(missingQuorum(undefined)).toBeUndefined();
    expect(missingQuorum({ name: 'c', leader: 'n1' })).toBeUndefined();
  });

  it('counts a five-replica stream by majority', () => {
    const replicas = [peer('a', 1e6), peer('b', 1e6), peer('c', 11e9), peer('d', 11e9)];
    expect(missingQuorum({ leader: 'e', replicas })).toBeUndefined();
    expect(missingQuorum({ leader: 'e', replicas: [...replicas.slice(1), peer('a', 11e9)] })).toBe(
      "the stream's leader e has heard from 1 of its 4 replicas in the last 10 s",
    );
  });
});
