/**
 * Who may make a request, from the web configuration: nobody needs credentials without
 * `basic_auth_users`; with them, every request needs a user and its password (the
 * toolkit's rule), except where expofmt's own section says otherwise: GET/HEAD of the
 * health endpoints may be open, and `push_users`/`read_users` split the users into those
 * who may change (PUT, POST, DELETE, ...) and those who may read (GET, HEAD, OPTIONS).
 */
import type { AuthResult, BasicAuth } from './basic-auth.js';
import type { WebConfig } from './web-config.js';

export type Verdict =
  | { allow: true; user?: string }
  | { allow: false; status: 401; reason: Exclude<AuthResult, { ok: true }>['reason']; user?: string }
  | { allow: false; status: 403; reason: string; user: string };

export interface RequestLine {
  method: string;
  /** The path without the query. */
  path: string;
  authorization: string | undefined;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Decides on one request; `prefix` is the route prefix ('' or `/prefix`). */
export async function admit(request: RequestLine, config: WebConfig, auth: BasicAuth, prefix: string): Promise<Verdict> {
  if (config.users.size === 0) return { allow: true };
  const { access } = config;
  if (access.openHealthEndpoints && isHealthProbe(request, prefix)) return { allow: true };
  const result = await auth.check(config.users, request.authorization);
  if (!result.ok) return { allow: false, status: 401, reason: result.reason, user: result.user };
  const reading = READ_METHODS.has(request.method);
  const allowed = reading ? access.readUsers : access.pushUsers;
  if (allowed !== undefined && !allowed.includes(result.user)) {
    return { allow: false, status: 403, reason: `not in expofmt.${reading ? 'read_users' : 'push_users'}`, user: result.user };
  }
  return { allow: true, user: result.user };
}

function isHealthProbe(request: RequestLine, prefix: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return request.path === `${prefix}/-/healthy` || request.path === `${prefix}/-/ready`;
}
