/**
 * gzip made on the event loop's thread, one piece per write, for a page written in time
 * slices: each piece is raw deflate ending in a sync flush (an empty stored block, no final
 * bit), so the pieces one after another are one deflate stream, closed by a final empty
 * block; around it the gzip header and the trailer (CRC-32 and size of the whole page).
 * Any gzip reader reads it as one member.
 *
 * A zlib stream compresses on the thread pool, but only one write per turn of the event
 * loop (its callback starts the next): with pushes filling each turn, a 60 MB page needed
 * a dozen turns of 50-100 ms. Here a 4 MiB piece costs about 7 ms of the slice it is
 * written in (level 1), and the page needs no extra turn at all.
 */
import * as zlib from 'node:zlib';

const HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);

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

  /** The compressed bytes of this piece of the page (the header first). */
  write(data: Uint8Array): Uint8Array {
    this.crc = this.crc32(data, this.crc);
    this.size = (this.size + data.length) % 0x1_0000_0000;
    const piece = zlib.deflateRawSync(data, { level: this.level, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (this.started) return piece;
    this.started = true;
    return Buffer.concat([HEADER, piece]);
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
