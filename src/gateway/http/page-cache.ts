/**
 * The bytes of a scrape page, kept per family between scrapes, so that a scrape after a
 * push encodes only the pushed series and copies the rest: for a format whose families
 * come in pieces (FamilyPieces: text 0.0.4, delimited protobuf). For each family name it
 * keeps the family object it encoded, a copy of its series array, the bytes (in blocks of
 * up to 4 MiB, header first; a length prefix apart) and where each series' piece starts.
 *
 * A family that is the same object as last time is sent as its blocks, untouched. One
 * that changed is rendered again against the last rendering: its series and the last
 * series are walked side by side in page order (compareSortedLabels, the order of a
 * merged page), and the lines of a series that is the very same object are copied, in
 * runs, from the old bytes; any other series is encoded (of a series whose labels did not
 * change, only the tail after them, where the format has one: FamilyPieces). Only the
 * object identity decides a copy (a series' piece depends on it and the family's name and
 * type alone), so a page in any order comes out right, only slower. A family with a length
 * prefix is sent once it is whole; any other as its blocks fill.
 *
 * Blocks are never written while anyone may read them: a rendering a newer one replaced
 * is recycled (its full-size blocks, offsets and series array) once no walk that sent its
 * blocks still holds them and no rendering still copies from it. A big page is then
 * rewritten into the same memory scrape after scrape: allocating tens of megabytes of
 * buffers per scrape made V8 collect the whole heap for "external memory pressure" about
 * once a scrape.
 */
import type { Metric, MetricFamily } from '../../model.js';
import { compareSortedLabels } from '../../order.js';
import type { FamilyPieces } from '../../formats/registry.js';

const MAX_BLOCK = 1 << 22;
const MIN_BLOCK = 1 << 12;
/** Series rendered anew between two steps of the iteration, so that its consumer can yield. */
const RENDERS_PER_STEP = 2048;
const EMPTY = new Uint8Array(0);

interface Rendered {
  /** The object rendered: the same object again is the same text. */
  family: MetricFamily;
  type: string;
  /** Its series at the time (the first `count` entries). */
  metrics: Metric[];
  count: number;
  /** The text: header, then the series' lines. */
  blocks: Uint8Array[];
  /** Offset of each block in the text. */
  starts: number[];
  /** Where series i's lines start, and at `count`, the end of the text. */
  offsets: Float64Array;
  /** For a format with a `tail`: the length of series i's tail, 0 when not known (rendered whole, or longer than 255). */
  tails: Uint8Array | undefined;
  /** The full-size buffers under `blocks`, to recycle. */
  buffers: Buffer[];
  /** The length prefix sent before the blocks, if the format has one. */
  prefix: Uint8Array | undefined;
  /** Walks that sent its blocks and were not released yet. */
  users: number;
  /** Renderings copying from it now. */
  readers: number;
  /** Replaced (or its name gone): recycled once neither used nor read. */
  retired: boolean;
  recycled: boolean;
}

export class PageCache {
  private readonly rendered = new Map<string, Rendered>();
  private readonly pool = new Pool();

  /**
   * The page's bytes, in order, as blocks (and empty steps while many series are being
   * encoded): a consumer gets control back at least every 4 MiB or 2048 encoded series.
   * The blocks stay as they are until `release` (once whoever was given them, a socket or
   * a gzip stream, is done with them); a walk never released only keeps the memory it
   * replaced from being reused.
   */
  walk(families: readonly MetricFamily[], pieces: (family: MetricFamily) => FamilyPieces): { chunks: Iterable<Uint8Array>; release(): void } {
    const used: Rendered[] = [];
    let released = false;
    return {
      chunks: this.blocks(families, pieces, used),
      release: () => {
        if (released) return;
        released = true;
        for (const rendered of used) {
          rendered.users--;
          this.recycle(rendered);
        }
      },
    };
  }

  private *blocks(families: readonly MetricFamily[], pieces: (family: MetricFamily) => FamilyPieces, used: Rendered[]): Generator<Uint8Array> {
    const seen = new Set<string>();
    for (const family of families) {
      seen.add(family.name);
      const old = this.rendered.get(family.name);
      if (old !== undefined && old.family === family) {
        old.users++;
        used.push(old);
        if (old.prefix !== undefined) yield old.prefix;
        yield* old.blocks;
      } else yield* this.render(family, pieces(family), old, used);
    }
    // A whole page was walked: names it no longer has are forgotten.
    for (const [name, old] of this.rendered) {
      if (seen.has(name)) continue;
      this.rendered.delete(name);
      this.retire(old);
    }
  }

  private retire(rendered: Rendered): void {
    rendered.retired = true;
    this.recycle(rendered);
  }

  /** Gives a retired rendering's memory to the pool once nobody holds it. */
  private recycle(rendered: Rendered): void {
    if (!rendered.retired || rendered.recycled || rendered.users > 0 || rendered.readers > 0) return;
    rendered.recycled = true;
    this.pool.release(rendered, this.rendered);
  }

  private *render(family: MetricFamily, text: FamilyPieces, previous: Rendered | undefined, used: Rendered[]): Generator<Uint8Array> {
    const old = previous !== undefined && previous.type === family.type ? previous : undefined;
    if (old === undefined) return yield* this.encode(family, text, undefined, used);
    old.readers++;
    try {
      yield* this.encode(family, text, old, used);
    } finally {
      old.readers--;
      this.recycle(old);
    }
  }

  private *encode(family: MetricFamily, text: FamilyPieces, old: Rendered | undefined, used: Rendered[]): Generator<Uint8Array> {
    const metrics = family.metrics as readonly Metric[];
    const n = metrics.length;
    const out = new BlockWriter(this.pool, old === undefined ? MIN_BLOCK : old.offsets[old.count]);
    out.write(text.header);
    // A length-prefixed family goes out whole, after its prefix: its blocks are held back.
    const streamed = text.lengthPrefix === undefined;
    const offsets = this.pool.offsets(n + 1);
    const before = old?.metrics ?? [];
    const tail = text.tail;
    const tails = tail === undefined ? undefined : this.pool.tails(n);
    const oldTails = old?.tails;
    const last = old?.count ?? 0;
    // A run of old bytes still to copy: [from, to).
    let from = 0;
    let to = 0;
    let k = 0;
    let renders = 0;
    let sent = 0;
    for (let j = 0; j < n; j++) {
      const metric = metrics[j];
      // Skip the old series that are gone: those that sort before this one.
      while (k < last && before[k] !== metric && compareSortedLabels(before[k].labels, metric.labels) < 0) k++;
      if (k < last && before[k] === metric) {
        const start = old!.offsets[k];
        if (start !== to) {
          out.copy(old!, from, to);
          from = start;
          to = start;
        }
        offsets[j] = out.offset + (to - from);
        if (tails !== undefined) tails[j] = oldTails?.[k] ?? 0;
        to = old!.offsets[k + 1];
        k++;
        continue;
      }
      if (k < last && compareSortedLabels(before[k].labels, metric.labels) === 0) {
        // The same labels with a new value: the old piece up to the value, then the new tail.
        const now = tail?.(metric);
        // The old tail's length, as kept when it was written (else as made again).
        const oldLength = now === undefined ? -1 : oldTails?.[k] || (tail!(before[k])?.length ?? -1);
        if (now !== undefined && oldLength >= 0 && (!text.tailKeepsLength || now.length === oldLength)) {
          const start = old!.offsets[k];
          if (start !== to) {
            out.copy(old!, from, to);
            from = start;
          }
          offsets[j] = out.offset + (start - from);
          out.copy(old!, from, old!.offsets[k + 1] - oldLength);
          out.write(now);
          tails![j] = now.length < 256 ? now.length : 0;
          from = to = old!.offsets[k + 1];
          k++;
          if (++renders === RENDERS_PER_STEP || (streamed && out.blocks.length > sent)) {
            renders = 0;
            if (streamed) while (sent < out.blocks.length) yield out.blocks[sent++];
            yield EMPTY;
          }
          continue;
        }
        k++;
      }
      // A new series: rendered.
      if (to !== from) {
        out.copy(old!, from, to);
        from = to;
      }
      offsets[j] = out.offset;
      if (tails !== undefined) tails[j] = 0;
      out.write(text.series(metric));
      if (streamed && out.blocks.length > sent) {
        while (sent < out.blocks.length) yield out.blocks[sent++];
        renders = 0;
      } else if (++renders === RENDERS_PER_STEP) {
        renders = 0;
        yield EMPTY;
      }
    }
    if (to !== from) out.copy(old!, from, to);
    offsets[n] = out.offset;
    out.finish();
    const prefix = text.lengthPrefix?.(out.offset);
    if (prefix !== undefined) yield prefix;
    while (sent < out.blocks.length) yield out.blocks[sent++];
    const series = this.pool.series();
    for (let j = 0; j < n; j++) series[j] = metrics[j];
    // The blocks were sent by this walk: it holds them until released.
    const rendered: Rendered = {
      family,
      type: family.type,
      metrics: series,
      count: n,
      blocks: out.blocks,
      starts: out.starts,
      offsets,
      tails,
      buffers: out.buffers,
      prefix,
      users: 1,
      readers: 0,
      retired: false,
      recycled: false,
    };
    used.push(rendered);
    // What this replaces: the last rendering, unless another walk replaced that meanwhile.
    const replaced = this.rendered.get(family.name);
    this.rendered.set(family.name, rendered);
    if (replaced !== undefined) this.retire(replaced);
  }
}

/** Full-size blocks, offset tables and series arrays of renderings nobody holds any more, for the next ones. */
class Pool {
  private readonly free: Buffer[] = [];
  private readonly freeOffsets: Float64Array[] = [];
  private readonly freeTails: Uint8Array[] = [];
  private readonly freeSeries: Metric[][] = [];

  block(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(MAX_BLOCK);
  }

  offsets(size: number): Float64Array {
    return fitting(this.freeOffsets, size, (n) => new Float64Array(n));
  }

  tails(size: number): Uint8Array {
    return fitting(this.freeTails, size, (n) => new Uint8Array(n));
  }

  series(): Metric[] {
    return this.freeSeries.pop() ?? [];
  }

  /** Takes what `rendered` holds; `current`, the renderings in use, bounds what is kept. */
  release(rendered: Rendered, current: ReadonlyMap<string, Rendered>): void {
    // Enough for a page of the same size again; more would only hold memory.
    let inUse = 0;
    for (const r of current.values()) inUse += r.buffers.length;
    for (const buffer of rendered.buffers) if (this.free.length < inUse) this.free.push(buffer);
    if (this.freeOffsets.length < current.size) this.freeOffsets.push(rendered.offsets);
    if (rendered.tails !== undefined && this.freeTails.length < current.size) this.freeTails.push(rendered.tails);
    if (this.freeSeries.length < current.size) {
      // Its entries are overwritten before they are read; cut it so that it holds no series alive.
      rendered.metrics.length = Math.min(rendered.metrics.length, rendered.count);
      rendered.metrics.fill(undefined as unknown as Metric);
      this.freeSeries.push(rendered.metrics);
    }
  }
}

/** Bytes into blocks that double from the size hint up to 4 MiB (from the pool); a block is never written once sealed. */
class BlockWriter {
  readonly blocks: Uint8Array[] = [];
  readonly starts: number[] = [];
  /** The pooled buffers written. */
  readonly buffers: Buffer[] = [];
  private block: Buffer;
  private pos = 0;
  private base = 0;

  constructor(
    private readonly pool: Pool,
    sizeHint: number,
  ) {
    this.block = this.allocate(Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, sizeHint)));
  }

  get offset(): number {
    return this.base + this.pos;
  }

  write(piece: string | Uint8Array): void {
    if (typeof piece !== 'string') this.writeBytes(piece);
    else if (piece.length * 3 <= this.block.length - this.pos) this.pos += this.block.write(piece, this.pos);
    else this.writeBytes(Buffer.from(piece));
  }

  /** Copies bytes [from, to) of an old rendering. */
  copy(old: Rendered, from: number, to: number): void {
    const { blocks, starts } = old;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= from) lo = mid;
      else hi = mid - 1;
    }
    for (let b = lo; from < to; b++) {
      const end = Math.min(to, starts[b] + blocks[b].length);
      this.writeBytes(blocks[b].subarray(from - starts[b], end - starts[b]));
      from = end;
    }
  }

  finish(): void {
    if (this.pos > 0) this.seal(false);
  }

  private allocate(size: number): Buffer {
    if (size < MAX_BLOCK) return Buffer.allocUnsafe(size);
    const block = this.pool.block();
    this.buffers.push(block);
    return block;
  }

  private writeBytes(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      if (this.pos === this.block.length) this.seal(true);
      const n = Math.min(bytes.length - i, this.block.length - this.pos);
      this.block.set(n === bytes.length ? bytes : bytes.subarray(i, i + n), this.pos);
      this.pos += n;
      i += n;
    }
  }

  private seal(more: boolean): void {
    this.blocks.push(this.block.subarray(0, this.pos));
    this.starts.push(this.base);
    this.base += this.pos;
    if (more) this.block = this.allocate(Math.min(MAX_BLOCK, this.block.length * 2));
    this.pos = 0;
  }
}

/** A free array of at least `size` entries and at most twice that, taken out of `free`; else a new one with room to grow. */
function fitting<T extends { length: number }>(free: T[], size: number, make: (length: number) => T): T {
  for (let i = 0; i < free.length; i++) {
    if (free[i].length >= size && free[i].length <= 2 * size) return free.splice(i, 1)[0];
  }
  return make(Math.ceil(size * 1.25));
}
