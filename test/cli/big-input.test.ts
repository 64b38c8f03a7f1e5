/**
 * Big inputs in bounded memory (issue 17): `parse` and `fmt` of a generated 48 MiB
 * exposition stream it, and the real CLI process (dist/, run as a child) peaks under the
 * README's bound of 256 MiB; the whole-input reading it replaced took about 6x the input.
 * The output is exactly what the whole-input path writes for the same families.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli-process.js';

const BOUND_KIB = 256 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'expofmt-big-'));
const big = join(dir, 'big.prom');
let familyCount = 0;

/** A canonical 0.0.4 exposition (fmt writes it back byte for byte) of about `mib` MiB: families of 200 series. */
function generate(path: string, mib: number): number {
  const fd = openSync(path, 'w');
  let size = 0;
  let f = 0;
  while (size < mib * 1024 * 1024) {
    let block = `# HELP fam_${f}_total Family ${f}.\n# TYPE fam_${f}_total counter\n`;
    for (let i = 0; i < 200; i++) block += `fam_${f}_total{instance="host-${i % 17}.example.org:9100",path="/api/v1/items/${i}",code="200"} ${i * 7.25}\n`;
    size += writeSync(fd, block);
    f++;
  }
  closeSync(fd);
  return f;
}

interface Run {
  code: number | null;
  stdoutHash: string;
  stdoutBytes: number;
  stderr: string;
  peakKiB: number;
}

/** The CLI as a child, its stdout hashed (not kept), its peak RSS read back from rss-report.cjs. */
function run(args: string[], stdin?: string): Run {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const shell = `${[process.execPath, '--require', join(ROOT, 'test/cli/rss-report.cjs'), BIN, ...args].map((w) => `'${w}'`).join(' ')}${stdin ? ` < '${stdin}'` : ''}`;
  const child = spawnSync('bash', ['-c', `set -o pipefail; ${shell} | tee >(wc -c >&2) | sha256sum`], {
    env: { ...process.env, EXPOFMT_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = child.stderr.trimEnd().split('\n');
  return {
    code: child.status,
    stdoutHash: child.stdout.split(' ')[0],
    stdoutBytes: Number(lines.pop()),
    stderr: lines.join('\n'),
    peakKiB: Number(readFileSync(rssFile, 'utf8')),
  };
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

beforeAll(() => {
  familyCount = generate(big, 48);
}, 60_000);

describe('parse and fmt of a 48 MiB input stay under 256 MiB', () => {
  it('fmt writes the input back byte for byte, from a file and from stdin', () => {
    const input = readFileSync(big);
    for (const result of [run(['fmt', big]), run(['fmt', '-'], big)]) {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdoutHash).toBe(sha256(input));
      expect(result.peakKiB).toBeLessThan(BOUND_KIB);
    }
  }, 120_000);

  it('parse prints every family as JSON, as the whole-input path does', () => {
    const result = run(['parse', big]);
    expect(result.code).toBe(0);
    expect(result.peakKiB).toBeLessThan(BOUND_KIB);
    // The generator's first families are the same whatever the size: the document begins
    // as the whole-input path (a 1 MiB input) writes it for them, and its size is in proportion.
    const small = join(dir, 'small.prom');
    const smallCount = generate(small, 1);
    const whole = spawnSync(process.execPath, [BIN, 'parse', small], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(whole.status).toBe(0);
    const opening = whole.stdout.slice(0, -'\n]\n'.length);
    const head = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' parse '${big}' | head -c ${Buffer.byteLength(opening)}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(sha256(head.stdout)).toBe(sha256(opening));
    const perFamily = Buffer.byteLength(opening) / smallCount;
    expect(result.stdoutBytes / (perFamily * familyCount)).toBeCloseTo(1, 1);
  }, 120_000);

  it('fmt --to openmetrics ends with one # EOF', () => {
    const result = run(['fmt', '--to', 'openmetrics', big]);
    expect(result.code).toBe(0);
    expect(result.peakKiB).toBeLessThan(BOUND_KIB);
    const tail = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' fmt --to openmetrics '${big}' | grep -c '^# EOF$'`], { encoding: 'utf8' });
    expect(tail.stdout.trim()).toBe('1');
  }, 120_000);

  it('an error at the very end: its line, nothing on stdout, exit 1', () => {
    const bad = join(dir, 'bad.prom');
    const lines = readFileSync(big, 'utf8').split('\n').length;
    spawnSync('bash', ['-c', `cat '${big}' > '${bad}'; printf 'bad{a=1} 2\\n' >> '${bad}'`]);
    const result = run(['parse', bad]);
    expect(result.code).toBe(1);
    expect(result.stdoutBytes).toBe(0);
    expect(result.stderr).toBe(
      `${bad}:${lines}:7: expected '"' at start of label value, found '1' [E_EXPECTED_QUOTE]\n ${lines} | bad{a=1} 2\n ${' '.repeat(String(lines).length)} |       ^`,
    );
    expect(result.peakKiB).toBeLessThan(BOUND_KIB);
  }, 120_000);

  it('a family split by another is merged, as parse merges it (the input is then read whole)', () => {
    const split = join(dir, 'split.prom');
    spawnSync('bash', ['-c', `printf '# TYPE a gauge\\na 1\\n# TYPE b gauge\\nb 1\\na 2\\n' > '${split}'; cat '${big}' >> '${split}'`]);
    const head = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' '${BIN}' fmt '${split}' | head -c 200`], { encoding: 'utf8' });
    expect(head.stdout.startsWith('# TYPE a gauge\na 1\na 2\n# TYPE b gauge\nb 1\n# HELP fam_0_total Family 0.\n')).toBe(true);
  }, 120_000);
});
