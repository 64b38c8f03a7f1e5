/**
 * `npm run bench:expiry`: what expiry costs. Three gateways (the built `expofmt/gateway`,
 * all served over HTTP from this process, so that they share the machine alike) are
 * filled with the same `--groups` groups (default 100,000; one gauge each, so the page
 * holds 3 series per group with the push_* pair), directly through `Gateway.push` (HTTP
 * would take minutes): the baseline without expiry, a control that is the same (its ratio
 * to the baseline is the noise of the measurement), and one with `--push.ttl=1h`, where
 * every group has a TTL and sits in the expiry heap (checked every 250 ms). Then, over
 * HTTP, in rounds that rotate the order (each gateway first in turn),
 * with a full garbage collection before each measurement (run with `--expose-gc`, as
 * `npm run bench:expiry` does), so that neither inherits the other's garbage:
 *
 * - push: `--pushes` PUTs (default 2,000) of random existing groups from 4 connections;
 *   latency p50/p99 per push;
 * - direct push: `--pushes` calls of `Gateway.push` (no HTTP, one at a time): the store's
 *   own cost, with less of the machine's noise; mean per push;
 * - scrape: `--scrapes` (default 3) GET /metrics of the whole page, one at a time, after
 *   a push (so that a page is rendered again); latency p50/p99.
 *
 * Reported as ratios to the baseline (1.00 = no cost), the control's beside the TTL's,
 * with the raw figures.
 * Options: `--groups=N`, `--rounds=N` (default 4), `--pushes=N`, `--scrapes=N`.
 */
import { performance } from 'node:perf_hooks';
import { Logger, parseFlags, startGateway } from '../dist/gateway.js';

const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const GROUPS = option('groups', 100_000);
const ROUNDS = option('rounds', 4);
const PUSHES = option('pushes', 2000);
const SCRAPES = option('scrapes', 3);
const collect = () => globalThis.gc?.();
const CONNECTIONS = 4;

const path = (g) => `/metrics/job/expiry_bench/instance/g${g}`;
const body = (g, round) => `# TYPE expiry_bench_value gauge\nexpiry_bench_value{shard="${g % 16}"} ${g + round}\n`;

async function put(url, g, round) {
  const res = await fetch(`${url}${path(g)}`, { method: 'PUT', body: body(g, round) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`PUT ${path(g)} answered ${res.status}`);
}

async function fill(gateway) {
  const encoder = new TextEncoder();
  for (let g = 0; g < GROUPS; g++) {
    const reply = await gateway.push({ method: 'PUT', path: path(g), body: encoder.encode(body(g, 0)) });
    if (reply.status !== 200) throw new Error(`PUT ${path(g)} answered ${reply.status}: ${reply.body}`);
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function pushes(url, round) {
  const times = [];
  let left = PUSHES;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (left-- > 0) {
        const g = Math.floor(Math.random() * GROUPS);
        const t = performance.now();
        await put(url, g, round);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

async function directPushes(gateway, round) {
  const encoder = new TextEncoder();
  const t = performance.now();
  for (let i = 0; i < PUSHES; i++) {
    const g = Math.floor(Math.random() * GROUPS);
    const reply = await gateway.push({ method: 'PUT', path: path(g), body: encoder.encode(body(g, round)) });
    if (reply.status !== 200) throw new Error(`PUT ${path(g)} answered ${reply.status}`);
  }
  return (performance.now() - t) / PUSHES;
}

async function scrapes(url, round) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) {
    await put(url, i, round + 1);
    const t = performance.now();
    const res = await fetch(`${url}/metrics`);
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t);
  }
  return { times, bytes };
}

async function main() {
  const servers = [];
  for (const [name, flags] of [
    ['baseline', []],
    ['control', []],
    ['ttl', ['--push.ttl=1h']],
  ]) {
    const parsed = parseFlags(['--web.listen-address=127.0.0.1:0', ...flags]);
    const logger = new Logger({ write: (text) => process.stderr.write(text) }, 'warn', 'logfmt');
    const running = await startGateway({ config: parsed.config, logger, defaultMetrics: false });
    // A connection idle through a long scrape of the other gateway must not be closed under the next request.
    running.server.keepAliveTimeout = 120_000;
    servers.push({ name, url: running.url, running });
  }
  try {
    for (const s of servers) {
      const t = performance.now();
      await fill(s.running.gateway);
      console.log(`${s.name}: filled ${GROUPS} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const ttlCount = (await (await fetch(`${servers[2].url}/metrics`)).text()).match(/^pushgateway_groups_with_ttl (\d+)$/m)?.[1];
    if (Number(ttlCount) !== GROUPS) throw new Error(`the TTL gateway reports ${ttlCount} groups with a TTL, not ${GROUPS}`);
    const results = new Map(servers.map((s) => [s.name, { push: [], direct: [], scrape: [], bytes: 0 }]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (let i = 0; i < servers.length; i++) {
        const s = servers[(round + i) % servers.length];
        const r = results.get(s.name);
        collect();
        r.push.push(...(await pushes(s.url, round)));
        collect();
        r.direct.push(await directPushes(s.running.gateway, round));
        collect();
        const sc = await scrapes(s.url, round);
        r.scrape.push(...sc.times);
        r.bytes = sc.bytes;
      }
    }
    const stats = (times) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { mean: times.reduce((x, y) => x + y, 0) / times.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
    };
    const base = results.get('baseline');
    const control = results.get('control');
    const ttl = results.get('ttl');
    if (globalThis.gc === undefined) console.log('(run with --expose-gc for a collection before each measurement)');
    console.log(`\n${GROUPS} groups (page ${(base.bytes / 1e6).toFixed(1)} MB), ${ROUNDS} rounds of ${PUSHES} pushes and ${SCRAPES} scrapes each\n`);
    console.log('| | baseline (no expiry) | control (no expiry) | --push.ttl=1h (every group in the heap) | control / baseline | TTL / baseline |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    const mean = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const [a, c, b] = [base, control, ttl].map((r) => mean(r.direct));
    console.log(
      `| direct push mean (per round: ${[base, control, ttl].map((r) => r.direct.map((x) => x.toFixed(2)).join('/')).join('; ')}) | ${a.toFixed(2)} ms | ${c.toFixed(2)} ms | ${b.toFixed(2)} ms | ${(c / a).toFixed(2)} | ${(b / a).toFixed(2)} |`,
    );
    for (const key of ['push', 'scrape']) {
      const a = stats(base[key]);
      const c = stats(control[key]);
      const b = stats(ttl[key]);
      for (const q of ['mean', 'p50', 'p99']) {
        console.log(
          `| ${key} ${q} | ${a[q].toFixed(2)} ms | ${c[q].toFixed(2)} ms | ${b[q].toFixed(2)} ms | ${(c[q] / a[q]).toFixed(2)} | ${(b[q] / a[q]).toFixed(2)} |`,
        );
      }
    }
  } finally {
    for (const s of servers) await s.running.stop('bench done');
  }
}

await main();
