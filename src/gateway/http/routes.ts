/**
 * The route table, as Pushgateway's cmd/pushgateway/main.go wires its handlers: method and
 * path below `--web.route-prefix` -> handler, with the counter name each is counted under.
 * Around the table: `/` and the bare prefix redirect to `<prefix>/`, paths outside the
 * prefix and unknown paths answer 404, an unrouted method 405 with `Allow`, `OPTIONS` 200
 * with `Allow` (any `/api/v1/` path: the API's CORS answer), and `HEAD` is served as `GET`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formats } from '../../formats/registry.js';
import type { Gateway } from '../gateway.js';
import { apiMetricsHandler } from './api-metrics.js';
import { apiOptionsHandler } from './api-options.js';
import { apiStatusHandler } from './api-status.js';
import { deleteHandler } from './delete.js';
import { deleteMatchingHandler } from './delete-matching.js';
import { type Handler, counted } from './handler.js';
import { healthyHandler, readyHandler } from './health.js';
import { requestPath, sendText } from './http-util.js';
import { PageRenderer } from './page-renderer.js';
import { PageSlots } from './page-slots.js';
import { pushHandler } from './push.js';
import { quitHandler, quitNotAllowedHandler } from './quit.js';
import { scrapeHandler } from './scrape.js';
import { Turns } from './turns.js';
import { metricsPageHandler, statusPageHandler } from './ui.js';
import { wipeHandler } from './wipe.js';

/** Answers one request; rejects when its handler fails (the server then answers 500). */
export type Router = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function routeTable(gateway: Gateway, stop: (reason: string) => Promise<void>): Router {
  const { config, logger } = gateway;
  const count = (name: string, handler: Handler) => counted(gateway, name, handler);
  const apiOptions = count('api/v1/options', apiOptionsHandler);
  const renderer = new PageRenderer();
  // Pushes, deletes and wipes in arrival order, at most 5 ms of them per turn of the event
  // loop; after them the text page is made ahead of the next scrape (page-renderer.ts).
  const warm = () => renderer.changed(formats.prometheus, () => gateway.store.page().families, gateway.namesMayNeedEscaping);
  const turns = new Turns(5, warm);
  // Expired groups leave the page as a DELETE would.
  gateway.onExpired = warm;
  const push = pushHandler(gateway, turns);
  const slots = new PageSlots(config.maxConcurrentPages);
  const quit = quitHandler(gateway, stop);

  const pushRoute = methods(['DELETE', 'OPTIONS', 'POST', 'PUT'], {
    PUT: count('push', push),
    POST: count('push', push),
    DELETE: count('delete', deleteHandler(gateway, turns)),
  });
  // Later entries win: a telemetry path set to another route's path is that route.
  const exact = new Map<string, Handler>([
    [config.telemetryPath, methods(['GET'], { GET: slots.limit(scrapeHandler(gateway, renderer)) })],
    ['/-/healthy', methods(['GET'], { GET: count('healthy', healthyHandler) })],
    ['/-/ready', methods(['GET'], { GET: count('ready', readyHandler(gateway)) })],
    ['/api/v1/metrics', methods(['GET', 'OPTIONS'], { GET: count('api/v1/metrics', slots.limit(apiMetricsHandler(gateway))), OPTIONS: apiOptions })],
    ['/api/v1/status', methods(['GET', 'OPTIONS'], { GET: count('api/v1/status', apiStatusHandler(gateway)), OPTIONS: apiOptions })],
    ['/', methods(['GET'], { GET: count('status', slots.limit(metricsPageHandler(gateway))) })],
    ['/status', methods(['GET'], { GET: count('status', statusPageHandler(gateway)) })],
    ['/-/quit', methods(['POST', 'PUT'], { PUT: quit, POST: quit }, quitNotAllowedHandler)],
  ]);
  if (config.enableAdminApi) {
    exact.set('/api/v1/admin/wipe', methods(['OPTIONS', 'PUT'], { PUT: count('wipe', wipeHandler(gateway, turns)) }));
    const deleteMatching = count('delete_groups', deleteMatchingHandler(gateway, turns));
    exact.set('/api/v1/admin/delete_groups', methods(['OPTIONS', 'POST', 'PUT'], { PUT: deleteMatching, POST: deleteMatching }));
  }

  return async (req, res) => {
    const deadline = config.writeTimeoutMs > 0 ? performance.now() + config.writeTimeoutMs : Infinity;
    const rawPath = requestPath(req);
    const prefix = config.routePrefix;
    if (prefix !== '' && (rawPath === '/' || rawPath === prefix)) {
      res.writeHead(302, { Location: `${prefix}/` });
      return void res.end();
    }
    if (prefix !== '' && !rawPath.startsWith(`${prefix}/`)) return sendText(res, 404, '404 page not found\n');
    const path = rawPath.slice(prefix.length);
    logger.debug('request', { method: req.method, path });
    if (path.startsWith('/metrics/job/') || path.startsWith('/metrics/job@base64/')) return pushRoute(req, res, path, deadline);
    if (path.startsWith('/api/v1/') && req.method === 'OPTIONS') return apiOptions(req, res, path);
    const handler = exact.get(path);
    if (handler === undefined) return sendText(res, 404, '404 page not found\n');
    return handler(req, res, path, deadline);
  };
}

/** One path's handlers by method; `notAllowed` replaces the plain 405 where Pushgateway words its own. */
function methods(allowed: string[], handlers: Record<string, Handler>, notAllowed?: Handler): Handler {
  return (req, res, path, deadline) => {
    const handler = handlers[req.method === 'HEAD' && handlers.GET ? 'GET' : (req.method ?? '')];
    if (handler !== undefined) return handler(req, res, path, deadline);
    if (req.method === 'OPTIONS') return sendText(res, 200, '', { Allow: allowed.join(', ') });
    if (notAllowed !== undefined) return notAllowed(req, res, path);
    sendText(res, 405, 'Method Not Allowed\n', { Allow: allowed.join(', ') });
  };
}
