/**
 * `npm run bench:web-config`: what basic authentication (`--web.config.file`) costs a
 * request of `expofmt serve`, driven by autocannon on loopback, plain HTTP (TLS is
 * measured by others; here only the authentication is):
 *
 * - open: no web config (the baseline);
 * - auth: `basic_auth_users` with one bcrypt cost-10 user, every request with the right
 *   password (the bcrypt runs once, then the cache answers);
 * - auth-wrong: the same gateway, every request with a wrong password (401; cached after
 *   the first too, so a wrong password is also not a bcrypt per request).
 *
 * Each: GET /-/healthy and PUT of a one-series group, 4 connections. Reported as requests
 * per second and as the ratio to `open` measured in the same run.
 * Four rounds alternate the cases; the first warms up, the median of the other three is
 * reported. Options: `--seconds=N` per measurement (default 3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import bcrypt from 'bcryptjs';
import { freePort, start, stop } from './servers.mjs';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 3);
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, connections: 4, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function gateway(name, webConfig) {
  const port = await freePort();
  const flags = ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'];
  if (webConfig) flags.push(`--web.config.file=${webConfig}`);
  return start(name, process.execPath, flags, port);
}

async function measure(server, authorization, expected) {
  const headers = authorization ? { authorization } : {};
  const health = await cannon({ url: `${server.url}/-/healthy`, headers });
  const push = await cannon({ url: `${server.url}/metrics/job/bench`, method: 'PUT', body: 'bench_metric 1\n', headers });
  for (const [what, r] of [
    ['health', health],
    ['push', push],
  ]) {
    const ok = expected === 200 ? r['2xx'] : r['4xx'];
    if (ok !== r.requests.total - r.timeouts - r.errors || r.errors + r.timeouts > 0) {
      throw new Error(`${server.name} ${what}: expected every answer ${expected}; 2xx=${r['2xx']} 4xx=${r['4xx']} errors=${r.errors}`);
    }
  }
  return { health: health.requests.average, push: push.requests.average };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'expofmt-bench-web-config-'));
const servers = [];
try {
  const file = join(dir, 'web.yml');
  // Health open at start, for the readiness probe of servers.mjs (it sends no credentials).
  const users = `basic_auth_users:\n  bench: ${bcrypt.hashSync('bench-password', 10)}\n`;
  writeFileSync(file, `${users}expofmt:\n  open_health_endpoints: true\n`);
  const open = await gateway('open');
  servers.push(open);
  const auth = await gateway('auth', file);
  servers.push(auth);
  // Then every request is checked (the file is re-read within a second).
  writeFileSync(file, users);
  await new Promise((r) => setTimeout(r, 1100));
  const cases = {
    open: () => measure(open, undefined, 200),
    auth: () => measure(auth, basic('bench', 'bench-password'), 200),
    'auth-wrong': () => measure(auth, basic('bench', 'wrong-password'), 401),
  };
  // Rounds alternate the cases, so that the machine's load falls on all of them alike; medians.
  const runs = Object.fromEntries(Object.keys(cases).map((name) => [name, { health: [], push: [] }]));
  for (let round = 0; round < 4; round++) {
    for (const [name, run] of Object.entries(cases)) {
      const r = await run();
      // Round 0 warms up (JIT, the one bcrypt of each password) and is not counted.
      if (round === 0) continue;
      runs[name].health.push(r.health);
      runs[name].push.push(r.push);
    }
  }
  const results = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, { health: median(r.health), push: median(r.push) }]));
  console.log('| case | GET /-/healthy req/s | ratio | PUT one series req/s | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of Object.entries(results)) {
    const ratio = (x, base) => (x / base).toFixed(2);
    console.log(
      `| ${name} | ${Math.round(r.health)} | ${ratio(r.health, results.open.health)} | ${Math.round(r.push)} | ${ratio(r.push, results.open.push)} |`,
    );
  }
} finally {
  for (const server of servers) await stop(server);
  rmSync(dir, { recursive: true, force: true });
}
