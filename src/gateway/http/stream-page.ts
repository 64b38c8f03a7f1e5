/**
 * Writes a page (the scrape, the UI's Metrics page, /api/v1/metrics) as it is made: its
 * chunks go out in time slices of 10 ms, yielding to the event loop between them, so
 * that no push or health check waits behind a big page for more than a slice; gzipped
 * on the thread pool, piece by piece (sliced-gzip.ts), when the client accepts it. A slow
 * reader slows the writing down (backpressure) instead of filling memory, and one that
 * has not taken the whole page by the deadline is cut off, so that it cannot hold what
 * the page pins (its slot, its snapshot of the groups, renderings a newer page replaced)
 * for ever.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { drained } from '../../render/write-text.js';
import { acceptsGzip } from './http-util.js';
import { SlicedGzip } from './sliced-gzip.js';

/**
 * Work between two yields to the event loop, in ms: each yield waits for a turn of the
 * loop (pushes, health checks), so fewer, longer slices finish a big page sooner.
 */
const SLICE_MS = 10;
const GZIP_LEVEL = 1;
/** Bytes handed to the sink at once: small chunks are joined up to this. */
const WRITE_BYTES = 4 << 20;
/** A chunk this big is handed on alone. */
const BIG_CHUNK = 256 << 10;
/**
 * gzip pieces compressed ahead of the one being sent: with it, three of the pool's four
 * threads at most, so that the journal's file writes always find one.
 */
const MAX_COMPRESSING = 2;

export interface Page {
  contentType: string;
  /** More headers (the UI's security headers, the API's CORS set). */
  headers?: Readonly<Record<string, string>>;
  /** The page, each step of the iteration a bounded amount of work. */
  chunks: Iterable<string | Uint8Array>;
  /** Called once the chunks are written out or given up (whatever the outcome). */
  release?: () => void;
}

/** Thrown when a reader did not take the page before the deadline (--web.write-timeout). */
export class WriteTimeout extends Error {
  override name = 'WriteTimeout';
}

/**
 * Writes `page` as the 200 answer to `req` and resolves once it is written, or once the
 * client went away (quietly). `deadline` is a `performance.now()` time; past it, the
 * connection is cut and `WriteTimeout` thrown.
 */
export async function streamPage(req: IncomingMessage, res: ServerResponse, page: Page, deadline = Infinity): Promise<void> {
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  const headers = { 'Content-Type': page.contentType, ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}), ...page.headers };
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    page.release?.();
    return void res.end();
  }
  // Level 1: a 1.6 MB page compresses in about a quarter of level 6's time, for output a
  // third larger; a scrape is latency-bound, not bandwidth-bound. A Node without
  // zlib.crc32 uses a zlib stream.
  const sliced = gzip ? SlicedGzip.create(GZIP_LEVEL) : undefined;
  const sink = gzip && sliced === undefined ? createGzip({ level: GZIP_LEVEL }) : new PassThrough({ writableHighWaterMark: WRITE_BYTES });
  // The pipeline's outcome is taken at once: a client that hangs up mid-page rejects it
  // (ERR_STREAM_PREMATURE_CLOSE) while the page is still being written, and an unhandled
  // rejection would end the process. Such a page just stops, quietly.
  const done = pipeline(sink, res).then(
    () => undefined,
    (error: unknown) => error,
  );
  let timedOut = false;
  const timer =
    deadline === Infinity
      ? undefined
      : setTimeout(
          () => {
            timedOut = true;
            res.destroy();
            sink.destroy();
          },
          Math.max(0, deadline - performance.now()),
        );
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
  clearTimeout(timer);
  page.release?.();
  if (timedOut) throw new WriteTimeout('the client did not read the page before the write timeout (--web.write-timeout)');
  if (error !== undefined) {
    if (alive) throw error;
  } else if (failed !== undefined && !res.destroyed) throw failed;
}

/** Writes the chunks in order (through `gzip` if given), joining small ones, and yields to the event loop every slice. */
async function writeSliced(sink: NodeJS.WritableStream, chunks: Iterable<string | Uint8Array>, gzip: SlicedGzip | undefined): Promise<void> {
  let pending: Uint8Array[] = [];
  let size = 0;
  let slice = performance.now();
  // Pieces being compressed on the thread pool, in page order.
  const compressing: Array<Promise<Uint8Array>> = [];
  const send = async (data: string | Uint8Array): Promise<void> => {
    // A drain can come within the same turn of the loop (a socket that took it all): it is no yield.
    if (!sink.write(data)) await drained(sink);
  };
  const write = async (data: string | Uint8Array): Promise<void> => {
    if (gzip === undefined) return send(data);
    const piece = gzip.write(typeof data === 'string' ? Buffer.from(data) : data);
    // Awaited in turn below; until then a failure must not count as unhandled.
    piece.catch(() => {});
    compressing.push(piece);
    if (compressing.length > MAX_COMPRESSING) await send(await compressing.shift()!);
  };
  const flush = async (): Promise<void> => {
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
    pending = [];
    size = 0;
    await write(data);
  };
  for (const chunk of chunks) {
    if (chunk.length >= BIG_CHUNK) {
      // Big blocks and strings go as they are: no copy.
      if (size > 0) await flush();
      await write(chunk);
    } else if (chunk.length > 0) {
      // Small ones are joined (a gzip piece per UI card would cost a flush each).
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      pending.push(bytes);
      size += bytes.length;
      if (size >= WRITE_BYTES) await flush();
    }
    if (performance.now() - slice >= SLICE_MS) {
      await nextTurn();
      slice = performance.now();
    }
  }
  if (size > 0) await flush();
  if (gzip === undefined) return;
  for (const piece of compressing) await send(await piece);
  await send(gzip.end());
}
