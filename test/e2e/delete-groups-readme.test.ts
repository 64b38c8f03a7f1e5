/**
 * The README's deletion-by-matcher example, run verbatim with the real curl (the port put
 * in) against the built CLI holding the groups it talks about: the answer is the README's.
 * Then the same selector without dry_run deletes exactly those groups.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, get, repoRoot, requireProgram, startServe } from './support.js';

const run = promisify(execFile);
const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('**Deletion by matcher.**'));
const command = /```sh\n(curl -X POST -g '[^\n]*delete_groups[^\n]*)\n```/.exec(section)?.[1];
const answer = /```json\n([^\n]*)\n```/.exec(section)?.[1];

describe('README: deletion by matcher with curl', () => {
  let gw: ChildServer | undefined;
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers the README dry run, then deletes those groups', async () => {
    requireProgram('curl');
    expect(command, 'the curl command in the README').toBeDefined();
    expect(answer, 'the JSON answer in the README').toBeDefined();
    gw = await startServe(['--web.enable-admin-api']);
    for (const path of ['/metrics/job/batch-1/env/prod', '/metrics/job/batch-2/env/dev', '/metrics/job/batch-3', '/metrics/job/api']) {
      expect((await get(`${gw.url}${path}`, { method: 'PUT', body: 'm 1\n' })).status).toBe(200);
    }
    const args = [
      '-sS',
      ...command!
        .replace('http://127.0.0.1:9091', gw.url)
        .replace(/^curl /, '')
        .match(/'[^']*'|\S+/g)!
        .map((a) => a.replace(/^'|'$/g, '')),
    ];
    const dry = await run('curl', args, { timeout: 10_000 });
    expect(dry.stdout).toBe(answer);
    const real = await run(
      'curl',
      args.map((a) => a.replace('?dry_run=true', '')),
      { timeout: 10_000 },
    );
    expect(real.stdout).toBe(answer!.replace('"dry_run":true', '"dry_run":false'));
    const left = ((await (await get(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<{ labels: Record<string, string> }> }).data;
    expect(left.map((g) => g.labels.job)).toEqual(['batch-1', 'api']);
  });
});
