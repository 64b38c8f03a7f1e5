/**
 * HTTP basic authentication against `basic_auth_users` (bcrypt hashes), as the exporter
 * toolkit does it: an unknown user costs a bcrypt too (against a decoy hash of the same
 * cost), so timing does not tell which users exist; one bcrypt runs at a time; results are
 * cached under a SHA-256 of (user, hash, password), so a scrape loop costs one bcrypt, a
 * changed password or hash is a new key, and a wrong password can never hit a right
 * password's entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Most remembered results; the oldest goes first. */
const CACHE_SIZE = 1000;

export type AuthResult = { ok: true; user: string } | { ok: false; reason: 'no credentials' | 'unknown user' | 'wrong password'; user?: string };

/** `Authorization: Basic base64(user:password)`, as Go's `Request.BasicAuth` reads it. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const encoded = header.slice(6);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuth {
  private readonly cache = new Map<string, boolean>();
  private readonly running = new Map<string, Promise<boolean>>();
  /** One bcrypt at a time: they are CPU work on the event loop's thread pool of one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly decoys = new Map<number, Promise<string>>();

  /** How many bcrypt comparisons ran (the cache's misses); for tests and debugging. */
  bcryptRuns = 0;

  /** Checks an `Authorization` header against `users` (user -> bcrypt hash). */
  async check(users: ReadonlyMap<string, string>, authorization: string | undefined): Promise<AuthResult> {
    const credentials = parseBasicAuth(authorization);
    if (credentials === undefined) return { ok: false, reason: 'no credentials' };
    const { user, password } = credentials;
    const hash = users.get(user);
    const known = hash !== undefined;
    const against = hash ?? (await this.decoy(users));
    const ok = (await this.compare(user, password, against)) && known;
    if (ok) return { ok: true, user };
    return { ok: false, reason: known ? 'wrong password' : 'unknown user', user };
  }

  private compare(user: string, password: string, hash: string): Promise<boolean> {
    const key = createHash('sha256')
      .update(JSON.stringify([user, hash, password]))
      .digest('base64');
    const cached = this.cache.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const already = this.running.get(key);
    if (already !== undefined) return already;
    const result = this.queue.then(async () => {
      const cachedNow = this.cache.get(key);
      if (cachedNow !== undefined) return cachedNow;
      this.bcryptRuns++;
      // bcryptjs compares the hashes in constant time.
      const ok = await bcrypt.compare(password, hash);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, ok);
      return ok;
    });
    this.queue = result.catch(() => {});
    this.running.set(key, result);
    return result.finally(() => this.running.delete(key));
  }

  /** A hash of a random password with the cost of the configured users, made once per cost. */
  private decoy(users: ReadonlyMap<string, string>): Promise<string> {
    const first = users.values().next().value;
    const cost = first === undefined ? 10 : bcrypt.getRounds(first);
    let decoy = this.decoys.get(cost);
    if (decoy === undefined) {
      decoy = bcrypt.hash(randomBytes(18).toString('base64'), cost);
      this.decoys.set(cost, decoy);
    }
    return decoy;
  }
}
