/**
 * The server `--web.config.file` asks for: plain `node:http` without the flag or without
 * TLS in the file, else `node:https` with the file's certificate, re-read when it changes
 * (checked as each connection arrives, before its handshake). Around the route table:
 * the toolkit's rate limit, its extra headers, basic authentication, and expofmt's roles.
 *
 * `expofmt serve` splits these between its threads (src/gateway/threads/): its front
 * accepts the connections (`createFrontDoor`: TLS ends there) and the store thread's
 * server, behind it, applies the checks to each request (`createWebServer`, `behindFront`).
 */
import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type Server as HttpsServer, createServer as createHttpsServer } from 'node:https';
import { type Socket, type Server as TcpServer, createServer as createTcpServer } from 'node:net';
import { type TLSSocket, type Server as TlsServer, createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../logger.js';
import { admit } from '../web-config/access.js';
import { BasicAuth } from '../web-config/basic-auth.js';
import { LiveWebConfig } from '../web-config/live-web-config.js';
import { RateLimiter } from '../web-config/rate-limiter.js';
import { clientCertProblem } from '../web-config/tls-context.js';
import { header, requestPath, sendText } from './http-util.js';

type Router = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type Guard = (router: Router) => Router;

export interface WebServer {
  /** An `https.Server` when TLS is on; it has every method of `http.Server`. */
  server: Server;
  scheme: 'http' | 'https';
  /** The route table behind the web configuration's checks; the table itself without a file. */
  guard: Guard;
}

/**
 * Throws `WebConfigError` (naming the field) when the file cannot be used. `behindFront`:
 * plain HTTP whatever the file says (the front ended TLS), with the file's checks.
 */
export function createWebServer(webConfigFile: string, routePrefix: string, logger: Logger, onRequest: RequestListener, behindFront = false): WebServer {
  if (webConfigFile === '') return { server: createHttpServer(onRequest), scheme: 'http', guard: (router) => router };
  let https: HttpsServer | undefined;
  const live = new LiveWebConfig(webConfigFile, logger, (tls) => https?.setSecureContext(tls.context));
  const { tls } = live.current;
  let server: Server;
  if (tls === undefined || behindFront) {
    server = createHttpServer(onRequest);
    if (!behindFront) logger.info('TLS is disabled.', { http2: false });
  } else {
    https = createHttpsServer({ ...tls.context, requestCert: tls.requestCert, rejectUnauthorized: tls.rejectUnauthorized }, onRequest);
    server = https;
    secure(https, live, logger);
  }
  if (!behindFront) refreshOnConnection(server, live);
  return { server, scheme: https === undefined ? 'http' : 'https', guard: checks(live, routePrefix, logger, true) };
}

export interface FrontDoor {
  /** Accepts connections; TLS ones are handed over once their handshake is done. */
  server: TcpServer;
  scheme: 'http' | 'https';
  /** The file's checks, for the requests the front answers itself. */
  guard: Guard;
}

/**
 * The front's listener: hands each connection (TLS ended) to `onSocket`, half-open allowed
 * (as node:http allows it: a client may end its side and still read the answer); throws
 * `WebConfigError` as createWebServer.
 */
export function createFrontDoor(webConfigFile: string, routePrefix: string, logger: Logger, onSocket: (socket: Socket) => void): FrontDoor {
  if (webConfigFile === '') return { server: createTcpServer({ allowHalfOpen: true }, onSocket), scheme: 'http', guard: (router) => router };
  let server: TcpServer;
  let tlsServer: TlsServer | undefined;
  const live = new LiveWebConfig(webConfigFile, logger, (tls) => tlsServer?.setSecureContext(tls.context));
  const { tls } = live.current;
  if (tls === undefined) {
    server = createTcpServer({ allowHalfOpen: true }, onSocket);
    logger.info('TLS is disabled.', { http2: false });
  } else {
    tlsServer = createTlsServer({ ...tls.context, requestCert: tls.requestCert, rejectUnauthorized: tls.rejectUnauthorized, allowHalfOpen: true }, (socket) => {
      if (!socket.destroyed) onSocket(socket);
    });
    server = tlsServer;
    secure(tlsServer, live, logger);
  }
  refreshOnConnection(server, live);
  // The store thread announces the checks it applies; the front applies the same ones quietly.
  return { server, scheme: tlsServer === undefined ? 'http' : 'https', guard: checks(live, routePrefix, logger, false) };
}

/** The client certificate checks of the file and the log lines of TLS. */
function secure(server: TlsServer, live: LiveWebConfig, logger: Logger): void {
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const tlsConfig = live.current.config.tls;
    const problem = tlsConfig === undefined ? undefined : clientCertProblem(socket, tlsConfig);
    if (problem === undefined) return;
    logger.info('TLS client refused', { remote: socket.remoteAddress, reason: problem });
    socket.destroy();
  });
  server.on('tlsClientError', (error, socket) => logger.debug('TLS handshake error', { remote: socket.remoteAddress, err: error.message }));
  // Node's https serves HTTP/1.1 only: `http2: true` (the toolkit's default) is not honoured.
  logger.info('TLS is enabled.', { http2: false, client_auth_type: live.current.config.tls?.clientAuthType });
}

/** Before anything else sees a new connection (before its TLS handshake), so that a rotated certificate or a changed file serves it. */
function refreshOnConnection(server: TcpServer, live: LiveWebConfig): void {
  server.prependListener('connection', () => live.refresh());
}

/** The rate limit, the extra headers, basic authentication and the roles, around a route table. */
function checks(live: LiveWebConfig, routePrefix: string, logger: Logger, announce: boolean): Guard {
  const { config } = live.current;
  const auth = new BasicAuth();
  const limiter = config.rateLimit === undefined ? undefined : new RateLimiter(config.rateLimit.intervalMs, config.rateLimit.burst);
  if (announce && config.rateLimit !== undefined)
    logger.info('Rate Limiter is enabled.', { burst: config.rateLimit.burst, interval_ms: config.rateLimit.intervalMs });
  if (announce && config.users.size > 0) logger.info('basic authentication is enabled', { users: config.users.size });

  return (router) => async (req, res) => {
    // Kept-alive connections see a change of users or headers within a second.
    live.refresh(1000);
    const { config } = live.current;
    if (limiter !== undefined && !limiter.allow()) return sendText(res, 429, 'Too Many Requests\n');
    // The file's headers first: a handler's own value of the same header wins, as in the toolkit.
    for (const [name, value] of Object.entries(config.headers)) res.setHeader(name, value);
    const path = requestPath(req);
    const method = req.method ?? 'GET';
    const verdict = await admit({ method, path, authorization: header(req, 'authorization') }, config, auth, routePrefix);
    if (verdict.allow) return router(req, res);
    // Never the password: who, what, and why.
    const fields = { method, path, user: verdict.user, remote: req.socket.remoteAddress, reason: verdict.reason };
    if (verdict.status === 401) {
      if (verdict.reason === 'no credentials') logger.info('request without credentials refused', fields);
      else logger.warn('authentication failed', fields);
      return sendText(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': 'Basic' });
    }
    logger.warn('request forbidden', fields);
    return sendText(res, 403, 'Forbidden\n');
  };
}
