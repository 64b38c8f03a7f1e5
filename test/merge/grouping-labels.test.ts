/** The served labels of a series: the one-pass merge equals the stable sort of its pairs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupingNames, seriesLabels, unsortedServedLabels, withGroupingLabels } from '../../src/merge/grouping-labels.js';
import { sortLabels } from '../../src/order.js';

const pairs = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'instance', 'job', 'x', 'é', '😀', '\uffff', 'A', ''), fc.constantFrom('', '1', 'v')), {
  maxLength: 5,
});

describe('grouping labels', () => {
  it('serve each series with the labels a stable sort of its own, the grouping ones and instance="" gives', () => {
    fc.assert(
      fc.property(pairs, pairs, fc.boolean(), fc.boolean(), (own, grouping, sortOwn, sortGrouping) => {
        const byName = (list: Array<[string, string]>) => list.slice().sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
        const labels = (sortOwn ? byName(own) : own).flat();
        // The grouping labels have distinct names.
        const unique = [...new Map(grouping).entries()];
        const group = (sortGrouping ? byName(unique) : unique).flat();
        const reference = sortLabels(unsortedServedLabels(labels, group, groupingNames(group)));
        expect(seriesLabels(labels, group)).toEqual(reference);
        const family = withGroupingLabels({ name: 'm', type: 'gauge', metrics: [{ labels, value: 1 }] }, group);
        expect(family.metrics[0].labels).toEqual(reference);
      }),
      { numRuns: 5000 },
    );
  });

  it('reuse the label array of the series a push replaces when the served labels are the same (and its own come in name order)', () => {
    fc.assert(
      fc.property(pairs, pairs, pairs, fc.boolean(), (own, grouping, earlier, sortOwn) => {
        const byName = (list: Array<[string, string]>) => list.slice().sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
        const labels = (sortOwn ? byName(own) : own).flat();
        // As a group keeps them: sorted by name in code point order.
        const group = sortLabels([...new Map(grouping).entries()].flat());
        const reference = sortLabels(unsortedServedLabels(labels, group, groupingNames(group)));
        // The series before: the same served labels (a copy), or those of other own labels.
        for (const before of [reference.slice(), seriesLabels(earlier.flat(), group)]) {
          const previous = { name: 'm', type: 'gauge' as const, metrics: [{ labels: before, value: 0 }] };
          const [metric] = withGroupingLabels({ name: 'm', type: 'gauge', metrics: [{ labels, value: 1 }] }, group, previous).metrics;
          expect(metric.labels).toEqual(reference);
          const same = before.length === reference.length && before.every((x, i) => x === reference[i]);
          // Own labels out of name order are sorted into a new array, as before.
          expect(metric.labels === before).toBe(same && sortLabels(labels) === labels);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
