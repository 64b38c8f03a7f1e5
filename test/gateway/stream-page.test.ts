/**
 * streamPage on a real HTTP server: a page of many gzip pieces (compressed at once on the
 * thread pool) must reach the client as one gzip member whose text is the page, byte for
 * byte and in order, whatever order the pieces finish in.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { streamPage } from '../../src/gateway/http/stream-page.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves `chunks` with streamPage and returns the raw body and its Content-Encoding. */
async function fetchPage(chunks: Array<string | Uint8Array>, acceptGzip: boolean): Promise<{ body: Buffer; encoding: string | undefined }> {
  server = createServer((req, res) => void streamPage(req, res, { contentType: 'text/plain', chunks }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: acceptGzip ? { 'Accept-Encoding': 'gzip' } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ body: Buffer.concat(parts), encoding: res.headers['content-encoding'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Pieces of different sizes and compressibility: big blocks alone, small ones joined, text and random bytes. */
function pageChunks(): Array<string | Uint8Array> {
  const chunks: Array<string | Uint8Array> = [];
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 40; i++) {
    if (i % 5 === 0) chunks.push(Uint8Array.from({ length: 300_000 + i * 1000 }, () => Math.floor(random() * 256)));
    else if (i % 5 === 1) chunks.push(`metric_${i}{series="s"} ${i}\n`.repeat(60_000 + i));
    else chunks.push(Buffer.from(`small_${i} ${random()}\n`));
  }
  return chunks;
}

const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('streamPage', () => {
  it('gzips a page of many pieces into one member holding the page in order', async () => {
    const chunks = pageChunks();
    const page = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    // Many pieces: big chunks go alone, small ones are joined up to 4 MiB.
    expect(page.length).toBeGreaterThan(12 << 20);
    const { body, encoding } = await fetchPage(chunks, true);
    expect(encoding).toBe('gzip');
    // One member: the header once, at the start.
    expect([...body.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    const text = gunzipSync(body);
    expect(text.length).toBe(page.length);
    expect(sha(text)).toBe(sha(page));
  });

  it('sends the same page unzipped when gzip is not accepted', async () => {
    const chunks = pageChunks();
    const { body, encoding } = await fetchPage(chunks, false);
    expect(encoding).toBeUndefined();
    expect(sha(body)).toBe(sha(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)))));
  });

  it('writes an empty page as a valid empty gzip stream', async () => {
    const { body } = await fetchPage([], true);
    expect(gunzipSync(body).length).toBe(0);
  });
});
