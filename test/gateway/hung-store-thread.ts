/**
 * A store thread for front-thread.test.ts that speaks the front's protocol
 * (src/gateway/threads/messages.ts) but blocks its own event loop: `GET /block?until=F`
 * spins, answering nothing, until the file F exists; `GET /crash` throws out of the
 * thread. Everything else answers 200 `store thread` and the client's address.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { acceptFromFront } from '../../src/gateway/http/client-address.js';
import type { FrontMessage, StoreThreadData, StoreThreadMessage } from '../../src/gateway/threads/messages.js';

const front = parentPort!;
const post = (message: StoreThreadMessage) => front.postMessage(message);
const { socketPath } = workerData as StoreThreadData;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://store');
  if (url.pathname === '/crash') throw new Error('the store thread broke');
  if (url.pathname === '/block') {
    const until = url.searchParams.get('until') ?? '';
    post({ type: 'log', text: 'blocking\n' });
    while (!existsSync(until)) {
      // The loop is held: no request, timer or message of this thread runs.
    }
  }
  res.end(`store thread ${req.socket.remoteAddress}`);
});
acceptFromFront(server);
server.listen(socketPath, () => post({ type: 'listening' }));
front.on('message', (message: FrontMessage) => {
  if (message.type !== 'stop') return;
  server.close(() => post({ type: 'stopped' }));
});
