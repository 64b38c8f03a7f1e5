/**
 * `npm run bench:gateway-big-group`: a change to a big group costs what it carries (issue
 * 19, item 7). A gateway with `--persistence.file` (in a temporary directory) holds one
 * group of `--series` series (default 700,000) in 70 families; then, one after another:
 *
 * - POSTs of one new series (a family the group did not have);
 * - POSTs that replace one of its families (10,000 series) with one series;
 *
 * while a prober asks `/-/healthy` every 20 ms. Each is reported as its time and as a
 * ratio to the PUT that filled the group (what re-sending and re-journaling it all costs,
 * measured in the same run), with the longest `/-/healthy` answer and the journal's
 * growth per POST.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep, start, stop } from './servers.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const SERIES = option('series', 700_000);
const FAMILIES = 70;
const ROUNDS = option('rounds', 10);

function send(url, method, body) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request(`${url}/metrics/job/big`, { method }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${method} answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until no compaction is writing beside the journal and its size stayed the same for a second. */
async function settled(dir, file) {
  let size = -1;
  for (;;) {
    await sleep(1000);
    const writing = readdirSync(dir).some((name) => name.includes('.in_progress.'));
    const now = statSync(file).size;
    if (!writing && now === size) return;
    size = now;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'expofmt-bench-big-'));
  const file = path.join(dir, 'pgw.data');
  const port = await freePort();
  const server = await start(
    'expofmt serve',
    process.execPath,
    ['--max-old-space-size=8192', 'bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${file}`, '--log.level=warn'],
    port,
  );
  try {
    let body = '';
    for (let f = 0; f < FAMILIES; f++) {
      body += `# TYPE big_${f} gauge\n`;
      for (let s = 0; s < SERIES / FAMILIES; s++) body += `big_${f}{s="${s}"} ${s}\n`;
    }
    const put = await send(server.url, 'PUT', body);
    // The compaction the fill set off (the journal grew past twice its last snapshot) ends first.
    await settled(dir, file);
    let healthyMax = 0;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const t = performance.now();
        await new Promise((resolve, reject) => http.get(`${server.url}/-/healthy`, (res) => res.resume().on('end', resolve)).on('error', reject));
        healthyMax = Math.max(healthyMax, performance.now() - t);
        await sleep(20);
      }
    })();
    const journalBefore = statSync(file).size;
    const oneSeries = [];
    for (let i = 0; i < ROUNDS; i++) oneSeries.push(await send(server.url, 'POST', `# TYPE added_${i} gauge\nadded_${i} ${i}\n`));
    const journalGrowth = (statSync(file).size - journalBefore) / ROUNDS;
    const replaceFamily = [];
    for (let i = 0; i < ROUNDS; i++) replaceFamily.push(await send(server.url, 'POST', `# TYPE big_${i} gauge\nbig_${i}{s="x"} 1\n`));
    probing = false;
    await prober;
    console.log(
      `gateway big-group bench: one group of ${SERIES} series in ${FAMILIES} families, --persistence.file; node ${process.version}; ${os.cpus().length} cores\n`,
    );
    console.log(`PUT of the whole group (the baseline)              ${put.toFixed(0).padStart(8)} ms`);
    console.log(
      `POST of one new series, median / longest           ${median(oneSeries).toFixed(1).padStart(8)} / ${Math.max(...oneSeries).toFixed(1)} ms   (${(median(oneSeries) / put).toFixed(4)} x the PUT)`,
    );
    console.log(
      `POST replacing a 10,000-series family, median / longest ${median(replaceFamily).toFixed(1).padStart(5)} / ${Math.max(...replaceFamily).toFixed(1)} ms   (${(median(replaceFamily) / put).toFixed(4)} x the PUT)`,
    );
    console.log(`journal growth per one-series POST                 ${journalGrowth.toFixed(0).padStart(8)} bytes`);
    console.log(`/-/healthy longest during the POSTs                ${healthyMax.toFixed(1).padStart(8)} ms`);
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
