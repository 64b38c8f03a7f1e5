/**
 * `npm run bench:gateway-memory`: the gateway's memory under clients that hurt it (issue
 * 19, item 6), on the built `expofmt serve` in a child process.
 *
 * - `slow` (default): a store of `--groups` groups x 100 series, then `--clients` clients
 *   that ask for a page (`/metrics`, `/`, `/api/v1/metrics` in turn, every other one with
 *   gzip) and never read it, a push between two of them. Reports RSS at rest, the peak
 *   after the clients, the longest `/-/healthy` answer meanwhile, and a scrape afterwards.
 * - `big`: twelve pushes of 15 MB (about 525,000 series each), a scrape after each, as
 *   the crash report did. Reports each push's answer and the RSS.
 *
 * Options: `--mode=slow|big`, `--groups=N` (2,000), `--clients=N` (60), and any
 * `--flag=value` after `--` goes to `expofmt serve`.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { freePort, sleep, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const own = dash < 0 ? args : args.slice(0, dash);
const serveFlags = dash < 0 ? [] : args.slice(dash + 1);
const option = (name, fallback) => own.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const MODE = option('mode', 'slow');
const GROUPS = Number(option('groups', 2000));
const CLIENTS = Number(option('clients', 60));
const MiB = 1024 * 1024;

const port = await freePort();
const gw = await start('expofmt', 'node', ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, ...serveFlags], port);
/** [RSS, peak RSS] in MiB (Linux). */
const rss = () => {
  const status = readFileSync(`/proc/${gw.child.pid}/status`, 'utf8');
  return ['VmRSS', 'VmHWM'].map((f) => Math.round(Number(new RegExp(`${f}:\\s+(\\d+)`).exec(status)[1]) / 1024));
};
const groupBody = (g, round) => {
  let body = '';
  for (let f = 0; f < 10; f++) {
    body += `# TYPE mem_family_${f} gauge\n`;
    for (let s = 0; s < 10; s++) body += `mem_family_${f}{series="s${s}"} ${g + s + round}\n`;
  }
  return body;
};
const put = async (path, body) => {
  const res = await fetch(`${gw.url}${path}`, { method: 'PUT', body });
  return { status: res.status, text: await res.text() };
};

if (MODE === 'slow') {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < GROUPS) {
        const g = next++;
        await put(`/metrics/job/mem/instance/i${g}`, groupBody(g, 0));
      }
    }),
  );
  const page = (await (await fetch(`${gw.url}/metrics`)).arrayBuffer()).byteLength;
  for (const path of ['/', '/api/v1/metrics']) await (await fetch(`${gw.url}${path}`)).arrayBuffer();
  await sleep(2000);
  const [rest] = rss();
  const sockets = [];
  let healthy = 0;
  const paths = ['/metrics', '/', '/api/v1/metrics'];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(`GET ${paths[i % 3]} HTTP/1.1\r\nHost: x\r\n${i % 2 ? 'Accept-Encoding: gzip\r\n' : ''}\r\n`);
    socket.pause();
    sockets.push(socket);
    await put(`/metrics/job/mem/instance/i${i}`, groupBody(i, i + 1));
    const started = performance.now();
    await (await fetch(`${gw.url}/-/healthy`)).text();
    healthy = Math.max(healthy, performance.now() - started);
  }
  await sleep(3000);
  const [, peak] = rss();
  const started = performance.now();
  const res = await fetch(`${gw.url}/metrics`);
  const bytes = (await res.arrayBuffer()).byteLength;
  console.log(`groups ${GROUPS}, page ${(page / MiB).toFixed(1)} MiB, ${CLIENTS} clients that never read`);
  console.log(`RSS at rest ${rest} MiB, peak after the clients ${peak} MiB (+${peak - rest}); longest /-/healthy ${healthy.toFixed(0)} ms`);
  console.log(`a scrape afterwards: ${res.status}, ${(bytes / MiB).toFixed(1)} MiB in ${(performance.now() - started).toFixed(0)} ms`);
  for (const socket of sockets) socket.destroy();
} else {
  for (let p = 0; p < 12; p++) {
    let body = '# TYPE big gauge\n';
    let i = 0;
    while (body.length < 15_000_000) body += `big{p="${p}",i="${i++}"} ${i}\n`;
    const pushed = await put(`/metrics/job/big${p}`, body);
    const scrape = await fetch(`${gw.url}/metrics`);
    const size = (await scrape.arrayBuffer()).byteLength;
    const [now, peak] = rss();
    console.log(
      `push ${p + 1}: ${i} series -> ${pushed.status} ${pushed.text.trim().slice(0, 90)}; scrape ${scrape.status} ${(size / MiB).toFixed(0)} MiB; RSS ${now} MiB, peak ${peak} MiB`,
    );
  }
}
await stop(gw);
