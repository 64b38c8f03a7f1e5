/**
 * The gateway's own families as the store's reserved group (src/merge/reserved-group.ts):
 * pushes are checked against it through the store's indexes, and it joins the cached merge
 * of the pushed groups on every page, ranked first.
 */
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/merge/group-store.js';
import type { MetricFamily } from '../../src/model.js';
import { parse, renderText } from '../../src/index.js';

const reserved = new Map([
  ['own_requests_total', { type: 'counter' as const, help: 'Own requests.' }],
  ['own_latency_seconds', { type: 'summary' as const, help: 'Own latency.' }],
]);
const own = (requests: number): MetricFamily[] =>
  parse(
    `# HELP own_requests_total Own requests.\n# TYPE own_requests_total counter\nown_requests_total{code="200"} ${requests}\n` +
      '# HELP own_latency_seconds Own latency.\n# TYPE own_latency_seconds summary\nown_latency_seconds_sum 0.5\nown_latency_seconds_count 1\n',
  ).families;
const families = (text: string) => parse(text).families;
const push = (store: GroupStore, job: string, text: string, check = true) => store.push(['job', job], families(text), { replace: false, now: 1, check });

describe('the reserved group', () => {
  it('refuses pushes that contradict it, with its own codes, after the clashes with other groups', () => {
    const store = new GroupStore({ reserved });
    expect(push(store, 'a', '# TYPE m counter\nm 1\n').accepted).toBe(true);
    const result = push(store, 'b', 'own_requests_total 1\nown_latency_seconds_count 2\n# TYPE m gauge\nm 2\n');
    expect(result.errors.map((d) => [d.code, d.message])).toEqual([
      ['E_TYPE_CONFLICT', 'family "m" is gauge in group {job="b"} but counter in group {job="a"}'],
      ['E_OWN_TYPE_CONFLICT', 'family "own_requests_total" is untyped in group {job="b"} but counter in the gateway\'s own metrics'],
      [
        'E_OWN_NAME_COLLISION',
        'family "own_latency_seconds_count" of group {job="b"} collides with the samples of the gateway\'s own summary "own_latency_seconds"',
      ],
    ]);
    expect(push(store, 'c', '# TYPE own_requests_total counter\nown_requests_total 5\n').accepted).toBe(true);
  });

  it('keeps declaring its families after a wipe and a restore', () => {
    const store = new GroupStore({ reserved });
    store.wipe();
    store.restore([]);
    expect(push(store, 'a', 'own_requests_total 1\n').errors.map((d) => d.code)).toEqual(['E_OWN_TYPE_CONFLICT']);
  });

  it('serves its TYPE, HELP and series first, refreshed per page, over a merge of the groups kept up to date per change', () => {
    const store = new GroupStore({ reserved });
    push(store, 'a', '# HELP own_requests_total Pushed.\n# TYPE own_requests_total counter\nown_requests_total 5\n# TYPE zz gauge\nzz 1\n');
    const first = store.page(own(1));
    const second = store.page(own(2));
    expect(
      renderText(second.families)
        .split('\n')
        .filter((l) => l.startsWith('own_requests') || l.startsWith('# HELP own_requests')),
    ).toEqual(['# HELP own_requests_total Own requests.', 'own_requests_total{code="200"} 2', 'own_requests_total{instance="",job="a"} 5']);
    expect(second.diagnostics).toEqual([]);
    // The pushed families are the kept merge's objects until a change touches their name.
    const zz = (page: typeof first) => page.families.find((f) => f.name === 'zz');
    expect(zz(second)).toBe(zz(first));
    expect(zz(store.page())).toBe(zz(first));
    push(store, 'b', 'yy 1\n');
    expect(zz(store.page(own(3)))).toBe(zz(first));
    push(store, 'a', '# TYPE zz gauge\nzz 2\n');
    expect(zz(store.page(own(4)))).not.toBe(zz(first));
  });

  it('leaves out, and reports, stored data that contradicts it', () => {
    const store = new GroupStore({ reserved });
    push(store, 'a', 'own_requests_total 1\nown_latency_seconds_sum 1\nkept 1\n', false);
    const page = store.page(own(1));
    expect(page.families.map((f) => f.name)).toEqual(['kept', 'own_latency_seconds', 'own_requests_total', 'push_failure_time_seconds', 'push_time_seconds']);
    expect(page.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['E_OWN_NAME_COLLISION', 'family "own_latency_seconds_sum" collides with the samples of the gateway\'s own summary "own_latency_seconds"'],
      ['E_OWN_TYPE_CONFLICT', 'family "own_requests_total" is untyped in the pushed groups but counter in the gateway\'s own metrics'],
    ]);
  });
});
