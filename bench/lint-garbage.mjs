/**
 * `expofmt lint` on text garbage (every line a syntax error) of 1, 2 and 4 MB, in each
 * output format, every diagnostic printed (--max-diagnostics 0): the time of 2 and 4 MB as
 * ratios to 1 MB, measured in this process. Linear lint gives about 2 and 4; the caret
 * excerpts used to rescan the file per diagnostic (quadratic: 1 MB took 85 s).
 * Run after `npx tsup`: `node bench/lint-garbage.mjs`. Figures: bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../dist/cli.js';

const MB = 1024 * 1024;
const CHARS = 'abcdefghijklmnopqrstuvwxyz_{}="# ,.0123456789:-+\\';

/** Printable garbage, lines of 20 to 80 characters, from a fixed seed. */
function garbage(bytes) {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const length = 20 + Math.floor(random() * 60);
    let line = '';
    for (let i = 0; i < length; i++) line += CHARS[Math.floor(random() * CHARS.length)];
    lines.push(line);
    size += length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function timeLint(file, format) {
  const io = { stdin: Readable.from([]), stdout: sink(), stderr: sink() };
  const start = process.hrtime.bigint();
  const code = await main(['lint', '--format', format, '--max-diagnostics', '0', file], io);
  if (code !== 1) throw new Error(`lint exited ${code}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const dir = mkdtempSync(join(tmpdir(), 'expofmt-garbage-'));
try {
  const files = {};
  for (const size of [1, 2, 4]) {
    files[size] = join(dir, `${size}mb.txt`);
    writeFileSync(files[size], garbage(size * MB));
  }
  await timeLint(files[1], 'json'); // warm-up: loads the grammar
  console.log('| format | 1 MB (s) | 2 MB / 1 MB | 4 MB / 1 MB |\n| --- | --- | --- | --- |');
  for (const format of ['pretty', 'json', 'github']) {
    const t = {};
    for (const size of [1, 2, 4]) t[size] = await timeLint(files[size], format);
    console.log(`| ${format} | ${t[1].toFixed(2)} | ${(t[2] / t[1]).toFixed(2)} | ${(t[4] / t[1]).toFixed(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
