/**
 * `npm run bench:gateway`: push and scrape throughput of `expofmt serve` on loopback, and
 * of Debian's `prometheus-pushgateway` side by side when it is installed
 * (`bash scripts/install-test-deps.sh` installs it), driven by autocannon.
 *
 * The store holds 100 groups of 200 series each (10 gauge families of 20 series per group,
 * the same family names in every group, so that a scrape merges 100 groups per family):
 * 20,000 pushed series.
 *
 * - push: PUT of one whole group (200 series, ~8 KB), cycling over the 100 groups, from
 *   8 connections, each push checked for consistency against the full store (the default
 *   of both gateways); requests per second.
 * - scrape: GET /metrics of the 20,000-series page from one connection, plain and with
 *   `Accept-Encoding: gzip` (as Prometheus asks); latency p50/p99 in ms.
 *
 * Targets: push throughput at least the real Pushgateway's; scrape p99 under 50 ms.
 * Options: `--seconds=N` per measurement (default 10), `--no-pushgateway`.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { freePort, pushgateway, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length) ?? 10);
const withPushgateway = !args.includes('--no-pushgateway');

const GROUPS = 100;
const FAMILIES = 10;
const SERIES_PER_FAMILY = 20; // 10 x 20 = 200 series per group
const PUSH_CONNECTIONS = 8;
const TARGET_SCRAPE_P99_MS = 50;

/** The body of group g: 10 families x 20 series; `round` changes the values. */
function groupBody(g, round = 0) {
  let body = '';
  for (let f = 0; f < FAMILIES; f++) {
    body += `# HELP bench_family_${f} Family ${f} of the gateway bench.\n# TYPE bench_family_${f} gauge\n`;
    for (let s = 0; s < SERIES_PER_FAMILY; s++) body += `bench_family_${f}{series="s${s}",shard="${g % 7}"} ${(g * 1000 + s) * 0.5 + round}\n`;
  }
  return body;
}

const groupPath = (g) => `/metrics/job/bench/instance/group-${String(g).padStart(3, '0')}`;

async function fill(url) {
  for (let g = 0; g < GROUPS; g++) {
    const res = await fetch(`${url}${groupPath(g)}`, { method: 'PUT', body: groupBody(g), signal: AbortSignal.timeout(30_000) });
    if (res.status !== 200) throw new Error(`filling: PUT ${groupPath(g)} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  const page = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
  const series = page.split('\n').filter((l) => l.startsWith('bench_family_')).length;
  if (series !== GROUPS * FAMILIES * SERIES_PER_FAMILY) throw new Error(`the page holds ${series} bench series, not ${GROUPS * FAMILIES * SERIES_PER_FAMILY}`);
  return page.length;
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: seconds, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(server) {
  const pageBytes = await fill(server.url);
  // Each push replaces a whole group with new values; both gateways check it against the whole store.
  const requests = Array.from({ length: GROUPS }, (_, g) => ({ method: 'PUT', path: groupPath(g), body: groupBody(g, 1) }));
  const push = await cannon({ url: server.url, connections: PUSH_CONNECTIONS, requests });
  const pushErrors = push.non2xx + push.errors + push.timeouts;
  const scrape = await cannon({ url: `${server.url}/metrics`, connections: 1 });
  const scrapeGzip = await cannon({ url: `${server.url}/metrics`, connections: 1, headers: { 'accept-encoding': 'gzip' } });
  return {
    pageBytes,
    pushesPerSecond: push.requests.average,
    pushP99: push.latency.p99,
    pushErrors,
    scrapeP50: scrape.latency.p50,
    scrapeP99: scrape.latency.p99,
    scrapesPerSecond: scrape.requests.average,
    scrapeErrors: scrape.non2xx + scrape.errors + scrape.timeouts + scrapeGzip.non2xx + scrapeGzip.errors + scrapeGzip.timeouts,
    gzipP50: scrapeGzip.latency.p50,
    gzipP99: scrapeGzip.latency.p99,
  };
}

async function main() {
  console.log(
    `gateway bench: ${GROUPS} groups x ${FAMILIES * SERIES_PER_FAMILY} series = ${GROUPS * FAMILIES * SERIES_PER_FAMILY} series; ${seconds} s per measurement; node ${process.version}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`,
  );
  const results = [];
  const port = await freePort();
  const ours = await start('expofmt serve', process.execPath, ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], port);
  try {
    results.push({ name: 'expofmt serve', ...(await measure(ours)) });
  } finally {
    await stop(ours);
  }
  const found = withPushgateway ? pushgateway() : undefined;
  if (found !== undefined) {
    const { binary: pgw, label } = found;
    const port2 = await freePort();
    const real = await start(label, pgw, [`--web.listen-address=127.0.0.1:${port2}`, '--persistence.file=', '--log.level=warn'], port2);
    try {
      results.push({ name: label, ...(await measure(real)) });
    } finally {
      await stop(real);
    }
  } else if (withPushgateway) {
    console.log('prometheus-pushgateway is not installed (bash scripts/install-test-deps.sh installs it): no side-by-side figures');
  }

  const rows = [
    ['push: PUT of a 200-series group (req/s, 8 connections)', 'pushesPerSecond', 0, true],
    ['push latency p99 (ms)', 'pushP99', 1, false],
    ['scrape: GET /metrics, 20,000 series, p50 (ms)', 'scrapeP50', 1, false],
    ['scrape p99 (ms)', 'scrapeP99', 1, false],
    ['scrape with Accept-Encoding: gzip, p50 (ms)', 'gzipP50', 1, false],
    ['scrape with gzip, p99 (ms)', 'gzipP99', 1, false],
    ['page size (bytes)', 'pageBytes', 0, true],
  ];
  const [a, b] = results;
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log();
  console.log(`${''.padEnd(width)}  ${a.name.padStart(14)}${b ? `  ${b.name.padStart(18)}  ratio (expofmt/Pushgateway)` : ''}`);
  for (const [title, key, digits, higherIsBetter] of rows) {
    const x = a[key];
    const y = b?.[key];
    const ratio = y ? `${(x / y).toFixed(2)}x${key === 'pageBytes' ? '' : higherIsBetter ? ' (higher is better)' : ' (lower is better)'}` : '';
    console.log(`${title.padEnd(width)}  ${x.toFixed(digits).padStart(14)}${b ? `  ${y.toFixed(digits).padStart(18)}  ${ratio}` : ''}`);
  }
  for (const r of results) if (r.pushErrors + r.scrapeErrors > 0) console.log(`${r.name}: ${r.pushErrors} failed pushes, ${r.scrapeErrors} failed scrapes`);
  console.log();
  console.log(`target: scrape p99 < ${TARGET_SCRAPE_P99_MS} ms: ${a.scrapeP99 < TARGET_SCRAPE_P99_MS ? 'met' : 'MISSED'} (${a.scrapeP99} ms)`);
  if (b)
    console.log(
      `target: push throughput >= Pushgateway's: ${a.pushesPerSecond >= b.pushesPerSecond ? 'met' : 'MISSED'} (${(a.pushesPerSecond / b.pushesPerSecond).toFixed(2)}x)`,
    );
}

await main();
