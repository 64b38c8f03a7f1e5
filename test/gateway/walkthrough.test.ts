/** Pushgateway's README walkthrough as HTTP requests: status codes and the exact pushed part of /metrics. */
import { describe, expect, it } from 'vitest';
import { scrape, send, startTestGateway } from './helpers.js';

const PUSH_HELP = `# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
# TYPE push_failure_time_seconds gauge
`;
const PUSH_TIME_HELP = `# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
# TYPE push_time_seconds gauge
`;
const SECOND_PUSH = `# TYPE some_metric counter
some_metric{label="val1"} 42
# TYPE another_metric gauge
# HELP another_metric Just an example.
another_metric 2398.283
`;

describe('README walkthrough', () => {
  it('push, conflicting push, delete, retry, delete', async () => {
    const gw = await startTestGateway();
    gw.clock.now = 1700000000.5;
    let r = await send(gw, 'POST', '/metrics/job/some_job', 'some_metric 3.14\n');
    expect(r).toMatchObject({ status: 200, body: '' });
    expect(r.headers.get('content-type')).toBeNull();
    expect(await scrape(gw)).toBe(
      PUSH_HELP +
        'push_failure_time_seconds{instance="",job="some_job"} 0\n' +
        PUSH_TIME_HELP +
        'push_time_seconds{instance="",job="some_job"} 1.7000000005e+09\n' +
        '# TYPE some_metric untyped\n' +
        'some_metric{instance="",job="some_job"} 3.14\n',
    );

    gw.clock.now = 1700000001.25;
    r = await send(gw, 'POST', '/metrics/job/some_job/instance/some_instance', SECOND_PUSH);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.body).toBe(
      'pushed metrics are invalid or inconsistent with existing metrics: family "some_metric" is counter in group {instance="some_instance",job="some_job"} but untyped in group {job="some_job"}\n',
    );
    // The failed push created its group with only the failure time, as Pushgateway does.
    expect(await scrape(gw)).toBe(
      PUSH_HELP +
        'push_failure_time_seconds{instance="",job="some_job"} 0\n' +
        'push_failure_time_seconds{instance="some_instance",job="some_job"} 1.70000000125e+09\n' +
        PUSH_TIME_HELP +
        'push_time_seconds{instance="",job="some_job"} 1.7000000005e+09\n' +
        'push_time_seconds{instance="some_instance",job="some_job"} 0\n' +
        '# TYPE some_metric untyped\n' +
        'some_metric{instance="",job="some_job"} 3.14\n',
    );

    r = await send(gw, 'DELETE', '/metrics/job/some_job');
    expect(r).toMatchObject({ status: 202, body: '' });
    expect(await scrape(gw)).toBe(
      PUSH_HELP +
        'push_failure_time_seconds{instance="some_instance",job="some_job"} 1.70000000125e+09\n' +
        PUSH_TIME_HELP +
        'push_time_seconds{instance="some_instance",job="some_job"} 0\n',
    );

    gw.clock.now = 1700000002;
    r = await send(gw, 'POST', '/metrics/job/some_job/instance/some_instance', SECOND_PUSH);
    expect(r).toMatchObject({ status: 200, body: '' });
    expect(await scrape(gw)).toBe(
      '# HELP another_metric Just an example.\n' +
        '# TYPE another_metric gauge\n' +
        'another_metric{instance="some_instance",job="some_job"} 2398.283\n' +
        PUSH_HELP +
        'push_failure_time_seconds{instance="some_instance",job="some_job"} 1.70000000125e+09\n' +
        PUSH_TIME_HELP +
        'push_time_seconds{instance="some_instance",job="some_job"} 1.700000002e+09\n' +
        '# TYPE some_metric counter\n' +
        'some_metric{instance="some_instance",job="some_job",label="val1"} 42\n',
    );

    r = await send(gw, 'DELETE', '/metrics/job/some_job/instance/some_instance');
    expect(r).toMatchObject({ status: 202, body: '' });
    expect(await scrape(gw)).toBe('');
    // Deleting what is not there is still 202.
    expect((await send(gw, 'DELETE', '/metrics/job/never_pushed')).status).toBe(202);
  });

  it('serves the own metrics sorted in with the pushed ones, as text 0.0.4', async () => {
    const gw = await startTestGateway();
    // Families without series (the push summaries before any push) are left out.
    expect(await (await fetch(`${gw.url}/metrics`)).text()).not.toContain('pushgateway_http_push_size_bytes');
    await send(gw, 'PUT', '/metrics/job/a', '# TYPE zzz gauge\nzzz 1\n# TYPE aaa gauge\naaa 2\n');
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = [...(await res.text()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('pushgateway_http_requests_total');
    expect(names).toContain('pushgateway_http_push_size_bytes');
  });
});
