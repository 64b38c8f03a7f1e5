/**
 * Where parse time goes: profiles `parse(string)` (or `--stream`: parseStream over the
 * file) on one corpus with the V8 sampling profiler and prints the functions with the
 * most self time, mapped back to src/ through dist's source map. Also writes the full
 * profile to bench/.corpora/<corpus>.cpuprofile (open it in Chrome DevTools).
 *
 *   node bench/profile.mjs [node_exporter|high_cardinality|million_series] [--stream] [--seconds=N]
 *
 * Needs `npm run build` first; the corpora are generated if missing.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseStream } from '../dist/index.js';
import { ensureCorpora } from './corpora.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--')) ?? 'node_exporter';
const stream = args.includes('--stream');
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 5);

const corpus = ensureCorpora(path.join(here, '.corpora')).find((c) => c.name === name);
if (!corpus) throw new Error(`unknown corpus ${name}`);
const text = stream ? '' : fs.readFileSync(corpus.path, 'utf8');

async function once() {
  if (!stream) return parse(text).families.length;
  let n = 0;
  for await (const family of parseStream(fs.createReadStream(corpus.path))) n += family.metrics.length;
  return n;
}

// Warm up so that the profile shows optimised code, not the first tier.
for (let t = performance.now(); performance.now() - t < 1000; ) await once();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
let runs = 0;
const started = performance.now();
while (performance.now() - started < seconds * 1000) {
  await once();
  runs++;
}
const elapsed = (performance.now() - started) / 1000;
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const out = path.join(here, '.corpora', `${name}${stream ? '-stream' : ''}.cpuprofile`);
fs.writeFileSync(out, JSON.stringify(profile));

const distMap = loadMap(path.join(here, '..', 'dist', 'index.js.map'));
function loadMap(file) {
  try {
    return new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
function frameKey({ functionName, url, lineNumber, columnNumber }) {
  let where = url ? path.basename(url) : '';
  if (url.endsWith('/dist/index.js') && distMap) {
    const entry = distMap.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) where = `${entry.originalSource.replace(/^.*?src\//, 'src/')}:${entry.originalLine + 1}`;
  } else if (url) {
    where += `:${lineNumber + 1}`;
  }
  return `${functionName || '(anonymous)'}  ${where}`.trim();
}

// Self time per function: each sample's time goes to the node it hit.
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  const node = nodeById.get(profile.samples[i]);
  const key = frameKey(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}

const ranked = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
const mbps = ((corpus.bytes * runs) / elapsed / 1e6).toFixed(1);
console.log(`${name}${stream ? ' (stream)' : ''}: ${runs} parses in ${elapsed.toFixed(1)} s, ${mbps} MB/s under the profiler`);
console.log('self time  function  (source)');
for (const [key, us] of ranked) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%    ${key}`);

// Hot lines: V8 counts samples per source line of the function that was running, so
// lines of inlined callees show up here even when their function does not above.
const distFile = path.join(here, '..', 'dist', 'index.js');
const distLines = fs.existsSync(distFile) ? fs.readFileSync(distFile, 'utf8').split('\n') : [];
const lineTicks = new Map();
let allTicks = 0;
for (const node of profile.nodes) {
  for (const { line, ticks } of node.positionTicks ?? []) {
    allTicks += ticks;
    if (!node.callFrame.url.endsWith('/dist/index.js')) continue;
    const code = distLines[line - 1] ?? '';
    let where = `dist/index.js:${line}`;
    const entry = distMap?.findEntry(line - 1, code.length - code.trimStart().length);
    if (entry?.originalSource) where = `${entry.originalSource.replace(/^.*?src\//, 'src/')}:${entry.originalLine + 1}`;
    const key = `${where.padEnd(36)} ${code.trim().slice(0, 90)}`;
    lineTicks.set(key, (lineTicks.get(key) ?? 0) + ticks);
  }
}
if (allTicks > 0) {
  console.log('\nhot lines (share of all samples)');
  for (const [key, ticks] of [...lineTicks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${((ticks / allTicks) * 100).toFixed(1).padStart(5)}%    ${key}`);
  }
}
console.log(`\nfull profile: ${path.relative(process.cwd(), out)}`);
