/**
 * GET on the telemetry path (`--web.telemetry-path`, Pushgateway's promhttp handler): the
 * page of the own metrics and every group, as delimited protobuf when `Accept` prefers it
 * (as promhttp negotiates: src/formats/negotiate.ts) and as text 0.0.4 otherwise, gzipped
 * when accepted. Either is made from per-family encodings cached by PageRenderer.
 */
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { negotiate } from '../../formats/negotiate.js';
import { joinBytes } from '../../formats/registry.js';
import { writeChunks } from '../../render/write-text.js';
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { acceptsGzip, header } from './http-util.js';
import { PageRenderer } from './page-renderer.js';

export function scrapeHandler(gateway: Gateway): Handler {
  const renderer = new PageRenderer();
  return async (req, res) => {
    const families = await gateway.scrapeFamilies();
    const format = negotiate(header(req, 'accept'));
    const type = format.contentType;
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
      // A binary page goes out in one write, as it always has; text is streamed.
      if (format.binary) {
        sink.end(joinBytes(renderer.chunks(format, families)));
      } else {
        await writeChunks(sink, renderer.chunks(format, families));
        sink.end();
      }
    } catch (error) {
      if (!res.destroyed) throw error;
    }
    const failed = await done;
    if (failed !== undefined && !res.destroyed) throw failed;
  };
}
