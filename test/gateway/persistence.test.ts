/** --persistence.file: exact restore, kill -9 durability, torn and corrupt files. */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay } from '../../src/gateway/persistence/journal.js';
import { scrape, send, startTestGateway, stopAll } from './helpers.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-gw-'));
  file = join(dir, 'pgw.data');
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

const api = async (url: string) => (await fetch(`${url}/api/v1/metrics`)).text();

describe('persistence', () => {
  it('restores every group, family, push time and failure time exactly', async () => {
    const first = await startTestGateway([`--persistence.file=${file}`]);
    first.clock.now = 1700000000.123;
    expect(
      (
        await send(
          first,
          'POST',
          '/metrics/job/persist/instance/p1',
          '# HELP persist_metric Persisted.\n# TYPE persist_metric counter\npersist_metric{x="1"} 17\n',
        )
      ).status,
    ).toBe(200);
    expect(
      (await send(first, 'PUT', '/metrics/job/odd/path@base64/L3Zhci90bXA', 'nan_metric NaN\nneg_inf -Inf\ntiny 1e-300\nbig 1.7976931348623157e308\n')).status,
    ).toBe(200);
    first.clock.now = 1700000100.5;
    expect(
      (
        await send(
          first,
          'POST',
          '/metrics/job/odd/path@base64/L3Zhci90bXA',
          '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="1"} 2\nh_sum 1.25\nh_count 2\n# TYPE s summary\ns{quantile="0.9"} 3\ns_sum 4\ns_count 5\n',
        )
      ).status,
    ).toBe(200);
    expect((await send(first, 'POST', '/metrics/job/persist3', 'p3 1 1700000000000\n')).status).toBe(400);
    expect((await send(first, 'POST', '/metrics/job/gone', 'gone 1\n')).status).toBe(200);
    expect((await send(first, 'DELETE', '/metrics/job/gone')).status).toBe(202);
    const before = { api: await api(first.url), page: await scrape(first) };
    expect(before.page).toContain('nan_metric{instance="",job="odd",path="/var/tmp"} NaN\n');
    await first.stop();

    const second = await startTestGateway([`--persistence.file=${file}`]);
    expect(await api(second.url)).toBe(before.api);
    expect(await scrape(second)).toBe(before.page);
    expect(second.logs.join('')).toContain('msg="restored persisted metrics"');
    expect(second.logs.join('')).toContain('groups=3');
  });

  it('keeps every acknowledged push across kill -9', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'child-gateway.ts'), '--web.listen-address=127.0.0.1:0', `--persistence.file=${file}`, '--log.level=warn'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /URL (\S+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
    });
    // Concurrent pushes share fsyncs; each is acknowledged only once on disk.
    const pushes = Array.from({ length: 60 }, (_, i) =>
      fetch(`${url}/metrics/job/k${i % 20}/instance/i${i}`, { method: 'PUT', body: `killed_metric{n="${i}"} ${i}\n` }),
    );
    const statuses = await Promise.all(pushes.map(async (p) => (await p).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const after = await startTestGateway([`--persistence.file=${file}`]);
    const page = await scrape(after);
    for (let i = 0; i < 60; i++) expect(page).toContain(`killed_metric{instance="i${i}",job="k${i % 20}",n="${i}"} ${i}\n`);
  });

  it('drops a torn last record with a warning and keeps the rest', async () => {
    const first = await startTestGateway([`--persistence.file=${file}`]);
    await send(first, 'PUT', '/metrics/job/a', 'a 1\n');
    await send(first, 'PUT', '/metrics/job/b', 'b 2\n');
    await first.stop();
    await appendFile(file, '0badc0de {"op":"set","group":{"labels":["job","c"');
    const second = await startTestGateway([`--persistence.file=${file}`]);
    const page = await scrape(second);
    expect(page).toContain('a{instance="",job="a"} 1\n');
    expect(page).toContain('b{instance="",job="b"} 2\n');
    expect(second.logs.join('')).toContain('level=warn msg="dropped an unfinished last record of the persistence journal');
    // The file was rewritten whole: it reads back without a torn tail.
    const result = replay(await readFile(file, 'utf8'));
    expect(result).toMatchObject({ tornTail: undefined, damaged: [] });
  });

  it('drops a damaged record alone, says which bytes, keeps a copy and restores the rest', async () => {
    const first = await startTestGateway([`--persistence.file=${file}`]);
    await send(first, 'PUT', '/metrics/job/a', 'a 1\n');
    await send(first, 'PUT', '/metrics/job/b', 'b 2\n');
    await send(first, 'PUT', '/metrics/job/c', 'c 3\n');
    await first.stop();
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    const damagedLine = lines.findIndex((l) => l.includes('"b"'));
    const start = Buffer.byteLength(lines.slice(0, damagedLine).join('\n')) + 1;
    const end = start + Buffer.byteLength(lines[damagedLine]) + 1;
    // One flipped bit in the record of group b, and a blank line at the end.
    await writeFile(file, text.replace('"b"', '"c"') + '\n');
    const second = await startTestGateway([`--persistence.file=${file}`]);
    expect(await scrape(second)).toContain('a{instance="",job="a"} 1\n');
    expect(await scrape(second)).toContain('c{instance="",job="c"} 3\n');
    expect(await scrape(second)).not.toContain('job="b"');
    const log = second.logs.join('');
    expect(log).toContain(
      `level=error msg="dropped a damaged record of the persistence journal; the records around it are kept" file=${file} line=${damagedLine + 1} bytes=${start}-${end} err="checksum mismatch"`,
    );
    expect(log).toContain('groups=2');
    const copies = (await readdir(dir)).filter((f) => f.startsWith('pgw.data.damaged-'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(dir, copies[0]), 'utf8')).toBe(text.replace('"b"', '"c"') + '\n');
    // And it persists again from there.
    expect((await send(second, 'PUT', '/metrics/job/new', 'n 1\n')).status).toBe(200);
    expect(replay(await readFile(file, 'utf8')).groups.map((g) => g.labels)).toEqual([
      ['job', 'a'],
      ['job', 'c'],
      ['job', 'new'],
    ]);
  });

  it('recovers a record written after a fragment that an older version left', async () => {
    const first = await startTestGateway([`--persistence.file=${file}`]);
    await send(first, 'PUT', '/metrics/job/a', 'a 1\n');
    await send(first, 'PUT', '/metrics/job/b', 'b 2\n');
    await first.stop();
    const [header, recordA, recordB] = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, `${header}\n${recordA}\n${recordB.slice(0, 30)}${recordB}\n`);
    const second = await startTestGateway([`--persistence.file=${file}`]);
    expect(await scrape(second)).toContain('b{instance="",job="b"} 2\n');
    const start = header.length + recordA.length + 2;
    expect(second.logs.join('')).toContain(`line=3 bytes=${start}-${start + 30} err="checksum mismatch"`);
  });

  it('refuses a file that is not a journal at all', async () => {
    await writeFile(file, '\x0f\xff\x81\x03GroupingKeyToMetricGroup gob data');
    const gw = await startTestGateway([`--persistence.file=${file}`]);
    expect(await scrape(gw)).toBe('');
    expect(gw.logs.join('')).toContain('err="the file does not start with \\"expofmt-gateway-journal 1\\""');
  });
});
