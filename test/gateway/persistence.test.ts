/** --persistence.file: exact restore, kill -9 durability, torn and corrupt files. */
import { spawn } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay } from '../../src/gateway/persistence/journal.js';
import { pushedOnly, scrape, send, startTestGateway, stopAll } from './helpers.js';

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

  it('journals a POST into a big group as what it changed, and replays it to the same group', async () => {
    const gw = await startTestGateway([`--persistence.file=${file}`]);
    let body = '';
    for (let f = 0; f < 5; f++) for (let i = 0; i < 1000; i++) body += `big_${f}{i="${i}"} ${i}\n`;
    expect((await send(gw, 'PUT', '/metrics/job/big', body)).status).toBe(200);
    const grown = (await readFile(file)).length;
    expect((await send(gw, 'POST', '/metrics/job/big', 'one_more{x="y"} 1\n')).status).toBe(200);
    expect((await send(gw, 'POST', '/metrics/job/big', 'big_2{i="0"} 42\n')).status).toBe(200);
    const text = await readFile(file, 'utf8');
    // Two records, each with the families it brings and the indexes of the four or five it kept.
    const [first, second] = text.slice(grown).trimEnd().split('\n');
    expect(first).toMatch(/^[0-9a-f]{8} \{"op":"change","group":\{.*"families":\[0,1,2,3,4,\{"name":"one_more",.*\]\}\}$/);
    expect(second).toMatch(
      /"families":\[0,1,3,4,5,\{"name":"big_2","type":"untyped","metrics":\[\{"labels":\["i","0","instance","","job","big"\],"value":42\}\]\}\]/,
    );
    expect(text.length - grown).toBeLessThan(1200);
    const [group] = replay(text).groups;
    expect(group.families.map((f) => `${f.name}:${f.metrics.length}`)).toEqual([
      'big_0:1000',
      'big_1:1000',
      'big_3:1000',
      'big_4:1000',
      'one_more:1',
      'big_2:1',
    ]);
    // The file as a kill -9 would leave it (stopping compacts it).
    const page = pushedOnly(await scrape(gw));
    const crashed = join(dir, 'crashed.data');
    await copyFile(file, crashed);
    await gw.stop();
    const again = await startTestGateway([`--persistence.file=${crashed}`]);
    expect(pushedOnly(await scrape(again))).toBe(page);
    expect(page).toContain('big_2{i="0",instance="",job="big"} 42\n');
  });

  it('drops a change whose group state before it was lost, and says why', () => {
    const set =
      '{"op":"set","group":{"labels":["job","a"],"pushTime":1,"failureTime":0,"pushedAt":[],"families":[{"name":"a","type":"gauge","metrics":[{"labels":[],"value":1}]}]}}';
    const change =
      '{"op":"change","group":{"labels":["job","a"],"pushTime":2,"failureTime":0,"pushedAt":[],"families":[0,{"name":"b","type":"gauge","metrics":[{"labels":[],"value":2}]}]}}';
    const line = (json: string) => `${(crc32(json) >>> 0).toString(16).padStart(8, '0')} ${json}`;
    const whole = replay(`expofmt-gateway-journal 1\n${line(set)}\n${line(change)}\n`);
    expect(whole.groups[0].families.map((f) => f.name)).toEqual(['a', 'b']);
    // The set record damaged: the change cannot be applied, and is dropped on its own.
    const damaged = replay(`expofmt-gateway-journal 1\n${line(set).replace('"a"]', '"b"]')}\n${line(change)}\n`);
    expect(damaged.groups).toEqual([]);
    expect(damaged.damaged.map((d) => [d.line, d.error])).toEqual([
      [2, 'checksum mismatch'],
      [3, "family 0 is kept from the group's earlier state, which does not have it"],
    ]);
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
