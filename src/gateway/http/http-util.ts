/**
 * Small HTTP helpers for the gateway's handlers: reading a request header or body (under a
 * size limit), writing plain-text and JSON replies with Go's headers, and
 * `Accept-Encoding` negotiation for gzip.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import type { Logger } from '../logger.js';
import type { PendingBytes } from '../pending-bytes.js';

/**
 * The headers of every `/api/v1/` reply: Pushgateway's CORS set, and ours so that a
 * browser never runs, sniffs or frames what the API returns.
 */
export const API_HEADERS = {
  'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Date',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
};

/** The request's path, without its query. */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** A handler failed: logged, and answered 500 (or the connection cut, when the answer had begun). */
export function failRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  logger.error('request failed', { method: req.method, path: req.url, err: error instanceof Error ? error.stack : String(error) });
  if (!res.headersSent) sendText(res, 500, 'internal server error\n');
  else res.destroy();
}

/** A request header as one string (repeated ones joined by `, `). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The client closed the connection before its request body was read: nothing to answer, nothing wrong here. */
export class ClientGone extends Error {
  override name = 'ClientGone';
}

/**
 * The whole body; 'too large' as soon as it passes `limit` bytes, 'busy' as soon as it
 * does not fit in `budget` (the rest is discarded either way). A body returned still
 * holds its bytes of the budget: give them back once it is no longer needed.
 */
export function readBody(req: IncomingMessage, limit: number, budget?: PendingBytes): Promise<Uint8Array | 'too large' | 'busy'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (outcome: 'too large' | 'busy') => {
      req.off('data', onData);
      req.resume();
      budget?.give(size);
      size = 0;
      settled = true;
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) return stop('too large');
      if (budget !== undefined && !budget.take(chunk.length)) return stop('busy');
      size += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    let settled = false;
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    const gone = () => {
      if (settled) return;
      settled = true;
      budget?.give(size);
      reject(new ClientGone('the client closed the connection during the upload'));
    };
    req.on('error', gone);
    req.on('close', gone);
  });
}

/**
 * Go's `http.Error` headers; `body` as given (Go's handlers sometimes omit the newline).
 * Written sorted by name, as Go's `http.Header.Write` does (so `Allow` comes before
 * `Content-Type`, as clients comparing header dumps with Pushgateway's expect).
 */
export function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (body === '') {
    res.writeHead(status, sortedHeaders(headers));
    res.end();
    return;
  }
  res.writeHead(status, sortedHeaders({ 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers }));
  res.end(body);
}

function sortedHeaders(headers: Record<string, string>): Record<string, string> {
  const names = Object.keys(headers);
  if (names.length < 2) return headers;
  return Object.fromEntries(names.sort().map((name) => [name, headers[name]]));
}

/** Writes `body`, gzipped when the client accepts it. */
export function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (acceptsGzip(req.headers['accept-encoding'])) {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', ...headers });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const gzip = createGzip();
    gzip.pipe(res);
    gzip.end(body);
    return;
  }
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** True when `gzip` (or `*`) is listed with a non-zero quality. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  for (const part of value.split(',')) {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}
