/**
 * `expofmt serve` in two threads. The front (this thread) accepts connections on
 * `--web.listen-address`, applies `--web.config.file` (TLS, authentication, rate limit,
 * headers) and `--web.max-connections`, answers `/-/healthy` itself, and forwards every
 * other request to the store thread (store-thread.ts), which holds the whole gateway. The
 * store thread's heap is the big one: its collections and its renders of a large store
 * stall its own loop, never the front's, as Pushgateway's health handler answers on a
 * goroutine of its own while its store is busy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { GatewayConfig } from '../config/flags.js';
import { failRequest, requestPath, sendText } from '../http/http-util.js';
import { proxyLine } from '../http/client-address.js';
import { DRAIN_TIMEOUT_MS, listenPublicly } from '../http/server.js';
import { type FrontDoor, createFrontDoor } from '../http/web-server.js';
import type { Logger } from '../logger.js';
import { forward } from './forward.js';
import type { FrontMessage, StoreThreadData, StoreThreadMessage } from './messages.js';

export interface FrontOptions {
  /** `expofmt serve`'s flags, and what they parsed to. */
  argv: readonly string[];
  config: GatewayConfig;
  logger: Logger;
  /** Where the store thread's log lines go: the front's own log stream. */
  logSink: { write(text: string): unknown };
  /** The store thread's module; tests give one of their own. */
  storeThread?: URL;
}

export interface RunningFront {
  /** `http://host:port` (`https://` with TLS) as bound (port 0 resolved). */
  url: string;
  /** Stops accepting, waits for running requests, then stops the store thread (which persists). Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Settles once both threads have stopped; rejects when the final save failed or the store thread died. */
  stopped: Promise<void>;
}

export async function startFront(options: FrontOptions): Promise<RunningFront> {
  const { config, logger } = options;
  const socketDir = mkdtempSync(join(tmpdir(), 'expofmt-serve-'));
  const socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\${socketDir.replaceAll(/[\\/:]/g, '-')}` : join(socketDir, 'store.sock');
  const worker = startStoreThread(options, { argv: options.argv, socketPath });
  const tell = (message: FrontMessage) => worker.postMessage(message);

  let markListening!: (failure?: Error) => void;
  const listening = new Promise<void>((resolve, reject) => (markListening = (failure) => (failure === undefined ? resolve() : reject(failure))));
  let markStopped!: (failure?: Error) => void;
  const stopped = new Promise<void>((resolve, reject) => (markStopped = (failure) => (failure === undefined ? resolve() : reject(failure))));
  stopped.catch(() => {});
  let storeStopped = false;
  // Until the front listens, a stop is the store thread's alone.
  let stop = async (_reason?: string): Promise<void> => {};
  const sockets = new Set<Socket>();
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  worker.on('message', (message: StoreThreadMessage) => {
    switch (message.type) {
      case 'log':
        options.logSink.write(message.text);
        break;
      case 'listening':
        markListening();
        break;
      case 'failed':
        markListening(new Error(message.message));
        break;
      case 'stopping':
        void stop(message.reason).catch(() => {});
        break;
      case 'stopped':
        storeStopped = true;
        void worker.terminate();
        markStopped(message.failure === undefined ? undefined : new Error(message.failure));
    }
  });
  // A store thread gone without stopping (an uncaught error, out of memory): the process exits with 1.
  worker.on('error', (error) => logger.error('store thread failed', { err: error.stack ?? error.message }));
  worker.on('exit', (code) => {
    rmSync(socketDir, { recursive: true, force: true });
    if (storeStopped) return;
    const failure = new Error(`the store thread exited with ${code}`);
    markListening(failure);
    markStopped(failure);
    door?.server.close();
    cutAll();
  });
  let door: FrontDoor | undefined;
  await listening;

  const healthPath = `${config.routePrefix}/-/healthy`;
  let stopping: Promise<void> | undefined;
  // Requests on a connection that began with a health check: health answered here, the rest forwarded one by one.
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    if (requestPath(req) !== healthPath || (req.method !== 'GET' && req.method !== 'HEAD')) return forward(req, res, socketPath);
    res.on('finish', () => tell({ type: 'answered', handler: 'healthy', code: res.statusCode, method: (req.method ?? '').toLowerCase() }));
    sendText(res, 200, 'OK');
  };
  const health = createHttpServer((req, res) => {
    if (stopping !== undefined) res.setHeader('Connection', 'close');
    guarded(req, res).catch((error: unknown) => failRequest(logger, req, res, error));
  });
  // A server that does not listen itself checks its connections' header and request timeouts once told it listens.
  health.emit('listening');

  const onSocket = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client may reset its connection before sending anything: that ends the connection, not the process.
    socket.on('error', () => socket.destroy());
    // As node:http does: a page's last small write must not wait for the client's delayed ACK (Nagle).
    socket.setNoDelay(true);
    socket.setTimeout(health.headersTimeout, () => socket.destroy());
    socket.once('readable', () => {
      socket.setTimeout(0);
      const first = socket.read() as Buffer | null;
      if (first === null) return void socket.destroy();
      if (!beginsHealthCheck(first, healthPath)) return pipeToStore(socket, first, socketPath);
      socket.unshift(first);
      health.emit('connection', socket);
    });
  };
  try {
    door = createFrontDoor(config.webConfigFile, config.routePrefix, logger, onSocket);
  } catch (error) {
    tell({ type: 'stop', reason: 'could not start' });
    await stopped.catch(() => {});
    throw error;
  }
  const server = door.server;
  const guarded = door.guard(route);
  if (config.maxConnections > 0) server.maxConnections = config.maxConnections;

  stop = (reason = 'stop requested') => {
    stopping ??= (async () => {
      // The store thread finishes the running requests; their connections end with them.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      health.closeIdleConnections();
      tell({ type: 'stop', reason });
      try {
        await stopped;
      } finally {
        health.close();
        health.closeAllConnections();
        const late = setTimeout(cutAll, DRAIN_TIMEOUT_MS);
        await closed;
        clearTimeout(late);
      }
    })();
    return stopping;
  };

  let url: string;
  try {
    url = await listenPublicly(server, config.listenAddress, door.scheme, logger);
  } catch (error) {
    tell({ type: 'stop', reason: 'could not listen' });
    await stopped.catch(() => {});
    throw error;
  }
  return { url, stop, stopped };
}

/** `GET <path>` or `HEAD <path>`, then a space or a query: the first request of a health checker's connection. */
function beginsHealthCheck(first: Buffer, path: string): boolean {
  for (const method of ['GET ', 'HEAD ']) {
    const line = method + path;
    const next = first[line.length];
    if ((next === 0x20 || next === 0x3f) && first.toString('latin1', 0, line.length) === line) return true;
  }
  return false;
}

/** Every other connection goes to the store thread byte for byte (after the line naming its client), with back-pressure both ways. */
function pipeToStore(socket: Socket, first: Buffer, socketPath: string): void {
  const store = connect({ path: socketPath, allowHalfOpen: true });
  store.write(proxyLine(socket));
  store.write(first);
  socket.pipe(store);
  store.pipe(socket);
  const cut = () => {
    socket.destroy();
    store.destroy();
  };
  socket.on('error', cut);
  store.on('error', cut);
  socket.on('close', () => store.destroy());
  // An answer the store thread ended is flushed to the client first; one it cut off is cut off.
  store.on('close', () => {
    if (!socket.writableEnded) socket.destroy();
  });
}

function startStoreThread(options: FrontOptions, data: StoreThreadData): Worker {
  const settings = {
    workerData: data,
    // The store's heap may grow as far as this process's (`--max-old-space-size`).
    resourceLimits: { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20) },
    stdout: false,
    stderr: false,
  };
  // Built, the front is in dist/ beside store-thread.js.
  if (!import.meta.url.endsWith('.ts')) return new Worker(options.storeThread ?? new URL('./store-thread.js', import.meta.url), settings);
  // From the sources (tests), the thread loads the .ts through tsx, as its parent does.
  const file = (options.storeThread ?? new URL('./store-thread.ts', import.meta.url)).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(load, { ...settings, eval: true });
}
