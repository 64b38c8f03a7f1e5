/**
 * What serves a route: a function of the request, the response and the path below the
 * route prefix. `counted` counts a handler's replies in `pushgateway_http_requests_total`
 * by code, handler name and method, as Pushgateway's `InstrumentWithCounter` does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../gateway.js';

/** `deadline`: the `performance.now()` time by which a long answer (a page) must be written (--web.write-timeout). */
export type Handler = (req: IncomingMessage, res: ServerResponse, path: string, deadline?: number) => Promise<void> | void;

export function counted(gateway: Gateway, handler: string, fn: Handler): Handler {
  return (req, res, path, deadline) => {
    res.on('finish', () => gateway.own.requests.inc({ code: String(res.statusCode), handler, method: (req.method ?? '').toLowerCase() }));
    return fn(req, res, path, deadline);
  };
}
