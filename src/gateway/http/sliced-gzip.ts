/**
 * gzip for a page written in time slices, compressed on the thread pool a piece at a
 * time: each piece is a raw deflate stream of its own ending in a sync flush (an empty
 * stored block, no final bit), so the pieces one after another are one deflate stream,
 * closed by a final empty block; around it the gzip header and the trailer (CRC-32 and
 * size of the whole page). Any gzip reader reads it as one member.
 *
 * Pieces share no dictionary, so several compress at once on the pool while the event
 * loop renders the next; only the CRC is taken on the loop (in order). A piece's output
 * buffer is as big as its input, so each piece is one job of the pool and one callback (a
 * zlib stream's 16 KiB buffers needed a turn of the loop each: dozens per page, each behind
 * whatever pushes filled that turn).
 */
import * as zlib from 'node:zlib';

const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
/** Room beyond the input for what deflate adds to data it cannot shrink. */
const OUTPUT_SLACK = 1024;

type Crc32 = (data: Uint8Array, value?: number) => number;

export class SlicedGzip {
  private crc = 0;
  private size = 0;
  private started = false;

  private constructor(
    private readonly crc32: Crc32,
    private readonly level: number,
  ) {}

  /** A gzip writer, or undefined where Node has no `zlib.crc32` (before 20.15): then use a zlib stream. */
  static create(level: number): SlicedGzip | undefined {
    const crc32 = (zlib as { crc32?: Crc32 }).crc32;
    return typeof crc32 === 'function' ? new SlicedGzip(crc32, level) : undefined;
  }

  /**
   * The compressed bytes of this piece of the page (the header first). Pieces must be
   * handed in page order, and their results written in that order; they may be awaited
   * together.
   */
  write(data: Uint8Array): Promise<Uint8Array> {
    this.crc = this.crc32(data, this.crc);
    this.size = (this.size + data.length) % 0x1_0000_0000;
    const first = !this.started;
    this.started = true;
    return new Promise((resolve, reject) => {
      const options = { level: this.level, finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: data.length + OUTPUT_SLACK };
      zlib.deflateRaw(data, options, (error, piece) => {
        if (error !== null) return reject(error);
        // Copied out of its input-sized buffer: a slow reader's socket holds what it is sent.
        resolve(first ? Buffer.concat([HEADER, piece]) : piece.length * 2 < piece.buffer.byteLength ? Buffer.from(piece) : piece);
      });
    });
  }

  /** The end of the stream: the final block and the trailer. */
  end(): Uint8Array {
    const last = zlib.deflateRawSync(new Uint8Array(0), { level: this.level });
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size, 4);
    return Buffer.concat(this.started ? [last, trailer] : [HEADER, last, trailer]);
  }
}
