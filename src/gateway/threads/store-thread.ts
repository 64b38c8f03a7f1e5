/**
 * The store thread of `expofmt serve` (started by front.ts): the whole gateway (store,
 * merge, page cache, journal, every route) behind a socket that only the front connects
 * to. Its collections of a big store's heap and its long renders then never hold up the
 * thread that accepts connections and answers `/-/healthy`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFlags } from '../config/flags.js';
import { Gateway } from '../gateway.js';
import { type RunningGateway, startServer } from '../http/server.js';
import { Logger } from '../logger.js';
import type { FrontMessage, StoreThreadData, StoreThreadMessage } from './messages.js';

const front = parentPort;
if (front === null) throw new Error('store-thread.ts runs as a worker thread of expofmt serve');
const post = (message: StoreThreadMessage) => front.postMessage(message);
const { argv, socketPath } = workerData as StoreThreadData;

const parsed = parseFlags(argv);
if ('help' in parsed) throw new Error('the store thread was started with --help');
const { config } = parsed;
const logger = new Logger({ write: (text: string) => post({ type: 'log', text }) }, config.logLevel, config.logFormat);

let running: RunningGateway;
try {
  const gateway = await Gateway.create({ config, logger });
  try {
    running = await startServer(gateway, { socketPath, onStopping: (reason) => post({ type: 'stopping', reason }) });
  } catch (error) {
    await gateway.close();
    throw error;
  }
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

const onMessage = (message: FrontMessage) => {
  if (message.type === 'stop') void running.stop(message.reason).catch(() => {});
  else running.gateway.own.requests.inc({ code: String(message.code), handler: message.handler, method: message.method });
};
front.on('message', onMessage);
running.stopped.then(
  () => post({ type: 'stopped' }),
  (error: unknown) => post({ type: 'stopped', failure: error instanceof Error ? error.message : String(error) }),
);
post({ type: 'listening' });
