/**
 * `npm run bench`: throughput of expofmt's `parse(string)` against
 * parse-prometheus-text-format and a charCodeAt baseline, per corpus, with `benchmark`
 * Suites in this process; then peak memory and throughput of `parseStream` on the
 * 1,000,000-series file, in child processes (see stream-memory.mjs).
 *
 * MB are 10^6 bytes of UTF-8 input (the file size); a series is one sample line.
 * Options: `--quick` (fewer samples, for trying changes), `--only=<corpus name>`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parse } from '../dist/index.js';
import { ensureCorpora } from './corpora.mjs';
import { resultBuilder } from './result-floor.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const corporaDir = path.join(here, '.corpora');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const TARGET_VS_PEER = 4; // on the node_exporter-like corpus
const TARGET_VS_BASELINE = 0.3;
const TARGET_STREAM_RSS = 64 * 2 ** 20;
/**
 * The peer parses whole corpora up to this size; bigger ones get a slice (the 87 MB one
 * takes 5-26 s per parse on the 2-core machine, depending on load). A size rule, not a
 * timing, so that what is measured does not depend on the load either.
 */
const PEER_MAX_BYTES = 50e6;
/** ... as does any corpus on which one peer parse is projected to take longer than this. */
const PEER_MAX_SECONDS = 30;
/** The slice the peer gets then: the first family boundary after this many bytes. */
const PEER_SLICE_BYTES = 8e6;
const STREAM_RUNS = quick ? 1 : 3;

/**
 * Small corpus: benchmark's defaults. Big ones: one call per sample and few samples, and
 * deferred, because a plain benchmark that calls a closure runs it once more untimed
 * before every sample (benchmark's pretest), which would double the wall time.
 */
const SMALL_OPTIONS = { maxTime: quick ? 0.5 : 1.5 };
const BIG_OPTIONS = { minSamples: 2, maxTime: quick ? 0.25 : 0.5, initCount: 1, defer: true };
/**
 * Each Suite runs this many times in a row and every case's samples are pooled. The VM's
 * speed drifts by up to ±30% over seconds, so cases measured one after the other for
 * seconds each would compare the drift as much as the code; in rounds, each case sees
 * every phase of it.
 */
const ROUNDS = quick ? 2 : 4;

// A small part of each result lands here so that no call can be optimised away; the
// result itself is dropped, as a caller that reads and forgets it would.
let sink;

/** The upper bound for any scanner: read every char once. */
function charCodeAtSum(text) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
  return sum;
}

/** Sample lines in `text`: non-blank lines that are not comments. */
function countSeries(text) {
  let series = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    if (i < end && text.charCodeAt(i) !== 0x23) series++;
    start = end + 1;
  }
  return series;
}

/**
 * The text up to the first family boundary (a `# HELP` line) at or after `chars`, copied
 * into a flat string of its own as a file read would give (a slice would point into the
 * whole text, and some reads of it take a slower path).
 */
function sliceAtFamily(text, chars) {
  const at = text.indexOf('\n# HELP ', chars);
  return at < 0 ? text : Buffer.from(text.slice(0, at + 1)).toString();
}

/** A case: what a benchmark parses, with its size for the MB/s and series/s figures. */
function input(text, series) {
  return { text, bytes: Buffer.byteLength(text), series: series ?? countSeries(text) };
}

const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1);
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const verdict = (ok) => (ok ? 'MET' : 'MISSED');

/** One run of a Suite over `cases`; resolves to each case's samples (seconds per call). */
function runRound(title, cases, options) {
  return new Promise((resolve, reject) => {
    const suite = new Benchmark.Suite(title);
    for (const c of cases) {
      const fn = options.defer
        ? (deferred) => {
            c.fn();
            deferred.resolve();
          }
        : c.fn;
      suite.add(c.name, fn, options);
    }
    const samples = {};
    suite
      .on('cycle', (event) => {
        const bench = event.target;
        if (bench.error) {
          console.log(`  ${bench.name}: ERROR ${bench.error.message ?? bench.error}`);
          return;
        }
        samples[bench.name] = bench.stats.sample;
      })
      .on('error', reject)
      .on('complete', () => resolve(samples))
      .run({ async: false });
  });
}

/**
 * Runs the Suite ROUNDS times and pools each case's samples; returns per benchmark name:
 * hz (the pooled mean), rme, samples, the fastest sample's rate, MB/s and series/s.
 */
async function runSuite(title, cases, options) {
  const pooled = {};
  for (let round = 0; round < ROUNDS; round++) {
    const samples = await runRound(title, cases, options);
    for (const [name, xs] of Object.entries(samples)) (pooled[name] ??= []).push(...xs);
  }
  const results = {};
  for (const c of cases) {
    const sample = pooled[c.name];
    if (sample === undefined) continue;
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    const variance = sample.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, sample.length - 1);
    // benchmark's figure is the mean; the fastest sample is shown too, because on a
    // shared machine the mean moves with the load and the fastest sample much less.
    const hz = 1 / mean;
    const bestHz = 1 / Math.min(...sample);
    const r = {
      hz,
      rme: (100 * 1.96 * Math.sqrt(variance / sample.length)) / mean,
      samples: sample.length,
      bestHz,
      mbPerSec: (c.input.bytes * hz) / 1e6,
      bestMbPerSec: (c.input.bytes * bestHz) / 1e6,
      seriesPerSec: c.input.series * hz,
      bytes: c.input.bytes,
      series: c.input.series,
    };
    results[c.name] = r;
    console.log(
      `  ${c.name.padEnd(36)} ${fmt(r.mbPerSec).padStart(7)} MB/s (best ${fmt(r.bestMbPerSec).padStart(6)}) ${fmt(r.seriesPerSec / 1e6, 2).padStart(5)} M series/s` +
        `  (${fmt(r.hz, r.hz < 10 ? 2 : 0)} ops/s ±${r.rme.toFixed(1)}%, ${r.samples} samples in ${ROUNDS} rounds, ${mb(c.input.bytes)} MB)`,
    );
  }
  return results;
}

/** Decides whether the peer can parse all of `text` in reasonable time, else slices it. */
function peerInput(text, whole) {
  const probe = sliceAtFamily(text, Math.min(text.length, Math.floor(text.length / 8)));
  const started = performance.now();
  try {
    sink = parsePrometheusTextFormat(probe).length;
  } catch (error) {
    return { failed: `throws on the corpus: ${error.message.slice(0, 120)}` };
  }
  const projected = ((performance.now() - started) / 1e3) * (text.length / probe.length);
  if (probe.length === text.length || (whole.bytes <= PEER_MAX_BYTES && projected <= PEER_MAX_SECONDS)) {
    try {
      sink = parsePrometheusTextFormat(text).length;
      return { input: whole };
    } catch (error) {
      return { failed: `throws on the corpus: ${error.message.slice(0, 120)}` };
    }
  }
  const sliceChars = Math.floor((PEER_SLICE_BYTES / whole.bytes) * text.length);
  const slice = input(sliceAtFamily(text, sliceChars));
  const why = whole.bytes > PEER_MAX_BYTES ? `the corpus is over ${mb(PEER_MAX_BYTES)} MB and` : '';
  return { input: slice, note: `${why} one parse of all of it is projected at ${projected.toFixed(0)} s`.trim() };
}

async function benchCorpus(corpus) {
  console.log(`\n## ${corpus.title}: ${mb(corpus.bytes)} MB, ${corpus.series.toLocaleString('en-US')} series, ${corpus.families} families`);
  const text = fs.readFileSync(corpus.path, 'utf8');
  const whole = input(text, corpus.series);
  // Check once, outside the timing, that expofmt reads the corpus without an error.
  const parsed = parse(text);
  if (parsed.families.length !== corpus.families) {
    throw new Error(`expofmt found ${parsed.families.length} families in ${corpus.file}, expected ${corpus.families}`);
  }
  sink = undefined;
  const small = corpus.bytes < 1e6;
  const options = small ? SMALL_OPTIONS : BIG_OPTIONS;
  const peer = peerInput(text, whole);
  const buildResult = resultBuilder(text);
  sink = undefined;
  const cases = [
    { name: 'expofmt parse(string)', input: whole, fn: () => (sink = parse(text).families.length) },
    { name: 'charCodeAt baseline', input: whole, fn: () => (sink = charCodeAtSum(text)) },
    { name: 'result objects only (no scanning)', input: whole, fn: () => (sink = buildResult()) },
  ];
  let sliceNote;
  if (peer.failed) {
    sliceNote = `parse-prometheus-text-format ${peer.failed}; not measured`;
  } else if (peer.input === whole) {
    cases.splice(1, 0, { name: 'parse-prometheus-text-format', input: whole, fn: () => (sink = parsePrometheusTextFormat(text).length) });
  } else {
    const slice = peer.input.text;
    sliceNote =
      `parse-prometheus-text-format is measured on the first ${mb(peer.input.bytes)} MB (${peer.input.series.toLocaleString('en-US')} series)` +
      ` only: ${peer.note}. expofmt is measured on the same slice for the ratio.`;
    cases.splice(
      1,
      0,
      { name: 'parse-prometheus-text-format (slice)', input: peer.input, fn: () => (sink = parsePrometheusTextFormat(slice).length) },
      { name: 'expofmt parse(string) (slice)', input: peer.input, fn: () => (sink = parse(slice).families.length) },
    );
  }
  if (sliceNote) console.log(`  NOTE: ${sliceNote}`);
  const results = await runSuite(corpus.title, cases, options);
  sink = undefined;

  const ours = results['expofmt parse(string)'];
  const base = results['charCodeAt baseline'];
  const peerResult = results['parse-prometheus-text-format'] ?? results['parse-prometheus-text-format (slice)'];
  const oursOnPeerInput = results['parse-prometheus-text-format'] ? ours : results['expofmt parse(string) (slice)'];
  const floor = results['result objects only (no scanning)'];
  const ratios = {
    vsBaseline: ours.mbPerSec / base.mbPerSec,
    vsBaselineBest: ours.bestMbPerSec / base.bestMbPerSec,
    floorVsBaseline: floor.mbPerSec / base.mbPerSec,
    floorVsBaselineBest: floor.bestMbPerSec / base.bestMbPerSec,
  };
  if (peerResult) {
    ratios.vsPeer = oursOnPeerInput.hz / peerResult.hz;
    ratios.vsPeerBest = oursOnPeerInput.bestHz / peerResult.bestHz;
  }
  const peerTarget = corpus.name === 'node_exporter';
  const judged = (mean, best, target, show) =>
    `${show(mean)} by mean, ${show(best)} by fastest sample` +
    (target === undefined
      ? '  (no target on this corpus)'
      : `  (target >= ${show(target)}: ${verdict(mean >= target)} by mean, ${verdict(best >= target)} by fastest)`);
  const times = (x) => `${x.toFixed(2)}x`;
  if (ratios.vsPeer !== undefined) {
    console.log(`  expofmt / parse-prometheus-text-format: ${judged(ratios.vsPeer, ratios.vsPeerBest, peerTarget ? TARGET_VS_PEER : undefined, times)}`);
  }
  console.log(`  expofmt / charCodeAt baseline: ${judged(ratios.vsBaseline, ratios.vsBaselineBest, TARGET_VS_BASELINE, pct)}`);
  // A parser reads every char at least once and builds its result: no parser returning
  // these objects can beat the time of both together.
  const bound = (floorShare) => 1 / (1 + 1 / floorShare);
  ratios.boundVsBaseline = bound(ratios.floorVsBaseline);
  ratios.boundVsBaselineBest = bound(ratios.floorVsBaselineBest);
  console.log(
    `  result objects only / charCodeAt baseline: ${pct(ratios.floorVsBaseline)} by mean, ${pct(ratios.floorVsBaselineBest)} by fastest sample;` +
      ` reading every char once plus building them: ${pct(ratios.boundVsBaseline)} (${pct(ratios.boundVsBaselineBest)}), the most any parser returning these objects can reach`,
  );
  return { corpus: corpus.name, bytes: corpus.bytes, series: corpus.series, families: corpus.families, results, ratios, note: sliceNote };
}

/** Runs stream-memory.mjs as a child; returns its JSON report. */
function child(arg) {
  const out = execFileSync(process.execPath, [path.join(here, 'stream-memory.mjs'), arg], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

function benchStreaming(corpus) {
  console.log(`\n## parseStream(fs.createReadStream(file)) on the ${corpus.title} file, in child processes (${STREAM_RUNS} runs each)`);
  const empties = [];
  const streams = [];
  for (let i = 0; i < STREAM_RUNS; i++) {
    empties.push(child('--empty'));
    streams.push(child(corpus.path));
  }
  const emptyPeak = median(empties.map((e) => e.peakRss));
  const emptyMax = median(empties.map((e) => e.maxRss));
  for (const s of streams) {
    const mbps = s.bytes / 1e6 / (s.elapsedMs / 1e3);
    console.log(
      `  run: ${fmt(mbps)} MB/s, ${s.families} families, peak RSS ${mib(s.peakRss)} MiB sampled (${s.samples} samples), ${mib(s.maxRss)} MiB kernel maxRSS`,
    );
  }
  for (const e of empties) console.log(`  empty process: peak RSS ${mib(e.peakRss)} MiB sampled (${e.samples} samples), ${mib(e.maxRss)} MiB kernel maxRSS`);
  const throughput = median(streams.map((s) => s.bytes / 1e6 / (s.elapsedMs / 1e3)));
  const peak = median(streams.map((s) => s.peakRss));
  const extra = peak - emptyPeak;
  const extraMax = median(streams.map((s) => s.maxRss)) - emptyMax;
  const seriesPerSec = (corpus.series * throughput) / (corpus.bytes / 1e6);
  console.log(`  streaming throughput (median): ${fmt(throughput)} MB/s, ${fmt(seriesPerSec / 1e6, 2)} M series/s`);
  console.log(
    `  peak RSS above an empty process (median): ${mib(extra)} MiB sampled, ${mib(extraMax)} MiB by maxRSS` +
      `  (target < ${mib(TARGET_STREAM_RSS)} MiB: ${verdict(extra < TARGET_STREAM_RSS)})`,
  );
  return { throughputMBps: throughput, seriesPerSec, peakRss: peak, emptyPeakRss: emptyPeak, extraRss: extra, extraMaxRss: extraMax, runs: streams, empties };
}

/** The results table of bench/README.md, from a run's report. */
function markdownTable(report) {
  const rows = ['| corpus | case | MB/s mean (best) | M series/s mean | ±rme | samples |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const c of report.corpora) {
    for (const [name, r] of Object.entries(c.results)) {
      rows.push(
        `| ${c.corpus} | ${r.bytes !== c.bytes ? `${name.replace(' (slice)', '')}, first ${mb(r.bytes)} MB` : name} | ${fmt(r.mbPerSec)} (${fmt(r.bestMbPerSec)}) | ${fmt(r.seriesPerSec / 1e6, 2)} | ${r.rme.toFixed(1)}% | ${r.samples} |`,
      );
    }
  }
  const s = report.streaming;
  if (s) {
    rows.push(
      `| million_series | parseStream (child process, median of ${s.runs.length}) | ${fmt(s.throughputMBps)} | ${fmt(s.seriesPerSec / 1e6, 2)} | | ${s.runs.length} |`,
    );
  }
  rows.push('', '| ratio | target | mean | fastest sample |', '| --- | --- | ---: | ---: |');
  for (const c of report.corpora) {
    if (c.ratios.vsPeer !== undefined) {
      const target = c.corpus === 'node_exporter' ? `>= ${TARGET_VS_PEER}x` : 'none';
      rows.push(
        `| ${c.corpus}: expofmt / parse-prometheus-text-format${c.note ? ' (slice)' : ''} | ${target} | ${c.ratios.vsPeer.toFixed(2)}x | ${c.ratios.vsPeerBest.toFixed(2)}x |`,
      );
    }
    rows.push(`| ${c.corpus}: expofmt / charCodeAt baseline | >= ${pct(TARGET_VS_BASELINE)} | ${pct(c.ratios.vsBaseline)} | ${pct(c.ratios.vsBaselineBest)} |`);
    rows.push(`| ${c.corpus}: result objects only / charCodeAt baseline | | ${pct(c.ratios.floorVsBaseline)} | ${pct(c.ratios.floorVsBaselineBest)} |`);
    rows.push(`| ${c.corpus}: bound for any parser (one read + result objects) | | ${pct(c.ratios.boundVsBaseline)} | ${pct(c.ratios.boundVsBaselineBest)} |`);
  }
  if (s) rows.push(`| million_series: parseStream peak RSS above an empty process | < ${mib(TARGET_STREAM_RSS)} MiB | ${mib(s.extraRss)} MiB (median) | |`);
  return rows.join('\n');
}

const started = performance.now();
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`# expofmt benchmarks, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `node ${process.version}, ${Benchmark.platform.description}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${mib(os.totalmem())} MiB RAM`,
);
console.log(`load average at start: ${loadavg()}${os.loadavg()[0] > os.cpus().length / 2 ? '  (busy machine: means will be noisy)' : ''}`);
const corpora = ensureCorpora(corporaDir, (line) => console.log(line));
const report = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadStart: os.loadavg(), corpora: [], streaming: undefined };
for (const corpus of corpora) {
  if (only && corpus.name !== only) continue;
  if (corpus.name === 'million_series') report.streaming = benchStreaming(corpus);
  report.corpora.push(await benchCorpus(corpus));
}

console.log('\n## Summary');
for (const c of report.corpora) {
  const ours = c.results['expofmt parse(string)'];
  const parts = [
    `${c.corpus}: expofmt ${fmt(ours.mbPerSec)} MB/s (best ${fmt(ours.bestMbPerSec)})`,
    `${pct(c.ratios.vsBaseline)} of baseline (best ${pct(c.ratios.vsBaselineBest)})`,
  ];
  if (c.ratios.vsPeer !== undefined) {
    parts.push(`${c.ratios.vsPeer.toFixed(2)}x parse-prometheus-text-format (best ${c.ratios.vsPeerBest.toFixed(2)}x)${c.note ? ' on a slice' : ''}`);
  }
  console.log(`  ${parts.join(', ')}`);
}
if (report.streaming) {
  console.log(`  million_series streaming: ${fmt(report.streaming.throughputMBps)} MB/s, ${mib(report.streaming.extraRss)} MiB above an empty process`);
}
report.loadEnd = os.loadavg();
console.log('\n## Markdown table (for bench/README.md)\n');
console.log(markdownTable(report));
console.log(`load average at end: ${loadavg()}`);
fs.writeFileSync(path.join(corporaDir, 'last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n(total ${((performance.now() - started) / 1e3).toFixed(0)} s; figures saved to bench/.corpora/last-run.json)`);
