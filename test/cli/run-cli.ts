/** Runs the CLI in-process with fake streams and collects what it printed. */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(parts).toString('utf8') };
}

export async function runCli(argv: string[], stdin: string | Uint8Array = ''): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const input = Readable.from([typeof stdin === 'string' ? Buffer.from(stdin) : Buffer.from(stdin)]);
  const code = await main(argv, { stdin: input, stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
