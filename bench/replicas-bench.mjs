/**
 * `npm run bench:replicas`: the replicated store (`--store=nats://...`, a 3-node NATS
 * cluster on loopback, R3 bucket) against the single-node store, in one run:
 *
 * - single-node: `expofmt serve` in memory (the default), and with `--persistence.file`
 *   (every change fsynced to the journal before its reply);
 * - 1 replica on the NATS store;
 * - 3 replicas on the NATS store, the pushes spread over all three.
 *
 * The workload is bench:gateway's: 100 groups of 200 series (20,000 series). Push: PUT of
 * a whole group, cycling over the groups, from 8 connections in all (3+3+2 over three
 * replicas); req/s (summed over the replicas) and p99 (the worst replica's). Scrape: GET
 * /metrics of the 20,000-series page from one connection, after the pushes; p50/p99.
 * Ratios are against the in-memory single-node store of the same run.
 *
 * Lag: with 3 replicas, a one-series group is pushed through replica k, and the two
 * others are polled (every ~1 ms) until they serve it; the time from the 2xx reply to
 * the first poll that shows it, over 100 pushes, p50/p99/max (ms).
 *
 * Options: `--seconds=N` per measurement (default 5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startNatsCluster } from './nats-cluster.mjs';
import { freePort, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length) ?? 5);

const GROUPS = 100;
const FAMILIES = 10;
const SERIES_PER_FAMILY = 20;
const CONNECTIONS = 8;
const LAG_PROBES = 100;

function groupBody(g, round = 0) {
  let body = '';
  for (let f = 0; f < FAMILIES; f++) {
    body += `# HELP bench_family_${f} Family ${f} of the gateway bench.\n# TYPE bench_family_${f} gauge\n`;
    for (let s = 0; s < SERIES_PER_FAMILY; s++) body += `bench_family_${f}{series="s${s}",shard="${g % 7}"} ${(g * 1000 + s) * 0.5 + round}\n`;
  }
  return body;
}

const groupPath = (g) => `/metrics/job/bench/instance/group-${String(g).padStart(3, '0')}`;

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function fill(url) {
  for (let g = 0; g < GROUPS; g++) {
    const res = await fetch(`${url}${groupPath(g)}`, { method: 'PUT', body: groupBody(g), signal: AbortSignal.timeout(30_000) });
    if (res.status !== 200) throw new Error(`filling: PUT ${groupPath(g)} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
}

/** Pushes spread over the servers (connections split), then scrapes of the first. */
async function measure(servers) {
  await fill(servers[0].url);
  const requests = Array.from({ length: GROUPS }, (_, g) => ({ method: 'PUT', path: groupPath(g), body: groupBody(g, 1) }));
  const share = (i) => Math.floor(CONNECTIONS / servers.length) + (i < CONNECTIONS % servers.length ? 1 : 0);
  const pushes = await Promise.all(servers.map((s, i) => cannon({ url: s.url, connections: share(i), requests })));
  const scrape = await cannon({ url: `${servers[0].url}/metrics`, connections: 1 });
  return {
    pushesPerSecond: pushes.reduce((n, p) => n + p.requests.average, 0),
    pushP99: Math.max(...pushes.map((p) => p.latency.p99)),
    pushErrors: pushes.reduce((n, p) => n + p.non2xx + p.errors + p.timeouts, 0),
    scrapeP50: scrape.latency.p50,
    scrapeP99: scrape.latency.p99,
    scrapeErrors: scrape.non2xx + scrape.errors + scrape.timeouts,
  };
}

/** Replication lag to the other replicas, measured on a small store (the polls are cheap). */
async function lag(servers) {
  const lags = [];
  for (let k = 0; k < LAG_PROBES; k++) {
    const at = servers[k % servers.length];
    const res = await fetch(`${at.url}/metrics/job/lag`, { method: 'PUT', body: `lag_probe ${k}\n` });
    if (res.status !== 200) throw new Error(`lag probe answered ${res.status}`);
    const acked = performance.now();
    const line = `lag_probe{instance="",job="lag"} ${k}\n`;
    await Promise.all(
      servers
        .filter((s) => s !== at)
        .map(async (s) => {
          for (;;) {
            const page = await (await fetch(`${s.url}/metrics`)).text();
            if (page.includes(line)) return lags.push(performance.now() - acked);
            if (performance.now() - acked > 10_000) throw new Error(`replica ${s.url} did not show probe ${k} within 10 s`);
          }
        }),
    );
  }
  lags.sort((a, b) => a - b);
  const at = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
  return { p50: at(0.5), p99: at(0.99), max: lags[lags.length - 1] };
}

async function serve(name, flags) {
  const port = await freePort();
  return start(name, process.execPath, ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...flags], port);
}

async function run(name, flagsList, withLag = false) {
  const servers = [];
  try {
    for (const [i, flags] of flagsList.entries()) servers.push(await serve(`${name} #${i}`, flags));
    const lagResult = withLag ? await lag(servers) : undefined;
    return { name, ...(await measure(servers)), lag: lagResult };
  } finally {
    for (const s of servers) await stop(s);
  }
}

async function main() {
  console.log(
    `replicas bench: ${GROUPS} groups x ${FAMILIES * SERIES_PER_FAMILY} series; ${seconds} s per measurement; node ${process.version}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); NATS: 3 nats-server on loopback, R3 bucket`,
  );
  const results = [];
  results.push(await run('single-node, memory', [[]]));
  const dir = await mkdtemp(join(os.tmpdir(), 'expofmt-bench-journal-'));
  try {
    results.push(await run('single-node, journal', [[`--persistence.file=${join(dir, 'journal')}`]]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const [replicas, bucket] of [
    [1, 'one'],
    [3, 'three'],
  ]) {
    const nats = await startNatsCluster(3);
    try {
      const flags = [`--store=${nats.url}`, `--store.bucket=${bucket}`];
      results.push(await run(`NATS store, ${replicas} replica${replicas > 1 ? 's' : ''}`, Array(replicas).fill(flags), replicas > 1));
    } finally {
      await nats.stop();
    }
  }

  const base = results[0];
  const rows = [
    ['pushes/s (8 connections)', 'pushesPerSecond', 0, true],
    ['push p99 (ms)', 'pushP99', 0, false],
    ['scrape p50 (ms)', 'scrapeP50', 1, false],
    ['scrape p99 (ms)', 'scrapeP99', 1, false],
  ];
  console.log();
  console.log(`| store | ${rows.map((r) => r[0]).join(' | ')} |`);
  console.log(`| --- | ${rows.map(() => '---:').join(' | ')} |`);
  for (const r of results) {
    const cells = rows.map(([, key, digits]) => {
      const ratio = r === base ? '' : ` (${(r[key] / base[key]).toFixed(2)}x)`;
      return `${r[key].toFixed(digits)}${ratio}`;
    });
    console.log(`| ${r.name} | ${cells.join(' | ')} |`);
  }
  for (const r of results) {
    if (r.lag)
      console.log(
        `\n${r.name}: lag to the other replicas after a 2xx: p50 ${r.lag.p50.toFixed(1)} ms, p99 ${r.lag.p99.toFixed(1)} ms, max ${r.lag.max.toFixed(1)} ms`,
      );
    if (r.pushErrors + r.scrapeErrors > 0) console.log(`${r.name}: ${r.pushErrors} failed pushes, ${r.scrapeErrors} failed scrapes`);
  }
}

await main();
