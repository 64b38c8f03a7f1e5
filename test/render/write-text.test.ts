/** writeText: the streamed bytes equal renderText's, and a full sink is waited for. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ScalarFamily } from '../../src/model.js';
import { renderText } from '../../src/render/render-text.js';
import { writeText } from '../../src/render/write-text.js';

/** A sink that takes a write only every few milliseconds, so it fills up. */
function slowSink(): { sink: Writable; text: () => string; drains: () => number } {
  const parts: string[] = [];
  let drains = 0;
  const sink = new Writable({
    highWaterMark: 64,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      parts.push(chunk);
      setTimeout(done, 1);
    },
  });
  sink.on('drain', () => drains++);
  return { sink, text: () => parts.join(''), drains: () => drains };
}

const big: ScalarFamily[] = Array.from({ length: 20 }, (_, f) => ({
  name: `family_${f}`,
  type: 'gauge',
  metrics: Array.from({ length: 50 }, (_, i) => ({ labels: ['i', String(i)], value: i / 7 })),
}));

describe('writeText', () => {
  it('writes exactly renderText, waiting for drain when the sink is full', async () => {
    const { sink, text, drains } = slowSink();
    await writeText(big, sink, { chunkLines: 10 });
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(text()).toBe(renderText(big));
    expect(drains()).toBeGreaterThan(10);
  });

  it('does not write ahead of the sink: buffered bytes stay near the high-water mark', async () => {
    const { sink } = slowSink();
    let most = 0;
    const write = sink.write.bind(sink);
    sink.write = ((chunk: string) => {
      const ok = write(chunk);
      most = Math.max(most, sink.writableLength);
      return ok;
    }) as typeof sink.write;
    await writeText(big, sink, { chunkLines: 10 });
    // One chunk past the mark at most: a chunk is about 10 short lines.
    expect(most).toBeLessThan(64 + 400);
  });

  it('rejects when the sink fails while the writer waits', async () => {
    const sink = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, done) {
        setTimeout(() => done(new Error('disk full')), 1);
      },
    });
    await expect(writeText(big, sink, { chunkLines: 1 })).rejects.toThrow('disk full');
  });

  it('rejects instead of waiting forever when the sink is already destroyed', async () => {
    const { sink } = slowSink();
    sink.on('error', () => {});
    sink.destroy(new Error('gone'));
    await expect(writeText(big, sink, { chunkLines: 1 })).rejects.toThrow('gone');
  });
});
