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
 * It reports push p50/p99, scrape p50/p99 (whole page read), the longest /-/healthy
 * answer, the page size and the gateway's peak RSS (VmHWM), for `expofmt serve` and, side
 * by side, Debian's `prometheus-pushgateway` (1.5.1) when installed, at `--pgw-groups`
 * groups (default: the same; lower it to the largest store Pushgateway sustains).
 * Targets of issue 19: push p99 < 100 ms, /-/healthy always < 100 ms, scrape < 1 s.
 * Options: `--groups=N`, `--pgw-groups=N`, `--seconds=N`, `--no-pushgateway`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { freePort, pushgateway, sleep, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const GROUPS = option('groups', 10_000);
const PGW_GROUPS = option('pgw-groups', GROUPS);
const SECONDS = option('seconds', 30);
const withPushgateway = !args.includes('--no-pushgateway');
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

async function put(url, g, round) {
  const res = await fetch(`${url}${groupPath(g)}`, { method: 'PUT', body: groupBody(g, round), signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 202) throw new Error(`PUT ${groupPath(g)} answered ${res.status}`);
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

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(server, groups) {
  const fillStart = performance.now();
  await fill(server.url, groups);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const pushes = [];
  const scrapes = [];
  const healthy = [];
  let pageBytes = 0;
  let failures = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const timed = async (list, work) => {
    const t = performance.now();
    try {
      await work();
      list.push(performance.now() - t);
    } catch {
      failures++;
    }
  };
  let round = 1;
  const pusher = async () => {
    while (performance.now() < deadline) await timed(pushes, () => put(server.url, Math.floor(Math.random() * groups), round++));
  };
  const scraper = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await timed(scrapes, async () => {
        const res = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(60_000) });
        pageBytes = (await res.arrayBuffer()).byteLength;
      });
      await sleep(Math.max(0, 1000 - (performance.now() - t)));
    }
  };
  const prober = async () => {
    while (performance.now() < deadline) {
      await timed(healthy, async () => (await fetch(`${server.url}/-/healthy`, { signal: AbortSignal.timeout(60_000) })).arrayBuffer());
      await sleep(50);
    }
  };
  await Promise.all([...Array.from({ length: PUSHERS }, pusher), scraper(), prober()]);
  return {
    groups,
    fillSeconds,
    pushes: pushes.length,
    pushP50: percentile(pushes, 50),
    pushP99: percentile(pushes, 99),
    scrapes: scrapes.length,
    scrapeP50: percentile(scrapes, 50),
    scrapeP99: percentile(scrapes, 99),
    healthyMax: Math.max(...healthy),
    healthyP99: percentile(healthy, 99),
    pageMiB: pageBytes / 1024 / 1024,
    peakRssMiB: peakRssMiB(server.child.pid),
    failures,
  };
}

async function main() {
  console.log(
    `gateway load bench: ${GROUPS} groups x ${FAMILIES * SERIES} series, ${PUSHERS} pushers, a scrape a second, /-/healthy every 50 ms, ${SECONDS} s; node ${process.version}; ${os.cpus().length} cores`,
  );
  const results = [];
  const port = await freePort();
  const ours = await start(
    'expofmt serve',
    process.execPath,
    ['--max-old-space-size=8192', 'bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    port,
  );
  try {
    results.push({ name: 'expofmt serve', ...(await measure(ours, GROUPS)) });
  } finally {
    await stop(ours);
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

await main();
