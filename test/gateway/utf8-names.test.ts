/**
 * UTF-8 metric and label names in the gateway (issue 14), in-process over HTTP:
 * `--push.enable-utf8-names` off (legacy names only, Pushgateway's default) and on (stored
 * as sent, label names in the URL in the `values` scheme), the scrape under each escaping
 * scheme with its Content-Type, the JSON API, the UI's Delete Group path, and names that
 * collide once escaped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGroupingSegments, parsePushPath, pushPath } from '../../src/gateway/grouping-path.js';
import { legacyNameRefusal } from '../../src/judge-push.js';
import { parse, renderProtobuf } from '../../src/index.js';
import { pushedOnly, send, startTestGateway, type TestGateway } from './helpers.js';

const PB = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const BODY = '# HELP "my.metric" Dots.\n# TYPE "my.metric" gauge\n{"my.metric","host.name"="a"} 42\n';

async function scrapeAs(gw: TestGateway, accept?: string): Promise<{ type: string | null; page: string }> {
  const res = await fetch(`${gw.url}/metrics`, accept === undefined ? {} : { headers: { accept } });
  const page = pushedOnly(await res.text()).replace(/ 1\.7000000005e\+09\n/g, ' <TS>\n');
  return { type: res.headers.get('content-type'), page };
}

describe('push path label names', () => {
  it('with UTF-8 names on, unescapes U__ names and takes any UTF-8 name', () => {
    expect(parsePushPath('/metrics/job/j/U__zone_2e_id/eu', true)).toEqual({ labels: ['job', 'j', 'zone.id', 'eu'] });
    expect(parsePushPath('/metrics/job/j/zone.id/eu', true)).toEqual({ labels: ['job', 'j', 'zone.id', 'eu'] });
    expect(parsePushPath('/metrics/job/j/%E8%8A%B1/x', true)).toEqual({ labels: ['job', 'j', '花', 'x'] });
    expect(parsePushPath('/metrics/job/j/U___82b1_@base64/eA', true)).toEqual({ labels: ['job', 'j', '花', 'x'] });
    // A U__ name that does not decode stays as sent (Go's UnescapeName).
    expect(parsePushPath('/metrics/job/j/U__bad_name/x', true)).toEqual({ labels: ['U__bad_name', 'x', 'job', 'j'] });
    expect(parsePushPath('/metrics/job/j/__x/1', true)).toEqual({ error: 'improper label name "__x"' });
    expect(parsePushPath('/metrics/job/j/U__/1', true)).toEqual({ error: 'improper label name "U__"' });
  });

  it('with UTF-8 names off, takes U__ names literally and refuses others, as Pushgateway', () => {
    expect(parsePushPath('/metrics/job/j/U__zone_2e_id/eu')).toEqual({ labels: ['U__zone_2e_id', 'eu', 'job', 'j'] });
    expect(parsePushPath('/metrics/job/j/zone.id/eu')).toEqual({ error: 'improper label name "zone.id"' });
    expect(parsePushPath('/metrics/job/j/%E8%8A%B1/x')).toEqual({ error: 'improper label name "花"' });
  });

  it('pushPath writes names the parser reads back', () => {
    const labels = ['U__x', '1', 'a_b', '2', 'job', 'j', 'zone.id', 'eu', '花', '3'];
    const path = pushPath(labels, true);
    expect(path).toBe('/metrics/job@base64/ag==/U__U____x@base64/MQ==/a_b@base64/Mg==/U__zone_2e_id@base64/ZXU=/U___82b1_@base64/Mw==');
    const back = parsePushPath(path, true);
    expect(back).toEqual({ labels: ['U__x', '1', 'a_b', '2', 'job', 'j', 'zone.id', 'eu', '花', '3'] });
    expect(parseGroupingSegments('j', false, ['a', '1'], true)).toEqual({ labels: ['a', '1', 'job', 'j'] });
  });
});

describe('legacyNameRefusal', () => {
  it("names the first offending line, as Go's text parser under legacy validation", () => {
    const families = parse('ok 1\n# TYPE late gauge\nlate{"a.b"="x"} 1\n{"my.metric"} 2\n').families;
    expect(legacyNameRefusal(families, false)?.message).toBe('text format parsing error in line 3: invalid label name "a.b"');
    expect(legacyNameRefusal(parse('{"my.metric","a.b"="x"} 1\n').families, false)?.message).toBe(
      'text format parsing error in line 1: invalid metric name "my.metric"',
    );
    // A colon is fine in a metric name, not in a label name.
    expect(legacyNameRefusal(parse('a:b{"c:d"="x"} 1\n').families, false)?.message).toBe('text format parsing error in line 1: invalid label name "c:d"');
    expect(legacyNameRefusal(parse('{"quoted_but_legacy"} 1\n').families, false)).toBeUndefined();
  });
});

describe('--push.enable-utf8-names off', () => {
  it('refuses text and protobuf pushes with UTF-8 names, storing nothing; legacy pages and Content-Type unchanged', async () => {
    const gw = await startTestGateway();
    expect(await send(gw, 'PUT', '/metrics/job/j', BODY)).toMatchObject({
      status: 400,
      body: 'text format parsing error in line 1: invalid metric name "my.metric"\n',
    });
    const pb = renderProtobuf(parse(BODY).families);
    expect(await send(gw, 'PUT', '/metrics/job/j', pb, { 'content-type': PB })).toMatchObject({
      status: 400,
      body: 'invalid metric name "my.metric" in protobuf message 1 (UTF-8 names need --push.enable-utf8-names)\n',
    });
    expect(await send(gw, 'PUT', '/metrics/job/j/zone.id/eu', 'x 1\n')).toMatchObject({ status: 400, body: 'improper label name "zone.id"\n' });
    expect(await scrapeAs(gw)).toEqual({ type: TEXT, page: '' });
    expect(await send(gw, 'PUT', '/metrics/job/j', 'x 1\n')).toMatchObject({ status: 200 });
    expect((await scrapeAs(gw)).type).toBe(TEXT);
    expect((await scrapeAs(gw, 'text/plain;version=0.0.4;escaping=values')).type).toBe(`${TEXT}; escaping=values`);
  });
});

describe('--push.enable-utf8-names on', () => {
  const PAGES: Array<[string | undefined, string, string]> = [
    [
      undefined,
      `${TEXT}; escaping=underscores`,
      '# HELP my_metric Dots.\n# TYPE my_metric gauge\nmy_metric{host_name="a",instance="",job="j",zone_id="eu"} 42\n',
    ],
    [
      'text/plain;version=0.0.4;escaping=allow-utf-8',
      `${TEXT}; escaping=allow-utf-8`,
      '# HELP "my.metric" Dots.\n# TYPE "my.metric" gauge\n{"my.metric","host.name"="a",instance="",job="j","zone.id"="eu"} 42\n',
    ],
    [
      'text/plain;version=1.0.0;escaping=allow-utf-8',
      `${TEXT}; escaping=allow-utf-8`,
      '# HELP "my.metric" Dots.\n# TYPE "my.metric" gauge\n{"my.metric","host.name"="a",instance="",job="j","zone.id"="eu"} 42\n',
    ],
    [
      'text/plain;version=0.0.4;escaping=dots',
      `${TEXT}; escaping=dots`,
      '# HELP my_dot_metric Dots.\n# TYPE my_dot_metric gauge\nmy_dot_metric{host_dot_name="a",instance="",job="j",zone_dot_id="eu"} 42\n',
    ],
    [
      'text/plain;version=0.0.4;escaping=values',
      `${TEXT}; escaping=values`,
      '# HELP U__my_2e_metric Dots.\n# TYPE U__my_2e_metric gauge\nU__my_2e_metric{U__host_2e_name="a",instance="",job="j",U__zone_2e_id="eu"} 42\n',
    ],
  ];

  it('stores UTF-8 names as sent and serves each scheme with its Content-Type', async () => {
    const gw = await startTestGateway(['--push.enable-utf8-names']);
    expect(await send(gw, 'PUT', '/metrics/job/j/U__zone_2e_id/eu', BODY)).toMatchObject({ status: 200, body: '' });
    for (const [accept, type, pushed] of PAGES) {
      const { type: got, page } = await scrapeAs(gw, accept);
      expect(got).toBe(type);
      const own = page.split('\n').filter((l) => !l.includes('push_') && l !== '');
      expect(`${own.join('\n')}\n`).toBe(pushed);
    }
    // Protobuf: the scheme applies there too.
    const res = await fetch(`${gw.url}/metrics`, { headers: { accept: `${PB.replaceAll(' ', '')};escaping=values` } });
    expect(res.headers.get('content-type')).toBe(`${PB}; escaping=values`);
    const names = (await import('../../src/index.js')).parseProtobuf(new Uint8Array(await res.arrayBuffer())).families.map((f) => f.name);
    expect(names).toContain('U__my_2e_metric');
    // JSON API: names as stored, as Pushgateway's.
    const api = (await (await fetch(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<Record<string, { metrics?: { labels: object }[] }>> };
    expect(api.data[0].labels).toEqual({ job: 'j', 'zone.id': 'eu' });
    expect(api.data[0]['my.metric'].metrics?.[0].labels).toEqual({ 'host.name': 'a', instance: '', job: 'j', 'zone.id': 'eu' });
    // The UI's Delete Group path reads back as the group; DELETE with it removes the group.
    const ui = await (await fetch(`${gw.url}/`)).text();
    const del = /data-delete="([^"]*)"/.exec(ui)?.[1];
    expect(del).toBe('metrics/job@base64/ag==/U__zone_2e_id@base64/ZXU=');
    expect(ui).toContain('<span class="badge label">zone.id=&#34;eu&#34;</span>');
    expect(ui).toContain('<span class="name">my.metric</span>');
    expect(await send(gw, 'DELETE', `/${del}`)).toMatchObject({ status: 202 });
    expect((await scrapeAs(gw)).page).toBe('');
  });

  it('POST and DELETE address the same group by escaped or raw label name', async () => {
    const gw = await startTestGateway(['--push.enable-utf8-names']);
    expect(await send(gw, 'PUT', '/metrics/job/j/U__zone_2e_id/eu', BODY)).toMatchObject({ status: 200 });
    expect(await send(gw, 'POST', '/metrics/job/j/zone.id/eu', 'other 1\n')).toMatchObject({ status: 200 });
    const groups = (await (await fetch(`${gw.url}/api/v1/metrics`)).json()) as { data: Array<Record<string, unknown>> };
    expect(groups.data).toHaveLength(1);
    expect(Object.keys(groups.data[0]).sort()).toEqual([
      'labels',
      'last_push_successful',
      'my.metric',
      'other',
      'push_failure_time_seconds',
      'push_time_seconds',
    ]);
    expect(await send(gw, 'DELETE', '/metrics/job/j/zone.id/eu')).toMatchObject({ status: 202 });
    expect((await scrapeAs(gw)).page).toBe('');
  });

  it('refuses a push whose names escape like names already there, but not a PUT that replaces them', async () => {
    const gw = await startTestGateway(['--push.enable-utf8-names']);
    expect(await send(gw, 'PUT', '/metrics/job/a', BODY)).toMatchObject({ status: 200 });
    expect(await send(gw, 'PUT', '/metrics/job/b', 'my_metric 1\n')).toMatchObject({
      status: 400,
      body: 'metric names "my.metric" and "my_metric" are both "my_metric" once escaped for scrapers without UTF-8 support (escaping=underscores)\n',
    });
    expect(await send(gw, 'PUT', '/metrics/job/b', '{"x","a.b"="1","a_b"="2"} 1\n')).toMatchObject({
      status: 400,
      body: 'label names "a.b" and "a_b" are both "a_b" once escaped for scrapers without UTF-8 support (escaping=underscores) on a series of "x"\n',
    });
    expect(await send(gw, 'PUT', '/metrics/job/b/a.b/1', '{"x",a_b="2"} 1\n')).toMatchObject({ status: 400 });
    // The gateway's own families count too.
    expect(await send(gw, 'PUT', '/metrics/job/b', '{"pushgateway.build_info"} 1\n')).toMatchObject({
      status: 400,
      body: 'metric names "pushgateway_build_info" and "pushgateway.build_info" are both "pushgateway_build_info" once escaped for scrapers without UTF-8 support (escaping=underscores)\n',
    });
    // Replacing group a's only family: nothing to collide with.
    expect(await send(gw, 'PUT', '/metrics/job/a', '# TYPE my_metric gauge\nmy_metric 1\n')).toMatchObject({ status: 200 });
    expect((await scrapeAs(gw)).page).toContain('my_metric{instance="",job="a"} 1\n');
  });

  it('keeps UTF-8 names across a restart with a persistence file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'expofmt-utf8-')), 'store');
    const first = await startTestGateway(['--push.enable-utf8-names', `--persistence.file=${file}`]);
    expect(await send(first, 'PUT', '/metrics/job/j/U__zone_2e_id/eu', BODY)).toMatchObject({ status: 200 });
    await first.stop();
    const second = await startTestGateway(['--push.enable-utf8-names', `--persistence.file=${file}`]);
    const { page } = await scrapeAs(second, 'text/plain;escaping=allow-utf-8');
    expect(page).toContain('{"my.metric","host.name"="a",instance="",job="j","zone.id"="eu"} 42\n');
    await second.stop();
    // Restarted without the flag: the restored names are still escaped for a scraper that asks for nothing.
    const third = await startTestGateway([`--persistence.file=${file}`]);
    expect(third.running.gateway.namesMayNeedEscaping).toBe(true);
    expect((await scrapeAs(third)).page).toContain('my_metric{host_name="a",instance="",job="j",zone_id="eu"} 42\n');
  });

  it('skips escaping when no name can need it (flag off, nothing restored)', async () => {
    const gw = await startTestGateway();
    expect(gw.running.gateway.namesMayNeedEscaping).toBe(false);
  });

  it('leaves out of a scrape what collides under the scheme asked for, and logs it', async () => {
    const gw = await startTestGateway(['--push.enable-utf8-names']);
    // Distinct under underscores (a_b, a_dot_b); one name under dots.
    expect(await send(gw, 'PUT', '/metrics/job/j', '{"a.b"} 1\na_dot_b 2\n')).toMatchObject({ status: 200 });
    const { page } = await scrapeAs(gw, 'text/plain;escaping=dots');
    expect(page.split('\n').filter((l) => l.startsWith('a_dot_b'))).toEqual(['a_dot_b{instance="",job="j"} 1']);
    expect(gw.logs.join('')).toContain('left metrics whose names collide once escaped out of the scrape');
    expect(gw.logs.join('')).toContain('metric family \\"a_dot_b\\" left out: it is \\"a_dot_b\\" once escaped (escaping=dots), as is \\"a.b\\"');
    const under = await scrapeAs(gw);
    expect(under.page).toContain('a_b{instance="",job="j"} 1\n');
    expect(under.page).toContain('a_dot_b{instance="",job="j"} 2\n');
  });
});
