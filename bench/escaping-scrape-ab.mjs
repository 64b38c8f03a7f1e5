/**
 * Issue 14 (UTF-8 names), A/B in one process: a gateway scrape (GET /metrics, text, no
 * escaping asked: `underscores`) of 2,000 groups of 3 families of 5 series each, unchanged
 * between scrapes and after one push, with a baseline build's gateway against this one's.
 * Prints the median time ratio (this build / baseline) of each. The baseline is a `dist/`
 * built from an older commit (see escaping-ab.mjs):
 *
 *   BASE_DIST=/tmp/base/dist node bench/escaping-scrape-ab.mjs
 *   BASE_DIST=/tmp/base/dist MINE_FLAGS=--push.enable-utf8-names node bench/escaping-scrape-ab.mjs
 *
 * The "after one push" figure times the push and the scrape after it.
 */
if (process.env.BASE_DIST === undefined) {
  console.error('usage: BASE_DIST=<baseline dist directory> node bench/escaping-scrape-ab.mjs');
  process.exit(2);
}
const builds = {
  base: await import(`${process.env.BASE_DIST}/gateway.js`),
  mine: await import('../dist/gateway.js'),
};
const GROUPS = 2000;
const body = (g) => {
  let out = '';
  for (const f of ['alpha', 'beta', 'gamma']) {
    out += `# TYPE ${f}_total counter\n`;
    for (let s = 0; s < 5; s++) out += `${f}_total{shard="${s}"} ${g * 10 + s}\n`;
  }
  return out;
};
const started = {};
for (const [name, lib] of Object.entries(builds)) {
  // MINE_FLAGS: flags for this build only, e.g. --push.enable-utf8-names.
  const extra = name === 'mine' && process.env.MINE_FLAGS ? process.env.MINE_FLAGS.split(' ') : [];
  const parsed = lib.parseFlags(['--web.listen-address=127.0.0.1:0', ...extra]);
  const logger = new lib.Logger({ write: () => {} }, 'error', 'logfmt');
  const gw = await lib.startGateway({ config: parsed.config, logger, defaultMetrics: false });
  for (let g = 0; g < GROUPS; g++) await fetch(`${gw.url}/metrics/job/j/instance/i${g}`, { method: 'PUT', body: body(g) });
  started[name] = gw;
}
const scrape = async (gw) => {
  const t = performance.now();
  const res = await fetch(`${gw.url}/metrics`);
  await res.arrayBuffer();
  return performance.now() - t;
};
const push = (gw, g) => fetch(`${gw.url}/metrics/job/j/instance/i${g}`, { method: 'PUT', body: body(g + 1) }).then((r) => r.arrayBuffer());
for (const gw of Object.values(started)) await scrape(gw);
const unchanged = [];
const afterPush = [];
// Each round measures the two builds in the other order than the round before: whichever
// goes second pays for the first one's garbage.
const pair = async (measure) => {
  const first = unchanged.length % 2 === 0 ? ['base', 'mine'] : ['mine', 'base'];
  const t = {};
  for (const name of first) t[name] = await measure(name);
  return t.mine / t.base;
};
for (let r = 0; r < 20; r++) {
  const u = await pair((name) => scrape(started[name]));
  const p = await pair(async (name) => {
    await push(started[name], r);
    return scrape(started[name]);
  });
  unchanged.push(u);
  afterPush.push(p);
}
const median = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
console.log(
  `unchanged page: this build / base, median of 20: ${median(unchanged).toFixed(3)} (range ${unchanged[0].toFixed(2)}-${unchanged.at(-1).toFixed(2)})`,
);
console.log(
  `after one push: this build / base, median of 20: ${median(afterPush).toFixed(3)} (range ${afterPush[0].toFixed(2)}-${afterPush.at(-1).toFixed(2)})`,
);
for (const gw of Object.values(started)) await gw.stop('bench done');
