/**
 * GET on the telemetry path (`--web.telemetry-path`, Pushgateway's promhttp handler): the
 * page of the own metrics and every group, as delimited protobuf when `Accept` prefers it
 * (as promhttp negotiates) and as text 0.0.4 otherwise, gzipped when accepted.
 */
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, negotiateFormat } from '../../protobuf/media-type.js';
import { renderProtobuf } from '../../protobuf/render-protobuf.js';
import { writeChunks } from '../../render/write-text.js';
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { acceptsGzip, header } from './http-util.js';
import { PageRenderer } from './page-renderer.js';

const TEXT_FORMAT = 'text/plain; version=0.0.4; charset=utf-8';

export function scrapeHandler(gateway: Gateway): Handler {
  const renderer = new PageRenderer();
  return async (req, res) => {
    const families = await gateway.scrapeFamilies();
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
}
