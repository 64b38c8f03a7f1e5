/**
 * Go's push package sets a group's time to live without patches: go-ttl/main.go (the
 * README's `ttlDoer`, verbatim) is built offline in GOPATH mode against Debian's
 * client_golang sources and pushes with a 2 s TTL; the group shows its expiry time and is
 * gone within a second after it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, INSTALL, repoRoot, requireProgram, startServe, waitFor } from './support.js';

const run = promisify(execFile);
const here = resolve(repoRoot, 'test/e2e/go-ttl');

describe('Go push package with the Expofmt-TTL header', () => {
  let gw: ChildServer | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await gw?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the README snippet is the program', () => {
    const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
    const program = readFileSync(join(here, 'main.go'), 'utf8');
    const snippet = program.slice(program.indexOf('type ttlDoer'), program.indexOf('func main()')).trim();
    expect(readme).toContain(snippet);
  });

  it('pushes a group that expires 2 s later', { timeout: 180_000 }, async () => {
    requireProgram('go', INSTALL);
    dir = await mkdtemp(join(tmpdir(), 'expofmt-go-ttl-'));
    const binary = join(dir, 'go-ttl');
    const cache = process.env.GOCACHE ?? join(tmpdir(), 'expofmt-go-build-cache');
    await run('go', ['build', '-o', binary, '.'], {
      cwd: here,
      env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '', GOCACHE: cache },
      timeout: 170_000,
    });
    gw = await startServe(['--push.enable-ttl']);
    await run(binary, [gw.url, '2s'], { timeout: 10_000 });
    const api = async () => ((await (await get(`${gw!.url}/api/v1/metrics`)).json()) as { data: Array<Record<string, unknown>> }).data;
    const [group] = await api();
    expect(group.labels).toEqual({ job: 'backup' });
    const pushedAt = Date.parse((group.push_time_seconds as { time_stamp: string }).time_stamp);
    const expiresAt = Date.parse(group.expires_at as string);
    expect(expiresAt - pushedAt).toBe(2000);
    const gone = await waitFor('the Go group to expire', 10_000, async () => ((await api()).length === 0 ? Date.now() : undefined), 50);
    expect(gone - expiresAt).toBeLessThan(1000);
  });
});
