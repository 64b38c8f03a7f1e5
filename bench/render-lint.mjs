/**
 * `npm run bench:render`: the other halves of a gateway's and a CI job's work, on the same
 * corpora as `npm run bench`, side by side in one process with `benchmark`:
 *
 * - parse: `parse(string)` of the corpus (MB of input per second);
 * - render: `renderText(families)` of what parse gave (MB of output per second);
 * - JSON.stringify of the same families (MB of its output per second), for scale;
 * - OpenMetrics: the corpus rendered as OpenMetrics, parsed with `parse` (the time
 *   ratio to 0.0.4 parsing of the same families is the figure);
 * - lint: `lint(bytes)` (parse with every error collected plus every validation rule).
 *
 * Targets: render at least as fast as parse on the same bytes; OpenMetrics parsing within
 * 1.5x of 0.0.4; lint of the 40 MB corpus within 3x of parse. Option: `--quick`.
 *
 * Each ratio is printed three ways: from the means of the samples pooled over the rounds,
 * from the fastest samples, and as the median over rounds of the ratio within a round
 * (cases next to each other in time, so least moved by the VM's drift). A control ratio,
 * of two 0.0.4 parses doing the same work, shows how far the machine alone moves a ratio.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import { lint, parse, renderOpenMetrics, renderText } from '../dist/index.js';
import { ensureCorpora } from './corpora.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const corporaDir = path.join(here, '.corpora');
const quick = process.argv.includes('--quick');
const OPTIONS = { minSamples: 2, maxTime: quick ? 0.25 : 0.5, initCount: 1, defer: true };
/**
 * The Suite runs this many times in a row and each case's samples are pooled, as in
 * `run.mjs`: the VM's speed drifts over seconds, and cases measured one after the other
 * for seconds each would compare the drift as much as the code.
 */
const ROUNDS = quick ? 2 : 6;
// The million-series corpus is left out: its figures match the high-cardinality one's and
// it doubles the run time.
const CORPORA = [
  ['node_exporter', 'node-exporter.prom'],
  ['high_cardinality', 'high-cardinality.prom'],
];

let sink;

/** One run of a Suite over `cases`; resolves to each case's samples (seconds per call). */
function round(name, cases) {
  return new Promise((resolve) => {
    const s = new Benchmark.Suite(name);
    for (const [label, fn] of cases) {
      s.add(
        label,
        (deferred) => {
          sink = fn();
          Promise.resolve(sink).then(() => deferred.resolve());
        },
        OPTIONS,
      );
    }
    s.on('complete', function () {
      resolve(Object.fromEntries(this.map((b) => [b.name, b.stats.sample])));
    }).run({ async: true });
  });
}

/** ROUNDS runs of the Suite; each case's mean and fastest sample over the pooled samples. */
async function suite(name, cases) {
  const pooled = {};
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const samples = await round(name, cases);
    rounds.push(Object.fromEntries(Object.entries(samples).map(([label, xs]) => [label, average(xs)])));
    for (const [label, sample] of Object.entries(samples)) (pooled[label] ??= []).push(...sample);
  }
  const entries = Object.entries(pooled);
  for (const [label, xs] of entries) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `  ${name} ${label}: mean ${(mean * 1e3).toFixed(3)} ms, fastest ${(Math.min(...xs) * 1e3).toFixed(3)} ms, ${xs.length} samples in ${ROUNDS} rounds`,
    );
  }
  return {
    mean: Object.fromEntries(entries.map(([label, xs]) => [label, average(xs)])),
    best: Object.fromEntries(entries.map(([label, xs]) => [label, Math.min(...xs)])),
    /** The median over rounds of the ratio of two cases' means in the same round. */
    roundRatio: (a, b) => median(rounds.map((r) => r[a] / r[b])),
  };
}

const average = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

ensureCorpora(corporaDir, (line) => console.log(line));
const rows = [];
for (const [name, file] of CORPORA) {
  const bytes = fs.readFileSync(path.join(corporaDir, file));
  const text = bytes.toString('utf8');
  const { families } = parse(text, { dialect: 'prometheus' });
  const rendered = renderText(families);
  const json = JSON.stringify(families);
  // Families OpenMetrics cannot hold side by side (node_exporter's gauge
  // go_memstats_alloc_bytes next to the counter go_memstats_alloc_bytes_total) make the
  // OpenMetrics text invalid: leave those out of the OpenMetrics case.
  let omFamilies = families;
  let om = renderOpenMetrics(omFamilies);
  for (let round = 0; round < 5; round++) {
    const clashing = new Set(parse(om, { collectErrors: true }).diagnostics.map((d) => d.family));
    if (clashing.size === 0) break;
    omFamilies = omFamilies.filter((f) => !clashing.has(f.name) && !clashing.has(f.name.replace(/_total$/, '')));
    om = renderOpenMetrics(omFamilies);
  }
  parse(om);
  const omText = renderText(omFamilies);
  const { mean, best, roundRatio } = await suite(name, [
    ['parse', () => parse(text, { dialect: 'prometheus' })],
    ['render', () => renderText(families)],
    ['JSON.stringify', () => JSON.stringify(families)],
    ['parse OpenMetrics', () => parse(om, { dialect: 'openmetrics' })],
    ['parse 0.0.4 of the same families', () => parse(omText, { dialect: 'prometheus' })],
    ['lint', () => lint(bytes, { dialect: 'prometheus' })],
  ]);
  const mbs = (size, seconds) => size / 1e6 / seconds;
  const row = {
    corpus: name,
    parseMBs: mbs(bytes.length, mean.parse),
    renderMBs: mbs(Buffer.byteLength(rendered), mean.render),
    jsonMBs: mbs(Buffer.byteLength(json), mean['JSON.stringify']),
    renderVsParse: mean.parse / mean.render,
    openMetricsVsText: mean['parse OpenMetrics'] / mean['parse 0.0.4 of the same families'],
    lintVsParse: mean.lint / mean.parse,
    best: {
      renderVsParse: best.parse / best.render,
      openMetricsVsText: best['parse OpenMetrics'] / best['parse 0.0.4 of the same families'],
      lintVsParse: best.lint / best.parse,
    },
    byRound: {
      renderVsParse: roundRatio('parse', 'render'),
      openMetricsVsText: roundRatio('parse OpenMetrics', 'parse 0.0.4 of the same families'),
      lintVsParse: roundRatio('lint', 'parse'),
    },
    // The two 0.0.4 parses do the same work (the OpenMetrics families are all but a few of
    // the corpus's): how far their ratio is from 1 is how far the machine moves the others.
    control: mean.parse / mean['parse 0.0.4 of the same families'],
    controlByRound: roundRatio('parse', 'parse 0.0.4 of the same families'),
  };
  rows.push(row);
  console.log(
    `${name}: parse ${row.parseMBs.toFixed(1)} MB/s, render ${row.renderMBs.toFixed(1)} MB/s (${row.renderVsParse.toFixed(2)}x parse speed), ` +
      `JSON.stringify ${row.jsonMBs.toFixed(1)} MB/s; OpenMetrics parse takes ${row.openMetricsVsText.toFixed(2)}x the 0.0.4 time; lint takes ${row.lintVsParse.toFixed(2)}x parse`,
  );
}
console.log('\nRatios by pooled mean / by fastest sample / median of the per-round ratios of means:');
console.log(
  '\n| corpus | parse MB/s | render MB/s | render vs parse (>= 1) | JSON.stringify MB/s | OpenMetrics parse time / 0.0.4 (<= 1.5) | lint time / parse (<= 3) | control: two 0.0.4 parses of the same work (1 if no noise) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const all = (r, key) => `${r[key].toFixed(2)}x / ${r.best[key].toFixed(2)}x / ${r.byRound[key].toFixed(2)}x`;
for (const r of rows) {
  console.log(
    `| ${r.corpus} | ${r.parseMBs.toFixed(1)} | ${r.renderMBs.toFixed(1)} | ${all(r, 'renderVsParse')} | ${r.jsonMBs.toFixed(1)} | ${all(r, 'openMetricsVsText')} | ${all(r, 'lintVsParse')} | ${r.control.toFixed(2)}x / ${r.controlByRound.toFixed(2)}x |`,
  );
}
void sink;
