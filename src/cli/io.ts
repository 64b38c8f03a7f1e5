/**
 * The CLI's streams and input. Commands get their streams passed in, never from `process`,
 * so tests run them in-process with fake ones.
 */
import { createWriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { UsageError } from './args.js';

export interface CliIO {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: pipeTolerantStdout(), stderr: process.stderr };
}

/**
 * Standard output that outlives its reader: `expofmt lint bad.prom | head -1` closes the
 * pipe early, which is the reader's choice, not an error worth a stack trace; what is
 * written after that is dropped, and the command still ends with its real exit status
 * (a failed lint stays a failure in CI).
 */
function pipeTolerantStdout(): NodeJS.WritableStream {
  const out = process.stdout;
  let broken = false;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    broken = true;
  });
  const sink = new Writable({
    write(chunk: Uint8Array, _encoding, done) {
      if (broken || out.write(chunk)) return done();
      const resume = () => {
        out.off('drain', resume);
        out.off('error', resume);
        done();
      };
      out.on('drain', resume);
      out.on('error', resume);
    },
  });
  // Commands ask whether stdout is a terminal (colour, binary output).
  return Object.assign(sink, { isTTY: out.isTTY === true });
}

/** Reads FILE, or standard input for `-`, as bytes: the parser decodes and checks UTF-8 itself. */
export async function readInput(file: string, io: CliIO): Promise<Uint8Array> {
  if (file !== '-') return readFile(file);
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The first `length` bytes of FILE (fewer if it is shorter). */
export async function readHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The name diagnostics show for an input. */
export function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** Why a file could not be read, in words, without Node's stack or syscall details. */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** The streams with stdout going to FILE (`-o FILE`); `close` resolves once every byte is written. */
export async function openOutput(io: CliIO, file: string): Promise<{ io: CliIO; close(): Promise<void> }> {
  const stream = createWriteStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${describeReadError(error)}`);
  }
  const close = () =>
    new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  return { io: { ...io, stdout: stream }, close };
}
