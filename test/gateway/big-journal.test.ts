/**
 * A journal larger than the longest string V8 can hold (~512 MiB) once made start-up fail
 * with `Invalid string length`: it is now read as a stream, and compacted on start.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scrape, send, startTestGateway, stopAll } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'expofmt-big-journal-'));
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

/** About 1 MiB of text: 10,000 series. */
function bigPayload(value: number): string {
  let text = '# TYPE big_metric gauge\n';
  for (let i = 0; i < 10_000; i++) text += `big_metric{series="${String(i).padStart(6, '0')}",pad="${'p'.repeat(60)}"} ${value}\n`;
  return text;
}

describe('a 600 MiB journal', () => {
  it('loads as a stream, keeps the last state of each group and is compacted', async () => {
    const file = join(dir, 'pgw.data');
    const first = await startTestGateway([`--persistence.file=${file}`]);
    expect((await send(first, 'PUT', '/metrics/job/big', bigPayload(1))).status).toBe(200);
    expect((await send(first, 'PUT', '/metrics/job/small', 'small_metric 1\n')).status).toBe(200);
    await first.stop();
    const [header, bigRecord, smallRecord] = (await readFile(file, 'utf8')).split('\n');
    const line = Buffer.from(`${bigRecord}\n`);
    // The same whole-group record again and again, as a long run of pushes leaves it.
    const out = createWriteStream(file);
    out.write(`${header}\n`);
    let written = 0;
    while (written < 600 * 1024 * 1024) {
      if (!out.write(line)) await once(out, 'drain');
      written += line.length;
    }
    out.end(`${smallRecord}\n`);
    await once(out, 'finish');
    expect((await stat(file)).size).toBeGreaterThan(600 * 1024 * 1024);

    const second = await startTestGateway([`--persistence.file=${file}`]);
    const page = await scrape(second);
    expect(page).toContain('big_metric{instance="",job="big",pad="' + 'p'.repeat(60) + '",series="009999"} 1\n');
    expect(page).toContain('small_metric{instance="",job="small"} 1\n');
    expect(second.logs.join('')).toContain('msg="restored persisted metrics"');
    // Compacted at start: one record per group.
    expect((await stat(file)).size).toBeLessThan(2 * line.length + 1024);
  }, 180_000);
});
