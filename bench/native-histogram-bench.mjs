/**
 * `npm run bench:native` (after `npm run build`; runs node with --expose-gc): native
 * histograms, in this one process.
 *
 * 1. Decode: a page of native histograms (schema 3, as client_golang writes them with
 *    bucket factor 1.1) as delimited protobuf, against the text parse of the same
 *    families' classic form: every native bucket a classic bucket at its upper bound
 *    (cumulative, the zero bucket at its threshold), then +Inf, _sum and _count: the
 *    same observations and as many buckets, so the ratio is the cost of the format
 *    for the same information. Timed alternately; medians.
 * 2. Memory: the heap a gateway store (GroupStore, which holds the pushed families and
 *    the merged page) takes per stored series, after a full GC, for native histogram
 *    series and for the classic form of the same series, pushed as protobuf.
 *
 * Options: `--quick` (fewer runs), `--json`.
 */
import os from 'node:os';
import { GroupStore, parse, parseProtobuf, renderProtobuf, renderText } from '../dist/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const log = json ? () => {} : (line) => console.log(line);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench:native does)');

const FAMILIES = 50;
const SERIES = 40; // per family: 2,000 series
const OBSERVATIONS = 200; // per series
const SCHEMA = 3;
const ZERO_THRESHOLD = 2.938735877055719e-39;

/** A deterministic pseudo-random stream (xorshift), so every run measures the same page. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Bucket index of a positive value in schema 3: the i with 2^((i-1)/8) < v <= 2^(i/8). */
const indexOf = (v) => Math.ceil(Math.log2(v) * 2 ** SCHEMA);
const boundOf = (i) => 2 ** (i / 2 ** SCHEMA);

/** One series' observations (log-normal latencies around 50 ms, some zeros) as a native histogram metric. */
function nativeMetric(labels, next) {
  const counts = new Map();
  let zero = 0;
  let sum = 0;
  for (let k = 0; k < OBSERVATIONS; k++) {
    const v = next() < 0.02 ? 0 : Math.exp(Math.log(0.05) + (next() + next() + next() - 1.5) * 2);
    sum += v;
    if (v <= ZERO_THRESHOLD) zero++;
    else counts.set(indexOf(v), (counts.get(indexOf(v)) ?? 0) + 1);
  }
  const indexes = [...counts.keys()].sort((a, b) => a - b);
  const spans = [];
  const deltas = [];
  let previous = 0;
  let last;
  for (const i of indexes) {
    if (last !== undefined && i - last <= 2) {
      // Short gaps are filled with empty buckets, as client_golang does.
      for (let g = last + 1; g < i; g++) {
        spans[spans.length - 1].length++;
        deltas.push(-previous);
        previous = 0;
      }
      spans[spans.length - 1].length++;
    } else spans.push({ offset: last === undefined ? i : i - last - 1, length: 1 });
    deltas.push(counts.get(i) - previous);
    previous = counts.get(i);
    last = i;
  }
  const native = {
    labels,
    buckets: [],
    count: OBSERVATIONS,
    sum,
    schema: SCHEMA,
    zeroThreshold: ZERO_THRESHOLD,
    zeroCount: zero,
    positiveSpans: spans,
    positiveDeltas: deltas,
  };
  // The classic form: a bucket at each native bucket's upper bound, cumulative.
  const buckets = [{ le: ZERO_THRESHOLD, count: zero }];
  let cumulative = zero;
  let index = 0;
  let d = 0;
  let current = 0;
  for (const span of spans) {
    index += span.offset;
    for (let j = 0; j < span.length; j++, index++) {
      current += deltas[d++];
      cumulative += current;
      buckets.push({ le: boundOf(index), count: cumulative });
    }
  }
  buckets.push({ le: Infinity, count: OBSERVATIONS });
  return { native, classic: { labels, buckets, count: OBSERVATIONS, sum } };
}

function page() {
  const next = random(13);
  const native = [];
  const classic = [];
  for (let f = 0; f < FAMILIES; f++) {
    const name = `bench_rpc_${f}_seconds`;
    const help = `RPC latency ${f}.`;
    const n = [];
    const c = [];
    for (let s = 0; s < SERIES; s++) {
      const m = nativeMetric(['method', `m${s % 8}`, 'shard', `s${s}`], next);
      n.push(m.native);
      c.push(m.classic);
    }
    native.push({ name, help, type: 'histogram', metrics: n });
    classic.push({ name, help, type: 'histogram', metrics: c });
  }
  return { native, classic };
}

const MIN_RUNS = quick ? 5 : 15;
const MIN_SECONDS = quick ? 1 : 4;
let sink = 0;

function timeBoth(a, b) {
  const ta = [];
  const tb = [];
  const started = performance.now();
  sink += a() + b();
  while (ta.length < MIN_RUNS || (performance.now() - started) / 1e3 < MIN_SECONDS) {
    for (const [fn, times] of [
      [a, ta],
      [b, tb],
    ]) {
      const t0 = performance.now();
      sink += fn();
      times.push((performance.now() - t0) / 1e3);
    }
  }
  const median = (t) => [...t].sort((x, y) => x - y)[t.length >> 1];
  return [median(ta), median(tb), ta.length];
}

/** Heap bytes per series of the store holding `groups` pushes of `families`. */
function storeBytesPerSeries(families, groups) {
  const bodies = [];
  for (let g = 0; g < groups; g++) bodies.push(renderProtobuf(families));
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const store = new GroupStore();
  for (let g = 0; g < groups; g++) {
    const result = store.push(['job', 'bench', 'instance', `i${g}`], parseProtobuf(bodies[g]).families, { replace: true, now: 1 });
    if (!result.accepted) throw new Error(JSON.stringify(result.errors[0]));
  }
  store.page();
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  sink += store.size;
  const series = groups * families.reduce((n, f) => n + f.metrics.length, 0);
  return (after - before) / series;
}

log(`expofmt native histogram bench: node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}${quick ? ', --quick' : ''}`);
const { native, classic } = page();
const nativeBody = renderProtobuf(native);
const classicText = renderText(classic);
const classicBody = renderProtobuf(classic);
// The pages must hold what they are said to.
if (parseProtobuf(nativeBody).families[0].metrics[0].schema !== SCHEMA) throw new Error('the native page lost its schema');
if (parse(classicText).families.length !== FAMILIES) throw new Error('the classic page does not parse to the families');
const buckets = native.reduce((n, f) => n + f.metrics.reduce((k, m) => k + m.positiveDeltas.length, 0), 0) / (FAMILIES * SERIES);
log(
  `page: ${FAMILIES} families x ${SERIES} series, ${OBSERVATIONS} observations each, ${buckets.toFixed(1)} native buckets per series on average;` +
    ` native protobuf ${(nativeBody.length / 1e6).toFixed(2)} MB, classic text ${(classicText.length / 1e6).toFixed(2)} MB, classic protobuf ${(classicBody.length / 1e6).toFixed(2)} MB`,
);
const [textTime, nativeTime, runs] = timeBoth(
  () => parse(classicText).families.length,
  () => parseProtobuf(nativeBody).families.length,
);
const [, classicPbTime] = timeBoth(
  () => 0,
  () => parseProtobuf(classicBody).families.length,
);
const seriesCount = FAMILIES * SERIES;
log(
  `  text parse, classic form      ${(textTime * 1e3).toFixed(1).padStart(7)} ms  ${(seriesCount / textTime / 1e3).toFixed(1)} k series/s  (median of ${runs})`,
);
log(`  protobuf decode, native       ${(nativeTime * 1e3).toFixed(1).padStart(7)} ms  ${(seriesCount / nativeTime / 1e3).toFixed(1)} k series/s`);
log(`  protobuf decode, classic form ${(classicPbTime * 1e3).toFixed(1).padStart(7)} ms  ${(seriesCount / classicPbTime / 1e3).toFixed(1)} k series/s`);
log(`  native protobuf decode takes ${(nativeTime / textTime).toFixed(2)}x the time of the classic form's text parse`);

const GROUPS = quick ? 5 : 20;
const nativeBytes = storeBytesPerSeries(native, GROUPS);
const classicBytes = storeBytesPerSeries(classic, GROUPS);
log(`memory in a gateway store (${GROUPS} groups, ${(GROUPS * seriesCount).toLocaleString('en-US')} series):`);
log(`  native histogram series  ${Math.round(nativeBytes).toLocaleString('en-US').padStart(6)} bytes each`);
log(`  classic form series      ${Math.round(classicBytes).toLocaleString('en-US').padStart(6)} bytes each`);
log(`  a native series takes ${(nativeBytes / classicBytes).toFixed(2)}x the memory of its classic form`);
if (json) {
  console.log(
    JSON.stringify({
      node: process.version,
      buckets,
      textMs: textTime * 1e3,
      nativeMs: nativeTime * 1e3,
      classicPbMs: classicPbTime * 1e3,
      nativeBytes,
      classicBytes,
    }),
  );
}
if (sink === -1) console.log('');
