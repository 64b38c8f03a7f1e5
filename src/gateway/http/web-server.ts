/**
 * The server `--web.config.file` asks for: plain `node:http` without the flag or without
 * TLS in the file, else `node:https` with the file's certificate, re-read when it changes
 * (checked as each connection arrives, before its handshake). Around the route table:
 * the toolkit's rate limit, its extra headers, basic authentication, and expofmt's roles.
 */
import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type Server as HttpsServer, createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../logger.js';
import { admit } from '../web-config/access.js';
import { BasicAuth } from '../web-config/basic-auth.js';
import { LiveWebConfig } from '../web-config/live-web-config.js';
import { RateLimiter } from '../web-config/rate-limiter.js';
import { clientCertProblem } from '../web-config/tls-context.js';
import { header, sendText } from './http-util.js';

type Router = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebServer {
  /** An `https.Server` when TLS is on; it has every method of `http.Server`. */
  server: Server;
  scheme: 'http' | 'https';
  /** The route table behind the web configuration's checks; the table itself without a file. */
  guard(router: Router): Router;
}

/** Throws `WebConfigError` (naming the field) when the file cannot be used. */
export function createWebServer(webConfigFile: string, routePrefix: string, logger: Logger, onRequest: RequestListener): WebServer {
  if (webConfigFile === '') return { server: createHttpServer(onRequest), scheme: 'http', guard: (router) => router };
  let https: HttpsServer | undefined;
  const live = new LiveWebConfig(webConfigFile, logger, (tls) => https?.setSecureContext(tls.context));
  const { config, tls } = live.current;
  let server: Server;
  if (tls === undefined) {
    server = createHttpServer(onRequest);
    logger.info('TLS is disabled.', { http2: false });
  } else {
    https = createHttpsServer({ ...tls.context, requestCert: tls.requestCert, rejectUnauthorized: tls.rejectUnauthorized }, onRequest);
    https.prependListener('secureConnection', (socket: TLSSocket) => {
      const tlsConfig = live.current.config.tls;
      const problem = tlsConfig === undefined ? undefined : clientCertProblem(socket, tlsConfig);
      if (problem === undefined) return;
      logger.info('TLS client refused', { remote: socket.remoteAddress, reason: problem });
      socket.destroy();
    });
    https.on('tlsClientError', (error, socket) => logger.debug('TLS handshake error', { remote: socket.remoteAddress, err: error.message }));
    server = https;
    // Node's https serves HTTP/1.1 only: `http2: true` (the toolkit's default) is not honoured.
    logger.info('TLS is enabled.', { http2: false, client_auth_type: config.tls?.clientAuthType });
  }
  // Before anything else sees a new connection (before its TLS handshake), so that a rotated
  // certificate or a changed file serves it.
  server.prependListener('connection', () => live.refresh());
  const auth = new BasicAuth();
  const limiter = config.rateLimit === undefined ? undefined : new RateLimiter(config.rateLimit.intervalMs, config.rateLimit.burst);
  if (config.rateLimit !== undefined) logger.info('Rate Limiter is enabled.', { burst: config.rateLimit.burst, interval_ms: config.rateLimit.intervalMs });
  if (config.users.size > 0) logger.info('basic authentication is enabled', { users: config.users.size });

  const guard =
    (router: Router): Router =>
    async (req, res) => {
      // Kept-alive connections see a change of users or headers within a second.
      live.refresh(1000);
      const { config } = live.current;
      if (limiter !== undefined && !limiter.allow()) return sendText(res, 429, 'Too Many Requests\n');
      // The file's headers first: a handler's own value of the same header wins, as in the toolkit.
      for (const [name, value] of Object.entries(config.headers)) res.setHeader(name, value);
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const path = query < 0 ? url : url.slice(0, query);
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
  return { server, scheme: https === undefined ? 'http' : 'https', guard };
}
