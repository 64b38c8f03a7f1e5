/**
 * Peak memory and throughput of a streaming parse, run by `run.mjs` in a child process
 * so that nothing else lives in the heap:
 *
 *   node bench/stream-memory.mjs <file>    parseStream(fs.createReadStream(file)), families dropped
 *   node bench/stream-memory.mjs --empty   the same sampler in a process that does nothing
 *
 * RSS is sampled every 5 ms by a timer and once per yielded family (`process.memoryUsage.rss()`
 * reads the same figure as `process.memoryUsage().rss` without walking the heap). Prints
 * one JSON line: the sampled peak RSS, the kernel's high-water mark (`maxRSS`), the
 * number of samples, and for a parse the bytes, families, metrics and elapsed time.
 */
import fs from 'node:fs';

const SAMPLE_EVERY_MS = 5;
const EMPTY_RUN_MS = 500;

let peakRss = 0;
let samples = 0;
function sample() {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
  samples++;
}

sample();
const startRss = peakRss;
const timer = setInterval(sample, SAMPLE_EVERY_MS);
const arg = process.argv[2];
const result = { mode: arg === '--empty' ? 'empty' : 'stream' };

if (arg === '--empty') {
  await new Promise((resolve) => setTimeout(resolve, EMPTY_RUN_MS));
} else if (arg) {
  const { parseStream } = await import('../dist/index.js');
  const bytes = fs.statSync(arg).size;
  let families = 0;
  let metrics = 0;
  const started = performance.now();
  for await (const family of parseStream(fs.createReadStream(arg))) {
    families++;
    metrics += family.metrics.length;
    sample();
  }
  const elapsedMs = performance.now() - started;
  Object.assign(result, { bytes, families, metrics, elapsedMs });
} else {
  console.error('usage: node bench/stream-memory.mjs <file> | --empty');
  process.exit(2);
}

clearInterval(timer);
sample();
Object.assign(result, {
  startRss,
  peakRss,
  maxRss: process.resourceUsage().maxRSS * 1024,
  samples,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
