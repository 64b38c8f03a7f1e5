/**
 * GET on the telemetry path (`--web.telemetry-path`, Pushgateway's promhttp handler): the
 * page of the own metrics and every group, as delimited protobuf when `Accept` prefers it
 * (as promhttp negotiates: src/formats/negotiate.ts) and as text 0.0.4 otherwise, gzipped
 * when accepted, with names under the escaping scheme the `Accept` names (`underscores`
 * when none: UTF-8 names reach old scrapers escaped). Either is made by PageRenderer,
 * which reuses what did not change since the last scrape, and streamed.
 *
 * A page can be tens of megabytes while pushes keep coming: it is written in time slices
 * of 20 ms, yielding to the event loop between them, so that no push or health check waits
 * behind it for more than a slice, and in large writes, gzipped in the same slices
 * (sliced-gzip.ts), so that it needs few turns of the loop. A slow reader slows the
 * writing down (backpressure) instead of filling memory.
 */
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { negotiateScrape } from '../../formats/negotiate.js';
import { drained } from '../../render/write-text.js';
import { type Gateway, goErrors } from '../gateway.js';
import type { Handler } from './handler.js';
import { acceptsGzip, header } from './http-util.js';
import type { PageRenderer } from './page-renderer.js';
import { SlicedGzip } from './sliced-gzip.js';

/**
 * Work between two yields to the event loop, in ms: each yield waits for a turn of the
 * loop (pushes, health checks), so fewer, longer slices finish a big page sooner.
 */
const SLICE_MS = 20;
const GZIP_LEVEL = 1;
/** Bytes handed to the sink at once: small chunks are joined up to this. */
const WRITE_BYTES = 4 << 20;
/** A chunk this big is handed on alone. */
const BIG_CHUNK = 256 << 10;

export function scrapeHandler(gateway: Gateway, renderer: PageRenderer): Handler {
  return async (req, res) => {
    const families = await gateway.scrapeFamilies();
    const { format, escaping, escapingAsked, contentType } = negotiateScrape(header(req, 'accept'));
    // Pushgateway 1.11 always names the scheme; with UTF-8 names off and none asked for,
    // the page is 1.5.1's and so is its Content-Type.
    const type = escapingAsked || gateway.config.enableUtf8Names ? contentType : format.contentType;
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    res.writeHead(200, gzip ? { 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : { 'Content-Type': type });
    if (req.method === 'HEAD') return void res.end();
    // Level 1: a 1.6 MB page compresses in about a quarter of level 6's time (6 vs 23 ms
    // measured), for output a third larger; a scrape is latency-bound, not bandwidth-bound.
    // The page is compressed in the slices it is written in (sliced-gzip.ts); a Node without
    // zlib.crc32 uses a zlib stream.
    const sliced = gzip ? SlicedGzip.create(GZIP_LEVEL) : undefined;
    const sink = gzip && sliced === undefined ? createGzip({ level: GZIP_LEVEL }) : new PassThrough({ writableHighWaterMark: WRITE_BYTES });
    // The pipeline's outcome is taken at once: a client that hangs up mid-page rejects it
    // (ERR_STREAM_PREMATURE_CLOSE) while the page is still being written, and an unhandled
    // rejection would end the process. Such a scrape just stops, quietly.
    const done = pipeline(sink, res).then(
      () => undefined,
      (error: unknown) => error,
    );
    const page = renderer.page(format, families, escaping, gateway.namesMayNeedEscaping);
    if (page.conflicts.length > 0) {
      gateway.logger.warn('left metrics whose names collide once escaped out of the scrape', {
        escaping,
        count: page.conflicts.length,
        err: goErrors(page.conflicts),
      });
    }
    let error: unknown;
    let alive = true;
    try {
      await writeSliced(sink, page.chunks, sliced);
      sink.end();
    } catch (caught) {
      error = caught;
      alive = !res.destroyed;
      // Whatever went wrong, the pipeline ends, and with it every use of the page's buffers.
      sink.destroy();
    }
    const failed = await done;
    page.release();
    if (error !== undefined) {
      if (alive) throw error;
    } else if (failed !== undefined && !res.destroyed) throw failed;
  };
}

/** Writes the chunks in order (through `gzip` if given), joining small ones, and yields to the event loop every slice. */
async function writeSliced(sink: NodeJS.WritableStream, chunks: Iterable<string | Uint8Array>, gzip: SlicedGzip | undefined): Promise<void> {
  let pending: Uint8Array[] = [];
  let size = 0;
  let slice = performance.now();
  const write = async (data: string | Uint8Array): Promise<void> => {
    const out = gzip === undefined ? data : gzip.write(typeof data === 'string' ? Buffer.from(data) : data);
    // A drain can come within the same turn of the loop (a socket that took it all): it is no yield.
    if (!sink.write(out)) await drained(sink);
  };
  const flush = async (): Promise<void> => {
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    await write(data);
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string' || chunk.length >= BIG_CHUNK) {
      // Strings, and blocks big enough, go as they are: no copy.
      if (size > 0) await flush();
      if (chunk.length > 0) await write(chunk);
    } else if (chunk.length > 0) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= WRITE_BYTES) await flush();
    }
    if (performance.now() - slice >= SLICE_MS) {
      await nextTurn();
      slice = performance.now();
    }
  }
  if (size > 0) await flush();
  if (gzip !== undefined && !sink.write(gzip.end())) await drained(sink);
}
