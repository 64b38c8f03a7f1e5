/**
 * Clients that ask for a page and never read it, on the real gateway process: its
 * resident memory must stay within the bound the limits give (README, "Memory"), however
 * many such clients come, and each is cut off at the write timeout. Before the limits,
 * each unread UI page or /api/v1/metrics held the whole page as one string (60 MB at
 * 200,000 series), each unread scrape a page the store had since replaced.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const GROUPS = 1000;
const SLOW_CLIENTS = 60;
const SLOTS = 2;
const WRITE_TIMEOUT_S = 4;
const MiB = 1024 * 1024;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function startChild(flags: string[]): Promise<{ url: string; port: number; pid: number; stderr: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'child-gateway.ts'), '--web.listen-address=127.0.0.1:0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /URL (\S+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`the gateway exited with ${code}: ${stderr}`)));
  });
  return { url, port: Number(new URL(url).port), pid: proc.pid!, stderr: () => stderr };
}

/** Resident and peak resident memory of a process, in bytes (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

function groupBody(g: number, round: number): string {
  let body = '';
  for (let f = 0; f < 10; f++) {
    body += `# TYPE slow_family_${f} gauge\n`;
    for (let s = 0; s < 10; s++) body += `slow_family_${f}{series="s${s}"} ${g + s + round}\n`;
  }
  return body;
}

async function put(url: string, g: number, round: number): Promise<void> {
  const res = await fetch(`${url}/metrics/job/slow/instance/i${g}`, { method: 'PUT', body: groupBody(g, round) });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
}

describe('clients that never read their page', () => {
  it('keep the memory within the bound, are cut off at the write timeout, and leave the gateway serving', async () => {
    const gw = await startChild([`--web.write-timeout=${WRITE_TIMEOUT_S}s`, `--web.max-concurrent-pages=${SLOTS}`, '--log.level=warn']);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < GROUPS) await put(gw.url, next++, 0);
      }),
    );
    // Each page once, so what a page costs to make is in the baseline.
    const page = (await (await fetch(`${gw.url}/metrics`)).arrayBuffer()).byteLength;
    for (const path of ['/', '/api/v1/metrics']) await (await fetch(`${gw.url}${path}`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 1500));
    const rest = memory(gw.pid).rss;

    const paths = ['/metrics', '/', '/api/v1/metrics'];
    const slow: Array<{ socket: net.Socket; received: () => string }> = [];
    let slowestHealthy = 0;
    for (let i = 0; i < SLOW_CLIENTS; i++) {
      const socket = net.connect(gw.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write(`GET ${paths[i % 3]} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${i % 2 === 1 ? 'Accept-Encoding: gzip\r\n' : ''}\r\n`);
      socket.pause();
      slow.push({ socket, received: () => '' });
      // A push between two clients: each may hold a page the store has replaced since.
      await put(gw.url, i, i + 1);
      const started = performance.now();
      expect((await fetch(`${gw.url}/-/healthy`)).status).toBe(200);
      slowestHealthy = Math.max(slowestHealthy, performance.now() - started);
    }
    const peak = memory(gw.pid).peak;
    // The bound: per slot, the page a newer one replaced and the page being made, plus
    // the write buffers (4 MiB joined, as much again in the socket); a fixed margin for
    // the connections and the collector's slack.
    const bound = SLOTS * (2 * page + 16 * MiB) + 48 * MiB;
    expect(peak - rest, `peak ${(peak / MiB).toFixed(0)} MiB over a rest of ${(rest / MiB).toFixed(0)} MiB; page ${(page / MiB).toFixed(1)} MiB`).toBeLessThan(
      bound,
    );
    expect(slowestHealthy).toBeLessThan(1000);

    // After the write timeout, every slow client has had its connection closed: cut off
    // mid-page (a reset, or the start of a 200), or 503 after waiting for a slot.
    await new Promise((r) => setTimeout(r, (WRITE_TIMEOUT_S + 1) * 1000));
    const answers = await Promise.all(
      slow.map(
        ({ socket }) =>
          new Promise<string>((resolve) => {
            let head = '';
            socket.on('data', (c: Buffer) => {
              if (head.length < 64) head += c.toString('latin1');
            });
            socket.on('close', () => resolve(head.slice(0, 12)));
            socket.resume();
            setTimeout(() => resolve('still open'), 5000);
          }),
      ),
    );
    expect(answers.filter((a) => a === 'still open')).toEqual([]);
    // '' is a connection reset while cut off mid-page: what the client had not read is gone.
    expect(answers.filter((a) => a !== 'HTTP/1.1 200' && a !== 'HTTP/1.1 503' && a !== '')).toEqual([]);
    expect(answers.filter((a) => a === 'HTTP/1.1 503').length).toBeGreaterThan(0);
    expect(gw.stderr()).toContain('cut off a client that did not read its page in time');

    // And an ordinary scrape gets the whole page.
    const res = await fetch(`${gw.url}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.match(/^slow_family_\d\{/gm)?.length).toBe(GROUPS * 100);
  }, 120_000);
});
