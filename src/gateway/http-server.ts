/**
 * The HTTP face of the gateway: Pushgateway's routes under `--web.route-prefix`, each a
 * few lines that read the request, call the Gateway, and write its reply. Also the
 * request counters and push summaries, and a graceful stop (stop accepting, let running
 * requests finish, persist, close).
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { writeChunks } from '../render/write-text.js';
import { renderProtobuf } from '../protobuf/render-protobuf.js';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, negotiateFormat } from '../protobuf/media-type.js';
import { splitHostPort } from './flags.js';
import { type Gateway, tooLargeReply } from './gateway.js';
import { acceptsGzip, readBody, sendBody, sendText } from './http-util.js';
import { PageRenderer } from './page-renderer.js';
import { metricsPage, statusPage } from './ui-pages.js';

const TEXT_FORMAT = 'text/plain; version=0.0.4; charset=utf-8';
const API_HEADERS = {
  'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Date',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
};
/** How long a stop waits for running requests before cutting their connections. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningGateway {
  gateway: Gateway;
  server: Server;
  /** `http://host:port` as bound (port 0 resolved). */
  url: string;
  /** Stops accepting, waits for running requests, persists, closes. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Settles once stopped, whoever asked (a signal, /-/quit, `stop`). */
  stopped: Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void;

export async function startServer(gateway: Gateway): Promise<RunningGateway> {
  const { config, logger } = gateway;
  let inFlight = 0;
  let stopping: Promise<void> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));

  const server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    if (stopping !== undefined) res.setHeader('Connection', 'close');
    route(req, res).catch((error: unknown) => {
      logger.error('request failed', { method: req.method, path: req.url, err: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) sendText(res, 500, 'internal server error\n');
      else res.destroy();
    });
  });

  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      logger.info('stopping gracefully', { reason });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const started = Date.now();
        const poll = setInterval(() => {
          if (inFlight === 0 || Date.now() - started > DRAIN_TIMEOUT_MS) {
            clearInterval(poll);
            server.closeAllConnections();
          }
        }, 20);
      });
      try {
        await gateway.close();
      } finally {
        logger.info('HTTP server stopped');
        markStopped();
      }
    })();
    return stopping;
  };

  const counted = (handler: string, fn: Handler): Handler => (req, res, path) => {
    res.on('finish', () => gateway.own.requests.inc({ code: String(res.statusCode), handler, method: (req.method ?? '').toLowerCase() }));
    return fn(req, res, path);
  };

  const push: Handler = async (req, res, path) => {
    const started = performance.now();
    const method = req.method === 'PUT' ? 'PUT' : 'POST';
    const body = await readBody(req, config.maxBodyBytes);
    if (body === 'too large') {
      const reply = tooLargeReply(config.maxBodyBytes);
      sendText(res, reply.status, reply.body, { Connection: 'close' });
      return;
    }
    const reply = await gateway.push({ method, path, body, contentEncoding: header(req, 'content-encoding'), contentType: header(req, 'content-type') });
    sendText(res, reply.status, reply.body);
    const labels = { method: method.toLowerCase() };
    gateway.own.pushSize.observe(labels, body.length);
    gateway.own.pushDuration.observe(labels, (performance.now() - started) / 1000);
  };

  const renderer = new PageRenderer();
  const scrape: Handler = async (req, res) => {
    const families = await gateway.scrapeFamilies();
    // Delimited protobuf when Accept prefers it, as promhttp negotiates; text otherwise.
    const protobuf = negotiateFormat(header(req, 'accept')) === 'protobuf';
    const type = protobuf ? PROTOBUF_DELIMITED_CONTENT_TYPE : TEXT_FORMAT;
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    res.writeHead(200, gzip ? { 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : { 'Content-Type': type });
    if (req.method === 'HEAD') return void res.end();
    // Level 1: a 1.6 MB page compresses in about a quarter of level 6's time (6 vs 23 ms
    // measured), for output a third larger; a scrape is latency-bound, not bandwidth-bound.
    const sink = gzip ? createGzip({ level: 1 }) : new PassThrough();
    // The pipeline's outcome is taken at once: a client that hangs up mid-page rejects it
    // (ERR_STREAM_PREMATURE_CLOSE) while the page is still being written, and an unhandled
    // rejection would end the process. Such a scrape just stops, quietly.
    const done = pipeline(sink, res).then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      if (protobuf) {
        sink.end(renderProtobuf(families));
      } else {
        await writeChunks(sink, renderer.chunks(families));
        sink.end();
      }
    } catch (error) {
      if (!res.destroyed) throw error;
    }
    const failed = await done;
    if (failed !== undefined && !res.destroyed) throw failed;
  };

  const methods = (allowed: string[], handlers: Record<string, Handler>, notAllowed?: Handler): Handler => (req, res, path) => {
    const handler = handlers[req.method === 'HEAD' && handlers.GET ? 'GET' : (req.method ?? '')];
    if (handler !== undefined) return handler(req, res, path);
    if (req.method === 'OPTIONS') return sendText(res, 200, '', { Allow: allowed.join(', ') });
    if (notAllowed !== undefined) return notAllowed(req, res, path);
    sendText(res, 405, 'Method Not Allowed\n', { Allow: allowed.join(', ') });
  };

  const text = (body: string): Handler => (_req, res) => sendText(res, 200, body);
  const api = (body: () => string): Handler => (req, res) => sendBody(req, res, 200, 'application/json', body(), API_HEADERS);
  const html = (page: () => string): Handler => (req, res) => sendBody(req, res, 200, 'text/html; charset=utf-8', page());
  const apiOptions = counted('api/v1/options', (_req, res) => sendText(res, 200, '', API_HEADERS));

  const pushRoute = methods(['DELETE', 'OPTIONS', 'POST', 'PUT'], {
    PUT: counted('push', push),
    POST: counted('push', push),
    DELETE: counted('delete', async (_req, res, path) => {
      const reply = await gateway.delete(path);
      sendText(res, reply.status, reply.body);
    }),
  });

  const exact = new Map<string, Handler>([
    [config.telemetryPath, methods(['GET'], { GET: scrape })],
    ['/-/healthy', methods(['GET'], { GET: counted('healthy', text('OK')) })],
    ['/-/ready', methods(['GET'], { GET: counted('ready', text('OK')) })],
    ['/api/v1/metrics', methods(['GET', 'OPTIONS'], { GET: counted('api/v1/metrics', api(() => gateway.apiMetrics())), OPTIONS: apiOptions })],
    ['/api/v1/status', methods(['GET', 'OPTIONS'], { GET: counted('api/v1/status', api(() => gateway.apiStatus())), OPTIONS: apiOptions })],
    ['/', methods(['GET'], { GET: counted('status', html(() => metricsPage(gateway.groups(), pageOptions()))) })],
    ['/status', methods(['GET'], { GET: counted('status', html(() => statusPage(gateway, pageOptions()))) })],
    [
      '/-/quit',
      methods(
        ['POST', 'PUT'],
        Object.fromEntries(
          ['PUT', 'POST'].map((m) => [
            m,
            (_req: IncomingMessage, res: ServerResponse) => {
              if (!config.enableLifecycle) return sendText(res, 403, 'Lifecycle API is not enabled.');
              sendText(res, 200, 'Requesting termination... Goodbye!');
              res.on('finish', () => void stop('/-/quit requested').catch(() => {}));
            },
          ]),
        ),
        (_req, res) => sendText(res, 405, 'Only POST or PUT requests allowed.'),
      ),
    ],
  ]);
  if (config.enableAdminApi) {
    exact.set(
      '/api/v1/admin/wipe',
      methods(['OPTIONS', 'PUT'], {
        PUT: counted('wipe', async (_req, res) => {
          const reply = await gateway.wipe();
          sendText(res, reply.status, reply.body);
        }),
      }),
    );
  }

  const pageOptions = () => ({ prefix: config.routePrefix, adminApi: config.enableAdminApi });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const rawPath = query < 0 ? url : url.slice(0, query);
    const prefix = config.routePrefix;
    if (prefix !== '' && (rawPath === '/' || rawPath === prefix)) {
      res.writeHead(302, { Location: `${prefix}/` });
      return void res.end();
    }
    if (prefix !== '' && !rawPath.startsWith(`${prefix}/`)) return sendText(res, 404, '404 page not found\n');
    const path = rawPath.slice(prefix.length);
    logger.debug('request', { method: req.method, path });
    if (path.startsWith('/metrics/job/') || path.startsWith('/metrics/job@base64/')) return pushRoute(req, res, path);
    if (path.startsWith('/api/v1/') && req.method === 'OPTIONS') return apiOptions(req, res, path);
    const handler = exact.get(path);
    if (handler === undefined) return sendText(res, 404, '404 page not found\n');
    return handler(req, res, path);
  }

  const { host, port } = splitHostPort(config.listenAddress);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info('Listening on', { address: `${shown}:${address.port}` });
  return { gateway, server, url: `http://${shown}:${address.port}`, stop, stopped };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
