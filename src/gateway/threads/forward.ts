/**
 * Hands one request the front parsed (one on a connection that began with a health check)
 * to the store thread's server, and its answer back to the client, as a reverse proxy
 * does: on a connection of its own that names the client (client-address.ts), bytes
 * streaming both ways with back-pressure. Hop-by-hop headers stay on their hop.
 */
import { type IncomingMessage, type ServerResponse, request } from 'node:http';
import { connect } from 'node:net';
import { proxyLine } from '../http/client-address.js';
import { sendText } from '../http/http-util.js';

/** Headers of one connection (RFC 9110 7.6.1), and `Expect`: the front has already answered `100-continue`. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'expect']);

/** Resolves once the client's response is over (answered in full, or cut off). */
export function forward(req: IncomingMessage, res: ServerResponse, socketPath: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const createConnection = () => {
      const connection = connect(socketPath);
      connection.write(proxyLine(req.socket));
      return connection;
    };
    const toStore = request({ createConnection, method: req.method, path: req.url, headers: sameHop(req.rawHeaders), setHost: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, sameHop(answer.rawHeaders, 'transfer-encoding'));
      answer.pipe(res);
      // The store thread cut its answer short (a write timeout, a failed page): so does the front.
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
    });
    toStore.on('error', () => {
      // Before an answer: the store thread is stopping, or failed (and the process stops). After one, its end decides.
      if (!res.headersSent) sendText(res, 503, 'the gateway is stopping\n', { Connection: 'close' });
    });
    res.on('close', () => {
      // A client gone before its answer was out: the store thread sees it go too.
      if (!res.writableFinished) toStore.destroy();
      resolve();
    });
    req.pipe(toStore);
  });
}

/** Raw header pairs without the hop-by-hop ones (and `also`). */
function sameHop(raw: string[], also?: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (!HOP_BY_HOP.has(name) && name !== also) kept.push(raw[i] as string, raw[i + 1] as string);
  }
  return kept;
}
