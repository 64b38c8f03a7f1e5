/**
 * Inputs too big to hold: `parse` and `fmt` stream them in bounded memory. An input up to
 * STREAM_ABOVE bytes is read whole, as before; a larger one is read twice with the
 * library's `parseStream`: once to check it (an invalid input prints its error and
 * nothing on stdout, as for a small one) and once to write each family as soon as it is
 * complete. Standard input past STREAM_ABOVE is spooled to a temporary file for the second
 * read. What stays whole: a family whose lines are split by another family's (merged,
 * like `parse` does, so the input is then read whole), and `fmt --sort` (needs them all).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParseError, type SourceText, formatPretty, sourceText } from '../diagnostics.js';
import { parseStream } from '../index.js';
import { explainSyntax } from '../lint.js';
import type { MetricFamily } from '../model.js';
import { type Dialect, chooseDialect } from '../parse/dialect.js';
import type { CliIO } from './io.js';

/** Inputs above this many bytes are streamed. */
const STREAM_ABOVE = 8 * 1024 * 1024;

/** An input held in memory, or a file to stream (`cleanup` removes a spooled copy). */
export type Input = { bytes: Uint8Array } | { path: string; cleanup(): Promise<void> };

/** FILE, or standard input for `-`: whole if small, else as a file to stream. Throws the read error. */
export async function openInput(file: string, io: CliIO): Promise<Input> {
  if (file !== '-') {
    const { size, isFile } = await stat(file).then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (isFile && size > STREAM_ABOVE) return { path: file, cleanup: async () => {} };
    return { bytes: await readFile(file) };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterator = io.stdin[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    size += chunk.length;
    if (size > STREAM_ABOVE) return spool(chunks, iterator);
  }
  return { bytes: Buffer.concat(chunks) };
}

/** Standard input so far and the rest, into a temporary file. */
async function spool(head: Uint8Array[], rest: AsyncIterator<Uint8Array | string>): Promise<Input> {
  const dir = await mkdtemp(join(tmpdir(), 'expofmt-stdin-'));
  const path = join(dir, 'stdin');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const out = createWriteStream(path);
    const write = (chunk: Uint8Array | string) =>
      new Promise<void>((resolve, reject) => {
        out.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    for (const chunk of head) await write(chunk);
    for (let next = await rest.next(); !next.done; next = await rest.next()) await write(next.value);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { path, cleanup };
}

/** The dialect of a file to stream: as asked, else by its final `# EOF` line (read from its tail). */
export async function fileDialect(path: string, dialect: Dialect | 'auto'): Promise<Dialect> {
  if (dialect !== 'auto') return dialect;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64);
    const tail = new Uint8Array(length);
    await handle.read(tail, 0, length, size - length);
    // Only the end decides; a tail that starts mid-line is still judged by its last line.
    return chooseDialect(length === size ? tail : Uint8Array.of(0x0a, ...tail));
  } finally {
    await handle.close();
  }
}

/**
 * The first pass: undefined when the file parses, else its error as the CLI prints it
 * (the line read back from the file), or `split` when a family's lines are split by
 * another's (the families must then be merged: read the input whole).
 */
export async function checkStream(path: string, dialect: Dialect, file: string): Promise<string | 'split' | undefined> {
  const seen = new Set<string>();
  let split = false;
  try {
    for await (const family of parseStream(createReadStream(path), { dialect })) {
      if (seen.has(family.name)) split = true;
      seen.add(family.name);
    }
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const source = await sourceAround(path, error.diagnostic.line);
    const [explained] = await explainSyntax([error.diagnostic], source, dialect === 'prometheus');
    return formatPretty(explained ?? error.diagnostic, source, file);
  }
  return split ? 'split' : undefined;
}

/** The families of the file, streamed (the second pass). */
export function streamFile(path: string, dialect: Dialect): AsyncGenerator<MetricFamily> {
  return parseStream(createReadStream(path), { dialect });
}

/**
 * A source text that has the file's line `line` at its place (the lines before it empty),
 * what an error's excerpt and hints need, without holding the file. Whether the line ends
 * in LF, and whether the file starts with a BOM, are kept.
 */
async function sourceAround(path: string, line: number): Promise<SourceText> {
  let current = 1;
  let text = '';
  let ended = false;
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    let piece = decoder.decode(chunk as Uint8Array, { stream: true });
    while (current < line) {
      const lf = piece.indexOf('\n');
      if (lf < 0) break;
      piece = piece.slice(lf + 1);
      current++;
    }
    if (current < line) continue;
    const lf = piece.indexOf('\n');
    text += lf < 0 ? piece : piece.slice(0, lf);
    if (lf >= 0) {
      ended = true;
      break;
    }
  }
  return sourceText(`${'\n'.repeat(line - 1)}${text}${ended ? '\n' : ''}`);
}
