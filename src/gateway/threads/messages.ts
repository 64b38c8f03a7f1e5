/**
 * What `expofmt serve`'s two threads tell each other (front.ts, store-thread.ts). The
 * front answers the public address; the store thread holds the gateway.
 */

/** What the store thread is started with (its `workerData`). */
export interface StoreThreadData {
  /** `expofmt serve`'s flags, parsed again in the thread (they parsed in the front). */
  argv: readonly string[];
  /** Where the store thread's server listens; only the front connects to it. */
  socketPath: string;
}

export type StoreThreadMessage =
  /** The gateway is open and its server listens on the socket. */
  | { type: 'listening' }
  /** The gateway could not start (its store, its journal): the front exits with 1. */
  | { type: 'failed'; message: string }
  /** A log line, written by the front to its stderr so that both threads' lines share one stream. */
  | { type: 'log'; text: string }
  /** The gateway began to stop (a `/-/quit`, or the front asked): the front stops accepting. */
  | { type: 'stopping'; reason: string }
  /** The gateway has stopped and saved; `failure` when the final save failed. */
  | { type: 'stopped'; failure?: string };

export type FrontMessage =
  /** Stop gracefully: finish running requests, persist, close. */
  | { type: 'stop'; reason: string }
  /** A request the front answered itself, for `pushgateway_http_requests_total`. */
  | { type: 'answered'; handler: string; code: number; method: string };
