/**
 * The gateway's HTTP server: listens on `--web.listen-address`, hands every request to the
 * route table (routes.ts), answers 500 when a handler fails, and stops gracefully: stop
 * accepting, let running requests finish, persist, close.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Server as TcpServer } from 'node:net';
import { splitHostPort } from '../config/flags.js';
import type { Gateway } from '../gateway.js';
import type { Logger } from '../logger.js';
import { ClientGone, failRequest } from './http-util.js';
import { routeTable } from './routes.js';
import { WriteTimeout } from './stream-page.js';
import { acceptFromFront } from './client-address.js';
import { createWebServer } from './web-server.js';

/** How long a stop waits for running requests before cutting their connections. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningGateway {
  gateway: Gateway;
  server: Server;
  /** `http://host:port` (`https://` with TLS) as bound (port 0 resolved). */
  url: string;
  /** Stops accepting, waits for running requests, persists, closes. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Settles once stopped, whoever asked (a signal, /-/quit, `stop`); rejects when the final save failed. */
  stopped: Promise<void>;
}

/** Where a gateway behind `expofmt serve`'s front thread listens instead (src/gateway/threads/front.ts). */
export interface BehindFront {
  /** A Unix socket (a named pipe on Windows) that only the front connects to. */
  socketPath: string;
  /** Told as a stop begins, whoever asked (a `/-/quit`, or the front), so that the front stops accepting too. */
  onStopping(reason: string): void;
}

/**
 * Serves the gateway on `--web.listen-address`, with TLS and authentication from
 * `--web.config.file`; or, `behind` a front thread, on its socket: TLS ended in the front,
 * each connection's first line names its client (client-address.ts), the checks are here.
 */
export async function startServer(gateway: Gateway, behind?: BehindFront): Promise<RunningGateway> {
  const { config, logger } = gateway;
  let inFlight = 0;
  let stopping: Promise<void> | undefined;
  let markStopped!: (failure?: unknown) => void;
  const stopped = new Promise<void>((resolve, reject) => (markStopped = (failure) => (failure === undefined ? resolve() : reject(failure))));
  // Whoever awaits `stopped` sees a failure; nobody awaiting it is no crash.
  stopped.catch(() => {});

  // Plain HTTP, or TLS and authentication from --web.config.file (web-server.ts).
  const web = createWebServer(
    config.webConfigFile,
    config.routePrefix,
    logger,
    (req, res) => {
      inFlight++;
      res.on('close', () => inFlight--);
      if (stopping !== undefined) res.setHeader('Connection', 'close');
      route(req, res).catch((error: unknown) => {
        if (error instanceof WriteTimeout) {
          logger.warn('cut off a client that did not read its page in time', {
            method: req.method,
            path: req.url,
            timeout: `${config.writeTimeoutMs / 1000}s`,
          });
          return;
        }
        if (error instanceof ClientGone) {
          logger.debug('client closed the connection before the request was read', { method: req.method, path: req.url });
          res.destroy();
          return;
        }
        failRequest(logger, req, res, error);
      });
    },
    behind !== undefined,
  );

  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      logger.info('stopping gracefully', { reason });
      behind?.onStopping(reason);
      await drain(server, () => inFlight);
      let failure: unknown;
      try {
        await gateway.close();
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        logger.info('HTTP server stopped');
        markStopped(failure);
      }
    })();
    return stopping;
  };

  const server = web.server;
  const route = web.guard(routeTable(gateway, stop));
  // Every connection costs memory, an idle one too: their number is bounded (as Prometheus' --web.max-connections).
  // Behind a front, the front bounds them: its connections to this server are one per running request.
  if (config.maxConnections > 0 && behind === undefined) server.maxConnections = config.maxConnections;

  if (behind !== undefined) {
    acceptFromFront(server);
    await listen(server, behind.socketPath);
    return { gateway, server, url: `unix:${behind.socketPath}`, stop, stopped };
  }
  const url = await listenPublicly(server, config.listenAddress, web.scheme, logger);
  return { gateway, server, url, stop, stopped };
}

/** Listens on `--web.listen-address` and logs where; resolves to the URL (port 0 resolved). */
export async function listenPublicly(server: TcpServer, listenAddress: string, scheme: string, logger: Logger): Promise<string> {
  const { host, port } = splitHostPort(listenAddress);
  await listen(server, port, host === '' ? undefined : host);
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info('Listening on', { address: `${shown}:${address.port}` });
  return `${scheme}://${shown}:${address.port}`;
}

function listen(server: TcpServer, ...where: [string] | [number, string | undefined]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(...(where as [number, string]), () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, closes idle connections, and waits for running requests (cut off after 10 s). */
function drain(server: Server, inFlight: () => number): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    const started = Date.now();
    const poll = setInterval(() => {
      if (inFlight() === 0 || Date.now() - started > DRAIN_TIMEOUT_MS) {
        clearInterval(poll);
        server.closeAllConnections();
      }
    }, 20);
  });
}
