/**
 * `node bench/protobuf-bench.mjs` (after `npm run build`): decode throughput of the
 * delimited protobuf format beside the text parser's, in this one process, on the bench
 * corpora (bench/corpora.mjs) encoded as protobuf by `renderProtobuf`.
 *
 * For each corpus: text `parse(string)` of the file, and `parseProtobuf(bytes)` of the same
 * families as protobuf, timed alternately (so a load change on the shared machine hits
 * both), median and best of the runs. MB are 10^6 bytes of each format's own input (the
 * protobuf body is smaller than the text); a series is one sample line of the text, the
 * same count for both. Encoding (`renderProtobuf`) is timed too.
 *
 * Options: `--quick` (fewer runs), `--only=<corpus name>`, `--json` (results as JSON on
 * stdout instead of the table).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseProtobuf, renderProtobuf } from '../dist/index.js';
import { ensureCorpora } from './corpora.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const log = json ? () => {} : (line) => console.log(line);

/** Runs per case: small corpora until the time is up, big ones a fixed few (one 1M-series decode takes seconds). */
const MIN_RUNS = quick ? 3 : 5;
const MIN_SECONDS = quick ? 1 : 3;

// A little of each result is kept, so no call can be dropped as dead code.
let sink = 0;

/** Times `a` and `b` alternately; the medians and bests in seconds. */
function timeBoth(a, b) {
  const ta = [];
  const tb = [];
  const started = performance.now();
  // One untimed call each: compile and warm the code before measuring.
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
    if (ta.length >= 200) break;
  }
  return [summary(ta), summary(tb)];
}

function summary(times) {
  const sorted = [...times].sort((x, y) => x - y);
  return { median: sorted[sorted.length >> 1], best: sorted[0], runs: times.length };
}

const f1 = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const f2 = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

log(`expofmt protobuf bench: node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}${quick ? ', --quick' : ''}`);
const corpora = ensureCorpora(path.join(here, '.corpora'), log).filter((c) => only === undefined || c.name === only);
const results = [];
for (const corpus of corpora) {
  const text = fs.readFileSync(corpus.path, 'utf8');
  const textBytes = Buffer.byteLength(text);
  const families = parse(text).families;
  const body = renderProtobuf(families);
  // Same families both ways, or the comparison means nothing.
  const check = parseProtobuf(body);
  if (check.families.length !== families.length) throw new Error(`${corpus.name}: protobuf gave ${check.families.length} families, text ${families.length}`);

  log(
    `\n${corpus.title} (${corpus.name}): ${corpus.series.toLocaleString('en-US')} series, ${corpus.families} families; text ${f1(textBytes / 1e6)} MB, protobuf ${f1(body.length / 1e6)} MB`,
  );
  const [textTime, pbTime] = timeBoth(
    () => parse(text).families.length,
    () => parseProtobuf(body).families.length,
  );
  const [encodeTime] = timeBoth(
    () => renderProtobuf(families).length,
    () => 0,
  );
  const row = (label, bytes, t) => ({
    label,
    bytes,
    mbPerSec: bytes / 1e6 / t.median,
    bestMbPerSec: bytes / 1e6 / t.best,
    seriesPerSec: corpus.series / t.median,
    ms: t.median * 1e3,
    runs: t.runs,
  });
  const rows = [row('text parse', textBytes, textTime), row('protobuf decode', body.length, pbTime), row('protobuf encode', body.length, encodeTime)];
  for (const r of rows) {
    log(
      `  ${r.label.padEnd(16)} ${f1(r.mbPerSec).padStart(7)} MB/s (best ${f1(r.bestMbPerSec).padStart(6)})  ${f2(r.seriesPerSec / 1e6).padStart(5)} M series/s  ${f1(r.ms).padStart(8)} ms median of ${r.runs}`,
    );
  }
  log(`  protobuf decode takes ${f2(pbTime.median / textTime.median)}x the text parse's time for the same series`);
  results.push({ corpus: corpus.name, series: corpus.series, families: corpus.families, textBytes, protobufBytes: body.length, rows });
}
if (json) console.log(JSON.stringify({ node: process.version, results }, null, 2));
if (sink === -1) console.log('');
