/** `expofmt serve` as the CLI runs it: usage, logs on stderr, graceful stop on a signal. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve-command.js';

function io() {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
  stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
  return { streams: { stdout, stderr }, out };
}

describe('serveCommand', () => {
  it('prints usage for --help and refuses bad flags with 2', async () => {
    const a = io();
    expect(await serveCommand(['--help'], a.streams)).toBe(0);
    expect(a.out.stdout).toContain('--web.listen-address=VALUE');
    const b = io();
    expect(await serveCommand(['--bogus'], b.streams)).toBe(2);
    expect(b.out.stderr).toContain("expofmt serve: unknown flag '--bogus'");
  });

  it('serves until SIGTERM, then stops gracefully with 0, logging JSON lines', async () => {
    const { streams, out } = io();
    let url = '';
    const done = serveCommand(['--web.listen-address=127.0.0.1:0', '--log.format=json'], streams, {
      onListening: (u) => (url = u),
      signals: ['SIGUSR2'],
    });
    while (url === '') await new Promise((r) => setTimeout(r, 10));
    expect((await fetch(`${url}/metrics/job/x`, { method: 'PUT', body: 'x 1\n' })).status).toBe(200);
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(await done).toBe(0);
    const lines = out.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Listening on', 'received signal; exiting gracefully...', 'HTTP server stopped']));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'starting pushgateway (expofmt serve)' });
  });
});
