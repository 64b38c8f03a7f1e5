/**
 * Pushgateway README's curl sequence with the real `curl` against the built CLI: status
 * codes, bodies and the exact pushed part of /metrics after every step.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, HOOK_TIMEOUT_MS, PUSH_FAILURE_HEAD, PUSH_TIME_HEAD, pushedPage, requireProgram, startServe } from './support.js';
import { CURL_STEPS, atPort } from './walkthrough.js';

const run = promisify(execFile);

/** Runs one README command with bash; curl also prints the status code on a last line of its own. */
async function curlStep(command: string, port: number): Promise<{ status: number; body: string }> {
  const withStatus = atPort(command, port).replace(/\bcurl /, "curl --silent --show-error --max-time 10 --write-out '\\n%{http_code}' ");
  const { stdout } = await run('bash', ['-c', withStatus], { timeout: 15_000 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

const FIRST_PAGE =
  PUSH_FAILURE_HEAD +
  'push_failure_time_seconds{instance="",job="some_job"} 0\n' +
  PUSH_TIME_HEAD +
  'push_time_seconds{instance="",job="some_job"} <TS>\n' +
  '# TYPE some_metric untyped\n' +
  'some_metric{instance="",job="some_job"} 3.14\n';

describe('curl walkthrough against `expofmt serve`', () => {
  let gw: ChildServer;
  beforeAll(async () => {
    requireProgram('curl');
    gw = await startServe();
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await gw?.stop();
  }, HOOK_TIMEOUT_MS);

  it('push, conflicting push, delete, delete: status codes and the exact page after each', async () => {
    // 1. An untyped sample into {job="some_job"}.
    expect(await curlStep(CURL_STEPS[0], gw.port)).toEqual({ status: 200, body: '' });
    expect(await pushedPage(gw.url)).toBe(FIRST_PAGE);

    // 2. README's second push declares some_metric a counter while {job="some_job"} holds it
    //    untyped: refused with 400, as by Pushgateway [E7]; the failed push still creates its
    //    group with only the failure time set.
    const second = await curlStep(CURL_STEPS[1], gw.port);
    expect(second.status).toBe(400);
    expect(second.body).toBe(
      'pushed metrics are invalid or inconsistent with existing metrics: family "some_metric" is counter in group {instance="some_instance",job="some_job"} but untyped in group {job="some_job"}\n',
    );
    expect(await pushedPage(gw.url)).toBe(
      PUSH_FAILURE_HEAD +
        'push_failure_time_seconds{instance="",job="some_job"} 0\n' +
        'push_failure_time_seconds{instance="some_instance",job="some_job"} <TS>\n' +
        PUSH_TIME_HEAD +
        'push_time_seconds{instance="",job="some_job"} <TS>\n' +
        'push_time_seconds{instance="some_instance",job="some_job"} 0\n' +
        '# TYPE some_metric untyped\n' +
        'some_metric{instance="",job="some_job"} 3.14\n',
    );

    // 3. Delete the {job,instance} group: only that group goes.
    expect(await curlStep(CURL_STEPS[2], gw.port)).toEqual({ status: 202, body: '' });
    expect(await pushedPage(gw.url)).toBe(FIRST_PAGE);

    // 4. Delete {job="some_job"}: nothing pushed is left.
    expect(await curlStep(CURL_STEPS[3], gw.port)).toEqual({ status: 202, body: '' });
    expect(await pushedPage(gw.url)).toBe('');

    // And README's second push now goes through.
    expect(await curlStep(CURL_STEPS[1], gw.port)).toEqual({ status: 200, body: '' });
    expect(await pushedPage(gw.url)).toBe(
      '# HELP another_metric Just an example.\n' +
        '# TYPE another_metric gauge\n' +
        'another_metric{instance="some_instance",job="some_job"} 2398.283\n' +
        PUSH_FAILURE_HEAD +
        'push_failure_time_seconds{instance="some_instance",job="some_job"} 0\n' +
        PUSH_TIME_HEAD +
        'push_time_seconds{instance="some_instance",job="some_job"} <TS>\n' +
        '# TYPE some_metric counter\n' +
        'some_metric{instance="some_instance",job="some_job",label="val1"} 42\n',
    );
  });
});
