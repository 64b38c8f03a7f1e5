import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { GroupStore } from '../../src/merge/group-store.js';

const families = (text: string) => parse(text).families;
const put = { replace: true, now: 100 };
const post = { replace: false, now: 200 };

function pageValues(store: GroupStore): string[] {
  return store
    .page()
    .families.flatMap((f) => (f.metrics as Array<{ labels: string[]; value?: number }>).map((m) => `${f.name}{${m.labels.join(',')}} ${m.value}`));
}

describe('GroupStore', () => {
  it('PUT replaces the whole group, POST only the families it names', () => {
    const store = new GroupStore();
    expect(store.push(['job', 'j'], families('a 1\nb 2\n'), put).accepted).toBe(true);
    store.push(['job', 'j'], families('a{x="1"} 3\n'), post);
    expect(pageValues(store)).toEqual([
      'a{instance,,job,j,x,1} 3',
      'b{instance,,job,j} 2',
      'push_failure_time_seconds{instance,,job,j} 0',
      'push_time_seconds{instance,,job,j} 200',
    ]);
    store.push(['job', 'j'], families('c 4\n'), { replace: true, now: 300 });
    expect(pageValues(store)).toEqual(['c{instance,,job,j} 4', 'push_failure_time_seconds{instance,,job,j} 0', 'push_time_seconds{instance,,job,j} 300']);
  });

  it('refuses a type conflict and leaves the families as they were, recording the failure', () => {
    const store = new GroupStore();
    store.push(['job', 'ta'], families('# TYPE m counter\nm 1\n'), put);
    store.push(['job', 'tb'], families('other 1\n'), put);
    const result = store.push(['job', 'tb'], families('# TYPE m gauge\nm 2\n'), { replace: false, now: 150 });
    expect(result.accepted).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['E_TYPE_CONFLICT']);
    expect(pageValues(store)).toEqual([
      'm{instance,,job,ta} 1',
      'other{instance,,job,tb} 1',
      'push_failure_time_seconds{instance,,job,ta} 0',
      'push_failure_time_seconds{instance,,job,tb} 150',
      'push_time_seconds{instance,,job,ta} 100',
      'push_time_seconds{instance,,job,tb} 100',
    ]);
  });

  it('refuses timestamps even with the check off', () => {
    const store = new GroupStore();
    const result = store.push(['job', 'j'], families('a 1 1000\n'), { ...put, check: false });
    expect(result).toMatchObject({ accepted: false, diagnostics: [{ code: 'E_TIMESTAMP_NOT_ALLOWED', message: 'pushed metrics must not have timestamps' }] });
  });

  it('never jams: {job=dup,instance=""} next to {job=dup} is refused and creates no group', () => {
    const store = new GroupStore();
    store.push(['job', 'dup'], families('dup_metric 1\n'), put);
    const result = store.push(['job', 'dup', 'instance', ''], families('dup_metric 2\n'), put);
    expect(result.accepted).toBe(false);
    expect(store.list().map((g) => g.labels)).toEqual([['job', 'dup']]);
    expect(store.page().diagnostics).toEqual([]);
    // An unrelated push still goes through.
    expect(store.push(['job', 'other'], families('x 1\n'), put).accepted).toBe(true);
  });

  it('DELETE removes exactly one group', () => {
    const store = new GroupStore();
    store.push(['job', 'a'], families('x 1\n'), put);
    store.push(['job', 'a', 'instance', 'i'], families('x 2\n'), put);
    expect(store.delete(['job', 'a'])).toBe(true);
    expect(store.list().map((g) => g.labels)).toEqual([['job', 'a', 'instance', 'i']]);
  });
});
