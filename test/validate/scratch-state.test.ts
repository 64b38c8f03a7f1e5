/**
 * Scratch state that rules reuse from call to call (the duplicate-series index) must not
 * outlive a call that throws, nor be shared with a call made from inside a rule: the
 * gateway validates every push, and one bad payload must not change the next one's result.
 */
import { describe, expect, it } from 'vitest';
import type { Metric, MetricFamily } from '../../src/model.js';
import { RULES, validate } from '../../src/validate/validate.js';

/** A counter family every rule accepts: one series per label set given. */
function counter(...paths: string[]): MetricFamily {
  return {
    name: 'requests_total',
    type: 'counter',
    help: 'Requests served.',
    line: 1,
    metrics: paths.map((path, k) => ({ labels: ['path', path], value: 1, line: 3 + k })),
  };
}

/** A metric whose `labels` throws when read: it fails a rule after the metrics before it were indexed. */
function metricWithThrowingLabels(line: number): Metric {
  return {
    value: 1,
    line,
    get labels(): string[] {
      throw new Error('labels unreadable');
    },
  };
}

// Only the duplicate-series rule runs in the poisoning call, so the throw happens inside it.
const onlyDuplicateSeries = { disable: RULES.map((r) => r.code).filter((code) => code !== 'E_DUPLICATE_SERIES') };

describe('validate after a rule threw', () => {
  it('reports nothing for a clean payload', () => {
    const bad = counter('/a', '/b');
    (bad.metrics as Metric[]).push(metricWithThrowingLabels(5));
    expect(() => validate([bad], onlyDuplicateSeries)).toThrow('labels unreadable');

    expect(validate([counter('/a', '/b')])).toEqual([]);
  });

  it('reports a real duplicate exactly once', () => {
    const bad = counter('/a');
    (bad.metrics as Metric[]).push(metricWithThrowingLabels(4));
    expect(() => validate([bad], onlyDuplicateSeries)).toThrow('labels unreadable');

    expect(validate([counter('/a', '/b', '/a')])).toEqual([
      {
        code: 'E_DUPLICATE_SERIES',
        severity: 'error',
        message:
          'series requests_total{path="/a"} appears twice (first at line 3); Pushgateway rejects it as collected before with the same name and label values',
        line: 5,
        column: 1,
        family: 'requests_total',
      },
    ]);
  });

  it('reports nothing after a throw while reporting a duplicate', () => {
    // The duplicate's first sighting throws when its line is read for the message.
    const bad = counter('/a', '/a');
    Object.defineProperty(bad.metrics[0], 'line', {
      get() {
        throw new Error('line unreadable');
      },
    });
    expect(() => validate([bad], onlyDuplicateSeries)).toThrow('line unreadable');

    expect(validate([counter('/a', '/b')])).toEqual([]);
  });
});

describe('validate called from inside a rule', () => {
  it('gives the inner and the outer call each their own findings', () => {
    // A getter that validates another payload while the outer call's index is filled.
    let inner: unknown;
    const reentrant: Metric = {
      value: 1,
      line: 4,
      get labels(): string[] {
        inner ??= validate([counter('/a')]);
        return ['path', '/b'];
      },
    };
    const outer = counter('/a');
    (outer.metrics as Metric[]).push(reentrant, { labels: ['path', '/a'], value: 1, line: 5 });

    const codes = validate([outer]).map((d) => [d.code, d.line]);

    expect(inner).toEqual([]);
    expect(codes).toEqual([['E_DUPLICATE_SERIES', 5]]);
  });
});
