/**
 * The CLI's streams and input. Commands get their streams passed in, never from `process`,
 * so tests run them in-process with fake ones.
 */
import { readFile } from 'node:fs/promises';

export interface CliIO {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function processIO(): CliIO {
  // `expofmt parse big.prom | head` closes the pipe early: that is the reader's choice, not
  // an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Reads FILE, or standard input for `-`, as bytes: the parser decodes and checks UTF-8 itself. */
export async function readInput(file: string, io: CliIO): Promise<Uint8Array> {
  if (file !== '-') return readFile(file);
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
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
