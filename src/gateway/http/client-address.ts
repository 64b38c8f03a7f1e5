/**
 * The client's address across the hop from the front to the store thread, as a PROXY
 * protocol v1 line (HAProxy's): the front writes `PROXY TCP4 <client> <server> <client
 * port> <server port>\r\n` first on each connection it opens to the store thread, which
 * reads it before its HTTP server sees the connection. The store thread then logs the
 * client's address (a failed login names it), not the front's.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The longest line v1 allows. */
const MAX_LINE = 107;

export function proxyLine(client: Socket): string {
  const family = client.remoteFamily === 'IPv6' ? 'TCP6' : 'TCP4';
  const { remoteAddress, remotePort, localAddress, localPort } = client;
  if (remoteAddress === undefined || localAddress === undefined) return 'PROXY UNKNOWN\r\n';
  return `PROXY ${family} ${remoteAddress} ${localAddress} ${remotePort} ${localPort}\r\n`;
}

/**
 * Makes `server` read each connection's PROXY line before its HTTP parser does; the
 * connection's `remoteAddress`, `remotePort` and `remoteFamily` are then the client's. A
 * connection without the line is closed.
 */
export function acceptFromFront(server: Server): void {
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    // Until the HTTP server has it (and its own error handling), an error ends the connection.
    socket.on('error', () => socket.destroy());
    let line = '';
    const onReadable = () => {
      for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        const end = chunk.indexOf('\r\n');
        line += chunk.toString('latin1', 0, end < 0 ? chunk.length : end);
        if (end < 0 && line.length <= MAX_LINE) continue;
        socket.off('readable', onReadable);
        if (end < 0 || !line.startsWith('PROXY ')) return void socket.destroy();
        if (end + 2 < chunk.length) socket.unshift(chunk.subarray(end + 2));
        takeAddress(socket, line);
        for (const handler of handlers) handler.call(server, socket);
        return;
      }
    };
    socket.on('readable', onReadable);
  });
}

function takeAddress(socket: Socket, line: string): void {
  const [, family, address, , port] = line.split(' ');
  if (family !== 'TCP4' && family !== 'TCP6') return;
  Object.defineProperties(socket, {
    remoteAddress: { value: address, configurable: true },
    remotePort: { value: Number(port), configurable: true },
    remoteFamily: { value: family === 'TCP6' ? 'IPv6' : 'IPv4', configurable: true },
  });
}
