/** The web UI: groups in order with badges, escaping, failure mark, delete and wipe buttons, Status page. */
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { pushPath } from '../../src/gateway/grouping-path.js';
import { PROTOBUF_DELIMITED_CONTENT_TYPE } from '../../src/index.js';
import * as pb from '../../src/protobuf/generated/io/prometheus/client/metrics_pb.js';
import { delimited } from '../protobuf/helpers.js';
import { send, startTestGateway } from './helpers.js';

describe('web UI', () => {
  it('lists groups by grouping key, escapes everything, marks failures, offers Delete Group', async () => {
    const gw = await startTestGateway(['--web.enable-admin-api']);
    const evil = '<script>alert("x")</script>';
    const path = pushPath(['job', 'alpha', 'note', evil]);
    expect((await send(gw, 'PUT', path, `# HELP m Help with <b>tags</b> & "quotes".\n# TYPE m gauge\nm{v="${evil.replace(/"/g, '\\"')}"} 1\n`)).status).toBe(
      200,
    );
    await send(
      gw,
      'PUT',
      '/metrics/job/beta/instance/b1',
      '# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n# TYPE s summary\ns{quantile="0.9"} 3\ns_sum 4\ns_count 5\n',
    );
    await send(gw, 'PUT', '/metrics/job/gamma/instance/x', 'x 1 1000\n');
    const res = await fetch(`${gw.url}/`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>tags');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('Help with &#60;b&#62;tags&#60;/b&#62; &#38; &#34;quotes&#34;.');
    // Groups by grouping key: {instance=b1,job=beta} < {instance=x,job=gamma} < {job=alpha,note=...}.
    const order = [...html.matchAll(/<span class="badge job">job=&#34;(\w+)&#34;/g)].map((m) => m[1]);
    expect(order).toEqual(['beta', 'gamma', 'alpha']);
    expect(html.match(/Last push failed!/g)).toHaveLength(1);
    expect(html).toContain(`data-delete="${path.slice(1)}"`);
    expect(html).toContain('Delete All 3 Groups');
    expect(html).toContain('Sample values ≤ 0.5');
    expect(html).toContain('Quantile 0.9');
    expect(html).toContain('last pushed: 2023-11-14T22:13:20.5Z');
  });

  it("shows a native histogram's count, sum, schema and buckets as intervals", async () => {
    const gw = await startTestGateway();
    const family = create(pb.MetricFamilySchema, {
      name: 'nh_seconds',
      type: pb.MetricType.HISTOGRAM,
      metric: [
        {
          histogram: {
            sampleCount: 4n,
            sampleSum: 6,
            schema: 3,
            zeroThreshold: 0.001,
            zeroCount: 1n,
            positiveSpan: [{ offset: 5, length: 2 }],
            positiveDelta: [2n, -1n],
          },
        },
      ],
    });
    const body = delimited(toBinary(pb.MetricFamilySchema, family));
    expect((await send(gw, 'PUT', '/metrics/job/nh', body, { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE })).status).toBe(200);
    const html = await (await fetch(`${gw.url}/`)).text();
    const table = html.slice(html.indexOf('nh_seconds'));
    expect(table).toContain(
      '<tr><td>Native schema</td><td>3 (each bucket 1.09051× the previous)</td></tr>' +
        '<tr><td>Sample values in [-0.001, 0.001]</td><td>1</td></tr>' +
        '<tr><td>Sample values in (1.414213562373095, 1.5422108254079407]</td><td>2</td></tr>' +
        '<tr><td>Sample values in (1.5422108254079407, 1.6817928305074288]</td><td>1</td></tr>' +
        '<tr><td>Sample Count</td><td>4</td></tr><tr><td>Sample Sum</td><td>6</td></tr>',
    );
  });

  it('has no wipe button without the admin API; the Status page shows the flags', async () => {
    const gw = await startTestGateway(['--persistence.interval=2m']);
    await send(gw, 'PUT', '/metrics/job/a', 'a 1\n');
    expect(await (await fetch(`${gw.url}/`)).text()).not.toContain('Delete All');
    const status = await (await fetch(`${gw.url}/status`)).text();
    expect(status).toContain('<th>persistence.interval</th><td>2m</td>');
    expect(status).toContain('<th>Started</th>');
  });
});
