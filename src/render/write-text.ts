/**
 * Streams the 0.0.4 text of some families into a Node writable (a socket, a file, stdout)
 * chunk by chunk, waiting for `drain` whenever the sink asks for it, so a large page never
 * sits in memory whole and a slow reader slows the writer down instead of filling memory.
 * Only the sink's own methods are used (no `node:events` import), so the library bundle
 * stays free of Node built-ins.
 */
import type { MetricFamily } from '../model.js';
import { type RenderTextOptions, renderTextChunks } from './render-text.js';

/**
 * What `writeText` needs of a sink: a Node writable (a socket, a file, stdout) has it.
 * Spelt out here rather than as `NodeJS.WritableStream` so the published types need no
 * `@types/node`.
 */
export interface TextSink {
  /** Returns false when the sink wants `drain` before more. */
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'error', listener: (error: unknown) => void): unknown;
}

/**
 * Writes every chunk to `sink` and resolves once the last one is accepted. Rejects if the
 * sink emits `error` while it waits. The sink is not ended: more may follow.
 */
export async function writeText(families: readonly MetricFamily[], sink: TextSink, options: RenderTextOptions = {}): Promise<void> {
  await writeChunks(sink, renderTextChunks(families, options));
}

/** Writes text chunks to `sink` in order, waiting for `drain` whenever `write` says to. */
export async function writeChunks(sink: TextSink, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!sink.write(chunk)) await drained(sink);
  }
}

/** Resolves once `sink` drains; rejects if it fails or closes first. */
export function drained(sink: TextSink): Promise<void> {
  // A destroyed sink never drains; fail instead of waiting forever.
  const state = sink as { destroyed?: boolean; errored?: unknown };
  if (state.destroyed) return Promise.reject(state.errored ?? new Error('the sink was destroyed before all text was written'));
  return new Promise((resolve, reject) => {
    const done = (): void => {
      sink.removeListener('drain', onDrain);
      sink.removeListener('error', onError);
      sink.removeListener('close', onClose);
    };
    const onDrain = (): void => {
      done();
      resolve();
    };
    const onError = (error: unknown): void => {
      done();
      reject(error);
    };
    const onClose = (): void => {
      done();
      reject(state.errored ?? new Error('the sink closed before all text was written'));
    };
    sink.once('drain', onDrain);
    sink.once('error', onError);
    sink.once('close', onClose);
  });
}
