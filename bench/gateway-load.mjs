/**
 * `npm run bench:gateway-load`: a gateway holding a big store under ordinary load, the
 * proof asked by issue 19. The store holds `--groups` groups (default 10,000) of 100
 * series (10 gauge families x 10 series, the same names in every group). Then for
 * `--seconds` (default 30), at once:
 *
 * - 32 pushers, each in a loop: PUT of one whole group (100 series) to a random group;
 * - one scraper: GET /metrics once a second, read to the end (a Prometheus scrape);
 * - one prober: GET /-/healthy every 50 ms.
 *
 * The client is as light as it can be, since it shares the machine with the gateway:
 * pushers use node:http with keep-alive connections (fetch took about as much CPU as
 * the gateway itself), and the scraper and the prober run in worker threads of their
 * own, as Prometheus and a health checker are processes of their own: a probe's time is
 * then the gateway's answer, not the wait behind the pushers' callbacks or a 61 MiB
 * gunzip on the same event loop.
 *
 * It reports push p50/p99, scrape p50/p99 (whole page read), the longest /-/healthy
 * answer, the page size, the CPU time of the client and of the gateway, and the gateway's
 * peak RSS (VmHWM), for `expofmt serve` and, side
 * by side, Debian's `prometheus-pushgateway` (1.5.1) when installed, at `--pgw-groups`
 * groups (default: the same; lower it to the largest store Pushgateway sustains).
 * Targets of issue 19: push p99 < 100 ms, /-/healthy always < 100 ms, scrape < 1 s.
 * Options: `--groups=N`, `--pgw-groups=N`, `--seconds=N`, `--no-pushgateway`, and
 * `--persistence` (our gateway journals every push to a file in a temporary directory, with
 * the default compaction interval; Pushgateway's side is always without), and `--protobuf`
 * (the scraper asks for delimited protobuf first, as Prometheus does with native
 * histograms on).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { freePort, pushgateway, sleep, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const GROUPS = option('groups', 10_000);
const PGW_GROUPS = option('pgw-groups', GROUPS);
const SECONDS = option('seconds', 30);
const withPushgateway = !args.includes('--no-pushgateway');
const withPersistence = args.includes('--persistence');
const withProtobuf = args.includes('--protobuf');
/** What Prometheus asks for with native histograms on: delimited protobuf first. */
const PROTOBUF_ACCEPT = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3';
const FAMILIES = 10;
const SERIES = 10;
const PUSHERS = 32;
const FILL_CONCURRENCY = 8;

function groupBody(g, round) {
  let body = '';
  for (let f = 0; f < FAMILIES; f++) {
    body += `# HELP load_family_${f} Family ${f} of the load bench.\n# TYPE load_family_${f} gauge\n`;
    for (let s = 0; s < SERIES; s++) body += `load_family_${f}{series="s${s}"} ${g + s * 0.25 + round}\n`;
  }
  return body;
}

const groupPath = (g) => `/metrics/job/load/instance/i${g}`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request on a kept-alive connection: resolves to the status once the whole answer was read. */
function send(url, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method, agent, timeout: 60_000 }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function put(url, g, round) {
  const status = await send(url, 'PUT', groupPath(g), groupBody(g, round));
  if (status !== 200 && status !== 202) throw new Error(`PUT ${groupPath(g)} answered ${status}`);
}

async function fill(url, groups) {
  let next = 0;
  await Promise.all(
    Array.from({ length: FILL_CONCURRENCY }, async () => {
      while (next < groups) await put(url, next++, 0);
    }),
  );
}

/** Peak resident set of a process, in MiB (Linux VmHWM). */
function peakRssMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User and system CPU time of a process so far, in seconds (Linux). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The scraper (GET /metrics once a second, gzip accepted and read to the end, as Prometheus does) and the prober (GET /-/healthy every 50 ms). */
const observers = {
  async scraper(url, deadline, times, protobuf) {
    let pageBytes = 0;
    while (performance.now() < deadline) {
      const t = performance.now();
      await timed(times, async () => {
        pageBytes = await new Promise((resolve, reject) => {
          const headers = { 'Accept-Encoding': 'gzip', ...(protobuf ? { Accept: PROTOBUF_ACCEPT } : {}) };
          const req = http.get(`${url}/metrics`, { headers, timeout: 60_000 }, (res) => {
            let bytes = 0;
            const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
            body.on('data', (c) => (bytes += c.length));
            body.on('end', () => resolve(bytes));
            body.on('error', reject);
          });
          req.on('timeout', () => req.destroy(new Error('scrape timed out')));
          req.on('error', reject);
        });
      });
      await sleep(Math.max(0, 1000 - (performance.now() - t)));
    }
    return pageBytes;
  },
  async prober(url, deadline, times) {
    const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (performance.now() < deadline) {
      await timed(
        times,
        () =>
          new Promise((resolve, reject) => {
            const req = http.get(`${url}/-/healthy`, { agent: probeAgent, timeout: 60_000 }, (res) => {
              res.on('data', () => {});
              res.on('end', resolve);
            });
            req.on('timeout', () => req.destroy(new Error('probe timed out')));
            req.on('error', reject);
          }),
      );
      await sleep(50);
    }
    return 0;
  },
};

/** Runs `work`, adding its time to `times`; counts a failure instead when it throws. */
async function timed(times, work) {
  const t = performance.now();
  try {
    await work();
    times.push(performance.now() - t);
  } catch {
    times.failures = (times.failures ?? 0) + 1;
  }
}

/** Runs an observer in a worker thread of its own: its times are not held up by the pushers' event loop. */
function observe(role, url, seconds) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role, url, seconds, protobuf: withProtobuf } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function measure(server, groups) {
  const fillStart = performance.now();
  await fill(server.url, groups);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const pushes = [];
  const deadline = performance.now() + SECONDS * 1000;
  const clientCpu = process.cpuUsage();
  const serverCpu = cpuSeconds(server.child.pid);
  let round = 1;
  const pusher = async () => {
    while (performance.now() < deadline) await timed(pushes, () => put(server.url, Math.floor(Math.random() * groups), round++));
  };
  const [, scrape, probe] = await Promise.all([
    Promise.all(Array.from({ length: PUSHERS }, pusher)),
    observe('scraper', server.url, SECONDS),
    observe('prober', server.url, SECONDS),
  ]);
  const { user, system } = process.cpuUsage(clientCpu);
  return {
    groups,
    fillSeconds,
    pushes: pushes.length,
    pushP50: percentile(pushes, 50),
    pushP99: percentile(pushes, 99),
    scrapes: scrape.times.length,
    scrapeP50: percentile(scrape.times, 50),
    scrapeP99: percentile(scrape.times, 99),
    healthyMax: Math.max(...probe.times),
    healthyP99: percentile(probe.times, 99),
    pageMiB: scrape.result / 1024 / 1024,
    // The workers' time is the process's too.
    clientCpu: (user + system) / 1e6,
    serverCpu: cpuSeconds(server.child.pid) - serverCpu,
    peakRssMiB: peakRssMiB(server.child.pid),
    failures: (pushes.failures ?? 0) + scrape.failures + probe.failures,
  };
}

async function main() {
  console.log(
    `gateway load bench: ${GROUPS} groups x ${FAMILIES * SERIES} series, ${PUSHERS} pushers, a ${withProtobuf ? 'protobuf' : 'text'} scrape a second, /-/healthy every 50 ms, ${SECONDS} s; node ${process.version}; ${os.cpus().length} cores`,
  );
  const results = [];
  const port = await freePort();
  const journalDir = withPersistence ? mkdtempSync(path.join(os.tmpdir(), 'expofmt-bench-load-')) : undefined;
  const persistence = journalDir === undefined ? [] : [`--persistence.file=${path.join(journalDir, 'pgw.data')}`];
  const ours = await start(
    'expofmt serve',
    process.execPath,
    ['--max-old-space-size=8192', 'bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...persistence],
    port,
  );
  try {
    results.push({ name: withPersistence ? 'expofmt, journal' : 'expofmt serve', ...(await measure(ours, GROUPS)) });
  } finally {
    await stop(ours);
    if (journalDir !== undefined) rmSync(journalDir, { recursive: true, force: true });
  }
  const found = withPushgateway ? pushgateway() : undefined;
  if (found !== undefined) {
    const { binary: pgw, label } = found;
    const port2 = await freePort();
    const real = await start(label, pgw, [`--web.listen-address=127.0.0.1:${port2}`, '--persistence.file=', '--log.level=warn'], port2);
    try {
      results.push({ name: label, ...(await measure(real, PGW_GROUPS)) });
    } finally {
      await stop(real);
    }
  }
  const rows = [
    ['groups (x 100 series)', 'groups', 0],
    ['fill time (s)', 'fillSeconds', 1],
    ['pushes done', 'pushes', 0],
    ['push p50 (ms)', 'pushP50', 1],
    ['push p99 (ms)', 'pushP99', 1],
    ['scrapes done', 'scrapes', 0],
    ['scrape p50, whole page (ms)', 'scrapeP50', 1],
    ['scrape p99, whole page (ms)', 'scrapeP99', 1],
    ['/-/healthy longest (ms)', 'healthyMax', 1],
    ['/-/healthy p99 (ms)', 'healthyP99', 1],
    ['page size (MiB)', 'pageMiB', 1],
    ['client CPU (s)', 'clientCpu', 1],
    ['gateway CPU (s)', 'serverCpu', 1],
    ['peak RSS (MiB)', 'peakRssMiB', 0],
    ['failed requests', 'failures', 0],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${''.padEnd(width)}${results.map((r) => r.name.padStart(20)).join('')}`);
  for (const [title, key, digits] of rows) console.log(`${title.padEnd(width)}${results.map((r) => r[key].toFixed(digits).padStart(20)).join('')}`);
  const [a] = results;
  console.log(
    `\ntargets (issue 19): push p99 < 100 ms: ${a.pushP99 < 100 ? 'met' : 'MISSED'}; /-/healthy < 100 ms: ${a.healthyMax < 100 ? 'met' : 'MISSED'}; scrape < 1 s: ${a.scrapeP99 < 1000 ? 'met' : 'MISSED'}`,
  );
}

if (isMainThread) await main();
else {
  const { role, url, seconds, protobuf } = workerData;
  // One untimed request first: a new thread compiles node:http's client code on its first use.
  // The scraper's is not a health check: its kept-alive connection then carries only what
  // Prometheus' would (`expofmt serve`'s front answers the connections of health checkers).
  const warmUp = role === 'prober' ? '/-/healthy' : '/-/ready';
  await new Promise((resolve, reject) => http.get(`${url}${warmUp}`, (res) => res.resume().on('end', resolve)).on('error', reject));
  const times = [];
  const result = await observers[role](url, performance.now() + seconds * 1000, times, protobuf);
  parentPort.postMessage({ times: [...times], failures: times.failures ?? 0, result });
}
