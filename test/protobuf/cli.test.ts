/** `expofmt parse --from protobuf` and `expofmt fmt --to protobuf`, in-process with byte-exact streams. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parse, parseProtobuf, renderProtobuf } from '../../src/index.js';

const TEXT = `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{kind="b"} 4.5
jobs_total{kind="a"} 3
# TYPE lat histogram
lat_bucket{le="0.5"} 1
lat_sum 1.25
lat_count 2
`;

async function run(argv: string[], stdin: Uint8Array = new Uint8Array()): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (parts: Buffer[]) =>
    new Writable({
      write: (chunk: Buffer, _e, done) => {
        parts.push(Buffer.from(chunk));
        done();
      },
    });
  const code = await main(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout: sink(out), stderr: sink(err) });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

const dir = mkdtempSync(join(tmpdir(), 'expofmt-pb-cli-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('expofmt fmt --to protobuf', () => {
  it('writes the delimited body, in stored order or sorted', async () => {
    const result = await run(['fmt', '--to', 'protobuf', file('in.prom', TEXT)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toEqual(Buffer.from(renderProtobuf(parse(TEXT).families)));
    const sorted = await run(['fmt', '--to', 'protobuf', '--sort', '-'], new TextEncoder().encode(TEXT));
    expect(parseProtobuf(sorted.stdout).families[0].metrics.map((m) => m.labels)).toEqual([
      ['kind', 'a'],
      ['kind', 'b'],
    ]);
  });

  it('reads protobuf back with --from protobuf: text -> protobuf -> text is fmt of the text', async () => {
    const pb = (await run(['fmt', '--to', 'protobuf', file('again.prom', TEXT)])).stdout;
    const back = await run(['fmt', '--from', 'protobuf', file('again.pb', pb)]);
    expect(back).toEqual({ code: 0, stderr: '', stdout: (await run(['fmt', file('plain.prom', TEXT)])).stdout });
  });

  it('names protobuf among the --to formats when refusing one', async () => {
    const result = await run(['fmt', '--to', 'xml', file('x.prom', TEXT)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--to must be one of prometheus, openmetrics, protobuf, got 'xml'");
  });
});

describe('expofmt parse --from protobuf', () => {
  it('prints the families as JSON, as for text', async () => {
    const pb = file('ok.pb', renderProtobuf(parse(TEXT).families));
    const fromPb = await run(['parse', '--from', 'protobuf', pb]);
    const fromText = await run(['parse', file('ok.prom', TEXT)]);
    expect(fromPb.code).toBe(0);
    expect(fromPb.stdout.toString()).toBe(fromText.stdout.toString());
  });

  it('reports a bad body with its message index as LINE, and exits with 1', async () => {
    const body = renderProtobuf(parse(TEXT).families);
    const path = file('cut.pb', body.subarray(0, body.length - 1));
    const result = await run(['parse', '--from', 'protobuf', path]);
    expect(result).toEqual({
      code: 1,
      stdout: Buffer.alloc(0),
      stderr: `${path}:2:1: the length prefix says 35 bytes, but the body has 34 left (cut off, or not delimited protobuf) [E_PROTOBUF_LENGTH]\n`,
    });
  });

  it('refuses an unknown --from', async () => {
    const result = await run(['parse', '--from', 'json', file('y.prom', TEXT)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--from must be text or protobuf, got 'json'");
  });
});
