/**
 * Pushgateway's sanitizing of a pushed family: every series gets every grouping label
 * (the URL's value wins over the body's), `instance=""` when it still has no instance,
 * and its labels sorted by name.
 */
import { type Labels, type MetricFamily, metricsOf } from '../model.js';
import { compareStrings, sortLabels } from '../order.js';

/**
 * The family as the group serves it. `previous`, the family it replaces (served too): a
 * series whose served labels are those of the previous series at its place takes that
 * series' label array, so that a push of new values keeps no new labels alive (the usual
 * push: the garbage collector then copies a value, not a label set, per series) and what
 * compares label sets finds them identical at once.
 */
export function withGroupingLabels(family: MetricFamily, grouping: Labels, previous?: MetricFamily): MetricFamily {
  const overridden = groupingNames(grouping);
  const before = previous === undefined ? [] : metricsOf(previous);
  const ordered = inNameOrder(grouping);
  const metrics = metricsOf(family).map((m, i) => {
    const old = i < before.length ? before[i].labels : undefined;
    const same = old !== undefined && ordered && inNameOrder(m.labels) && servedAs(m.labels, grouping, overridden, old);
    return { ...m, labels: same ? old : servedLabels(m.labels, grouping, overridden) };
  });
  const served = { ...family, name: shared(family.name), metrics } as MetricFamily;
  if (family.help !== undefined) served.help = shared(family.help);
  return served;
}

/** The labels a series is served with inside a group: a new array, sorted by name. */
export function seriesLabels(labels: Labels, grouping: Labels): Labels {
  return servedLabels(labels, grouping, groupingNames(grouping));
}

/** The names of the grouping labels, for lookups that stay O(1) however many a push URL has. */
export function groupingNames(grouping: Labels): ReadonlySet<string> {
  const names = new Set<string>();
  for (let i = 0; i < grouping.length; i += 2) names.add(grouping[i]);
  return names;
}

/**
 * The served labels, unsorted: the series' own labels less those the grouping overrides,
 * the grouping labels, and `instance=""` when neither has an instance. Linear in the labels.
 */
export function unsortedServedLabels(labels: Labels, grouping: Labels, overridden: ReadonlySet<string>): Labels {
  const out: Labels = [];
  let instance = overridden.has('instance');
  for (let i = 0; i < labels.length; i += 2) {
    if (overridden.has(labels[i])) continue;
    out.push(labels[i], labels[i + 1]);
    if (labels[i] === 'instance') instance = true;
  }
  for (let i = 0; i < grouping.length; i++) out.push(grouping[i]);
  if (!instance) out.push('instance', '');
  return out;
}

// Sorting is n log n (a series may carry 100,000 labels), and free when already in order.
// The usual series has its own labels in name order, as the grouping labels of a merge
// are: then merging the two (and `instance`) is what the stable sort of their
// concatenation gives, in one pass and without the pairs a sort needs.
function servedLabels(labels: Labels, grouping: Labels, overridden: ReadonlySet<string>): Labels {
  if (!inNameOrder(labels) || !inNameOrder(grouping)) {
    const sorted = sortLabels(unsortedServedLabels(labels, grouping, overridden));
    for (let i = 0; i < sorted.length; i++) sorted[i] = shared(sorted[i]);
    return sorted;
  }
  let size = grouping.length;
  let instance = overridden.has('instance');
  for (let i = 0; i < labels.length; i += 2) {
    if (overridden.has(labels[i])) continue;
    size += 2;
    if (labels[i] === 'instance') instance = true;
  }
  // Exactly as long as it is: a page holds one of these per series.
  const out: Labels = new Array(instance ? size : size + 2);
  let n = 0;
  let g = 0;
  // `instance=""` comes last in the concatenation, and no other pair has its name: it
  // goes before the first name that sorts after it.
  let pending = !instance;
  for (let i = 0; i <= labels.length; i += 2) {
    const name = i < labels.length ? labels[i] : undefined;
    if (name !== undefined && overridden.has(name)) continue;
    // Ties keep the series' own pair first, as a stable sort of [own..., grouping...] would.
    for (; g < grouping.length && (name === undefined || compareStrings(grouping[g], name) < 0); g += 2) {
      if (pending && compareStrings('instance', grouping[g]) < 0) {
        out[n++] = 'instance';
        out[n++] = '';
        pending = false;
      }
      out[n++] = grouping[g];
      out[n++] = grouping[g + 1];
    }
    if (name === undefined) break;
    if (pending && compareStrings('instance', name) < 0) {
      out[n++] = 'instance';
      out[n++] = '';
      pending = false;
    }
    out[n++] = shared(name);
    out[n++] = shared(labels[i + 1]);
  }
  if (pending) {
    out[n++] = 'instance';
    out[n++] = '';
  }
  return out;
}

/**
 * Label names and values, family names and HELP texts repeat across series and groups
 * (`le`, `code="200"`, a series name in every group): a stored series keeps one shared
 * string for each, not the copy its parse made, so that a big store holds (and the garbage
 * collector marks) a string per distinct text. Bounded: past the limit the table starts
 * over. Every string kept is detached from the push body it was cut from.
 */
const SHARED_LIMIT = 1 << 16;
const SHARED_LENGTH = 256;
const sharedStrings = new Map<string, string>();

function shared(text: string): string {
  if (text.length > SHARED_LENGTH) return detached(text);
  const known = sharedStrings.get(text);
  if (known !== undefined) return known;
  if (sharedStrings.size >= SHARED_LIMIT) sharedStrings.clear();
  const own = detached(text);
  sharedStrings.set(own, own);
  return own;
}

/**
 * The text, holding nothing else alive. The parser cuts names, values and HELP texts out
 * of the body as V8 "sliced strings", each of which keeps the whole body alive (a store of
 * 10,000 groups held every group's last body). Of 13 characters or more a slice of a
 * concatenation is a slice of a new flat copy of it; shorter ones are copied already.
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/**
 * Whether `servedLabels` of these (both in name order) would equal `served`, without
 * making the array: the same merge, comparing each pair where it would write it.
 */
function servedAs(labels: Labels, grouping: Labels, overridden: ReadonlySet<string>, served: Labels): boolean {
  let n = 0;
  let g = 0;
  let pending = !overridden.has('instance');
  for (let i = 0; i < labels.length; i += 2) if (labels[i] === 'instance' && !overridden.has('instance')) pending = false;
  for (let i = 0; i <= labels.length; i += 2) {
    const name = i < labels.length ? labels[i] : undefined;
    if (name !== undefined && overridden.has(name)) continue;
    for (; g < grouping.length && (name === undefined || compareStrings(grouping[g], name) < 0); g += 2) {
      if (pending && compareStrings('instance', grouping[g]) < 0) {
        if (served[n++] !== 'instance' || served[n++] !== '') return false;
        pending = false;
      }
      if (served[n++] !== grouping[g] || served[n++] !== grouping[g + 1]) return false;
    }
    if (name === undefined) break;
    if (pending && compareStrings('instance', name) < 0) {
      if (served[n++] !== 'instance' || served[n++] !== '') return false;
      pending = false;
    }
    if (served[n++] !== name || served[n++] !== labels[i + 1]) return false;
  }
  if (pending && (served[n++] !== 'instance' || served[n++] !== '')) return false;
  return n === served.length;
}

function inNameOrder(labels: Labels): boolean {
  for (let i = 2; i < labels.length; i += 2) if (compareStrings(labels[i - 2], labels[i]) > 0) return false;
  return true;
}
