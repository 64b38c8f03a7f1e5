/**
 * The merged page of a changing set of groups, kept up to date change by change: the
 * page `mergeGroups` (merge-groups.ts, the reference) gives for the same groups, with the
 * same families, series order, HELP choice and diagnostics in the same order, at a cost
 * that follows the change, not the store.
 *
 * Per family name it keeps the families of every group holding that name ("parts", in
 * merge order: grouping-key order of the groups, then the order of the families within a
 * group) and the merged series in page order, each with the part that serves it. A change
 * of one group replaces that group's parts of the names it had before and has after; their
 * series are found by binary search in page order (compareSortedLabels) and replaced in
 * place, or inserted and removed. Every group often holds the same family names, so a
 * re-merge per name would still cost the whole store.
 *
 * As in the full merge, a series whose label set is already served by an earlier part (a
 * duplicate) is held back and reported; a part whose type differs from the first part's
 * adds no series and is reported; HELP comes from the first part of the first part's
 * type that has one. When the first part's type changes, the name is merged again from
 * its parts (only possible for groups stored without the consistency check).
 *
 * A published page is never modified: the series array of a family handed out by `page()`
 * is copied before its next change, so a page being streamed out stays whole. The
 * families of names that did not change stay the same objects from page to page, and
 * their series the same objects from change to change (a renderer may cache by them).
 */
import type { Diagnostic } from '../diagnostics.js';
import { formatLabels, labelSetKey } from '../labels.js';
import { type Labels, type Metric, type MetricFamily, metricsOf } from '../model.js';
import { compareSortedLabels, compareStrings } from '../order.js';
import { suffixCollisions } from '../validate/identity-rules.js';
import { compareGroupOrder, type Group, groupName, groupOrderParts, sortedPairs } from './group.js';
import { withGroupingLabels } from './grouping-labels.js';
import { MergeCode, type MergeResult, nameCollision } from './merge-groups.js';
import { PUSH_FAILURE_TIME, PUSH_TIME, pushTimeFamilies } from './push-time.js';

/** What the merge keeps of a group; the same object for a grouping key as long as it exists. */
interface Member {
  /** The grouping key. */
  readonly key: string;
  /** How diagnostics name the group. */
  readonly name: string;
  /** What `compareGroupOrder` compares. */
  readonly order: readonly string[];
  /** The grouping labels, sorted by name. */
  readonly grouping: Labels;
  /** The group's parts by family name, each list in the group's order. */
  byName: Map<string, Part[]>;
}

/** One family of one group, with the grouping labels applied. */
interface Part {
  readonly member: Member;
  /** Index of the family in the group's merge order (its pushed families, then the push_* ones); follows the group's changes. */
  position: number;
  /** The family as the group holds it (for reuse when the group changes around it). */
  readonly source: MetricFamily;
  /** One of the group's push_* families, made anew for each merge. */
  readonly own: boolean;
  /** As served: the grouping labels applied, labels sorted. */
  readonly family: MetricFamily;
  /** Its TYPE or HELP conflict with the first part of its name, if any. */
  diagnostic?: Diagnostic;
  /** Where it was put in its name's parts: where it mostly still is. */
  at: number;
  /** Where its first series was served last: where it, or the same labels of the group's next push, mostly still is. */
  slot: number;
}

/** A series of a part, and where the part had it: merge order between parts of one group. */
interface Claim {
  part: Part;
  metric: Metric;
  index: number;
}

/** Series held back because an earlier part serves the same label set, in merge order. */
interface Duplicates {
  labels: Labels;
  claims: Claim[];
}

/** Everything merged under one family name. */
interface NameState {
  readonly name: string;
  /** In merge order; never empty (the name goes with its last part). */
  parts: Part[];
  /** The type of the first part: parts of another type add no series. */
  type: string;
  /** The merged series in page order: one per label set. */
  metrics: Metric[];
  /** The part serving each series of `metrics`. */
  owners: Part[];
  /** By labelSetKey. */
  duplicates: Map<string, Duplicates>;
  /** `metrics` is in a published page: copy it before a change. */
  published: boolean;
  /** `metrics` must be merged again from the parts. */
  stale: boolean;
  /** The first part of `type` with a HELP. */
  helpPart: Part | undefined;
  /** What the parts' diagnostics say of the first part and the HELP, to know when they must be made again. */
  diagnosticKey: [type: string, group: string, help: string | undefined, helpGroup: string | undefined];
  /** How many parts have a diagnostic. */
  diagnosticCount: number;
  /** How many parts are not of `type` (and so add no series). */
  otherTyped: number;
  /** The family of the last page; undefined once anything changed. */
  family: MetricFamily | undefined;
}

/** Above this many separate insertion or removal points, a family's arrays are rebuilt in one pass. */
const MAX_SPLICES = 8;
/** Above this many series inserted at once, too: a splice takes them as arguments, and the stack holds only so many. */
const MAX_SPLICED_SERIES = 4096;

export class IncrementalMerge {
  private readonly members = new Map<string, Member>();
  private readonly names = new Map<string, NameState>();
  /** The names, in page order. */
  private sortedNames: string[] = [];
  private cached: MergeResult | undefined;
  private lastDiagnostics: Diagnostic[] = [];
  /** Counts changes: what `otherOwner` looked up holds while it is the same. */
  private generation = 0;
  /** What the last `otherOwner` looked up, and where it found (or would have put) its series. */
  private readonly lookup: { name: string; self: string; generation: number; state: NameState | undefined; member: Member | undefined; at: number } = {
    name: '',
    self: '',
    generation: -1,
    state: undefined,
    member: undefined,
    at: -2,
  };
  /** The diagnostics of the last page no longer hold. */
  private diagnosticsChanged = true;
  /** New names are merged at the next page (or `settle`), not series by series. */
  private bulk = false;

  /**
   * Sets (or, undefined, removes) the group with this key. `served`: its families have
   * their grouping labels applied already (GroupStore keeps them so), and are the page's.
   */
  set(key: string, group: Group | undefined, served = false): void {
    this.generation++;
    const member = this.members.get(key);
    const before = member?.byName ?? new Map<string, Part[]>();
    let after = new Map<string, Part[]>();
    if (group !== undefined) {
      const current = member ?? newMember(key, group);
      after = partsOf(current, group, before, served);
      current.byName = after;
      if (member === undefined) this.members.set(key, current);
    } else if (member !== undefined) {
      this.members.delete(key);
    }
    for (const [name, parts] of before) this.update(name, parts, after.get(name) ?? []);
    for (const [name, parts] of after) if (!before.has(name)) this.update(name, [], parts);
  }

  clear(): void {
    this.generation++;
    this.members.clear();
    this.names.clear();
    this.sortedNames = [];
    this.cached = undefined;
    this.diagnosticsChanged = true;
  }

  /** Runs `change` merging each family name once at its end, not series by series (a restore). */
  batch(change: () => void): void {
    this.bulk = true;
    try {
      change();
    } finally {
      this.bulk = false;
      this.settle();
    }
  }

  /** The merged page; the same object until the groups change. Callers must not modify it. */
  page(): MergeResult {
    if (this.cached !== undefined) return this.cached;
    this.settle();
    const families: MetricFamily[] = [];
    for (const name of this.sortedNames) families.push(this.familyOf(this.names.get(name)!));
    const diagnostics = this.diagnosticsChanged ? this.diagnostics() : this.lastDiagnostics;
    this.lastDiagnostics = diagnostics;
    this.diagnosticsChanged = false;
    this.cached = { families, diagnostics };
    return this.cached;
  }

  /**
   * A group (its key) other than `self` holding this label set (sorted by name, as served)
   * in a family of this name, of whatever type: the one the page serves it from first.
   */
  otherOwner(name: string, labels: Labels, self: string): string | undefined {
    // The calls for one pushed family come one after another: what they share is looked up once.
    const look = this.lookup;
    if (look.name !== name || look.self !== self || look.generation !== this.generation) {
      look.name = name;
      look.self = self;
      look.generation = this.generation;
      look.state = this.names.get(name);
      look.member = this.members.get(self);
      look.at = -2;
    }
    const state = look.state;
    if (state === undefined) return undefined;
    if (state.stale) rebuild(state);
    const metrics = state.metrics;
    // A pushed family's series mostly follow one another on the page, where the group's
    // last push of it put them: try next to the last one, or there, first.
    const there = look.at === -2 ? (look.member?.byName.get(name)?.[0].slot ?? -1) : look.at + 1;
    let at = servesAt(metrics, there, labels) ? there : -1;
    if (at < 0) {
      const bound = lowerBound(metrics, labels);
      if (servesAt(metrics, bound, labels)) {
        at = bound;
        // Found the hard way: remembered where the owner's first series is, for its next change.
        const owner = state.owners[at];
        if (metrics[at] === owner.family.metrics[0]) owner.slot = at;
      }
      look.at = at < 0 ? bound - 1 : at;
    } else look.at = at;
    if (at >= 0) {
      const owner = state.owners[at].member;
      if (owner !== look.member) return owner.key;
      if (state.duplicates.size > 0) {
        for (const claim of state.duplicates.get(labelSetKey(labels))?.claims ?? []) if (claim.part.member !== look.member) return claim.part.member.key;
      }
    }
    // Parts of another type than the first part's serve nothing, but hold their series all the same.
    if (state.otherTyped > 0) {
      for (const part of state.parts) {
        if (part.family.type === state.type || part.member === look.member) continue;
        for (const metric of metricsOf(part.family)) if (compareSortedLabels(metric.labels, labels) === 0) return part.member.key;
      }
    }
    return undefined;
  }

  private settle(): void {
    for (const state of this.names.values()) if (state.stale) rebuild(state);
  }

  /** Replaces `before` (one group's parts of this name) by `after`. */
  private update(name: string, before: Part[], after: Part[]): void {
    if (before.length === after.length && before.every((p, i) => p === after[i])) return;
    this.cached = undefined;
    let state = this.names.get(name);
    if (state === undefined) {
      state = newState(name, after[0].family.type, this.bulk);
      this.names.set(name, state);
      this.sortedNames.splice(upperBound(this.sortedNames, name), 0, name);
      this.diagnosticsChanged = true;
    }
    state.family = undefined;
    const firstBefore = state.parts[0];
    replaceParts(state.parts, before, after);
    if (state.parts.length === 0) {
      this.names.delete(name);
      this.sortedNames.splice(upperBound(this.sortedNames, name) - 1, 1);
      this.diagnosticsChanged = true;
      return;
    }
    const first = state.parts[0];
    const typeChanged = first.family.type !== state.type;
    if (first !== firstBefore) this.diagnosticsChanged = true;
    if (typeChanged) {
      state.type = first.family.type;
      state.stale = true;
    } else if (!state.stale) {
      const type = state.type;
      if (
        this.replaceSeries(
          state,
          before.filter((p) => p.family.type === type),
          after.filter((p) => p.family.type === type),
        )
      )
        this.diagnosticsChanged = true;
    }
    this.updateDiagnostics(state, before, after, typeChanged);
  }

  /** Swaps the series of `removed` for those of `added` (parts of one group); true when duplicates changed. */
  private replaceSeries(state: NameState, removed: Part[], added: Part[]): boolean {
    if (removed.length === 1 && added.length === 1 && state.duplicates.size === 0 && replaceInPlace(state, removed[0], added[0])) return false;
    let duplicatesChanged = false;
    // Removals first: a series held back behind a removed one takes its place.
    const dead: number[] = [];
    for (const part of removed) {
      for (const metric of metricsOf(part.family)) {
        const at = find(state.metrics, metric.labels);
        if (state.owners[at] === part && state.metrics[at] === metric) {
          const held = state.duplicates.size === 0 ? undefined : state.duplicates.get(labelSetKey(metric.labels));
          if (held === undefined) {
            dead.push(at);
            continue;
          }
          const next = held.claims.shift()!;
          if (held.claims.length === 0) state.duplicates.delete(labelSetKey(metric.labels));
          writable(state);
          state.metrics[at] = next.metric;
          state.owners[at] = next.part;
        } else {
          const key = labelSetKey(metric.labels);
          const held = state.duplicates.get(key)!;
          held.claims.splice(
            held.claims.findIndex((c) => c.metric === metric && c.part === part),
            1,
          );
          if (held.claims.length === 0) state.duplicates.delete(key);
        }
        duplicatesChanged = true;
      }
    }
    if (dead.length > 0) removeAt(state, dead);
    // Then insertions, in label order so that each lands after the previous one.
    const claims: Claim[] = [];
    for (const part of added) claimsOf(part, claims);
    claims.sort((a, b) => compareSortedLabels(a.metric.labels, b.metric.labels));
    const inserts: Array<{ at: number; claim: Claim }> = [];
    let previous: Claim | undefined;
    for (const claim of claims) {
      if (previous !== undefined && compareSortedLabels(previous.metric.labels, claim.metric.labels) === 0) {
        // A repeat, within this group, of a label set it adds: held back behind the first.
        hold(state, claim);
        duplicatesChanged = true;
        continue;
      }
      const at = lowerBound(state.metrics, claim.metric.labels);
      if (at < state.metrics.length && compareSortedLabels(state.metrics[at].labels, claim.metric.labels) === 0) {
        contest(state, at, claim);
        duplicatesChanged = true;
        previous = undefined;
        continue;
      }
      inserts.push({ at, claim });
      previous = claim;
    }
    if (inserts.length > 0) insertAt(state, inserts);
    return duplicatesChanged;
  }

  /** The HELP part and the TYPE/HELP conflicts of the parts, after `before` became `after`. */
  private updateDiagnostics(state: NameState, before: Part[], after: Part[], typeChanged: boolean): void {
    const type = state.type;
    const help = state.helpPart;
    const changed = after[0] ?? before[0];
    if (typeChanged || (help !== undefined && (before.includes(help) || compareParts(changed, help) < 0))) {
      state.helpPart = state.parts.find((p) => p.family.type === type && p.family.help !== undefined);
    } else if (help === undefined) {
      state.helpPart = after.find((p) => p.family.type === type && p.family.help !== undefined);
    }
    const helpPart = state.helpPart;
    const first = state.parts[0];
    const key = state.diagnosticKey;
    if (key[0] !== type || key[1] !== first.member.name || key[2] !== helpPart?.family.help || key[3] !== helpPart?.member.name) {
      state.diagnosticKey = [type, first.member.name, helpPart?.family.help, helpPart?.member.name];
      if (state.diagnosticCount > 0) this.diagnosticsChanged = true;
      state.diagnosticCount = 0;
      state.otherTyped = 0;
      for (const part of state.parts) this.diagnose(state, part);
      return;
    }
    for (const part of before) {
      if (part.family.type !== type) state.otherTyped--;
      if (part.diagnostic !== undefined) {
        state.diagnosticCount--;
        this.diagnosticsChanged = true;
      }
    }
    for (const part of after) this.diagnose(state, part);
  }

  /** Sets the part's TYPE or HELP conflict with the first part of its name, as `mergeGroups` words it. */
  private diagnose(state: NameState, part: Part): void {
    const family = part.family;
    const group = part.member.name;
    let diagnostic: Diagnostic | undefined;
    if (family.type !== state.type) {
      state.otherTyped++;
      diagnostic = {
        code: MergeCode.TYPE_CONFLICT,
        severity: 'error',
        message: `family ${JSON.stringify(family.name)} is ${family.type} in group ${group} but ${state.type} in group ${state.parts[0].member.name}`,
        line: family.line ?? 0,
        column: 1,
        family: family.name,
        group,
      };
    } else if (family.help !== undefined && state.helpPart !== undefined && family.help !== state.helpPart.family.help) {
      diagnostic = {
        code: MergeCode.HELP_CONFLICT,
        severity: 'info',
        message: `family ${JSON.stringify(family.name)} has a different HELP in group ${group}; the HELP of group ${state.helpPart.member.name} is served`,
        line: family.line ?? 0,
        column: 1,
        family: family.name,
        group,
      };
    }
    if (diagnostic !== undefined || part.diagnostic !== undefined) this.diagnosticsChanged = true;
    part.diagnostic = diagnostic;
    if (diagnostic !== undefined) state.diagnosticCount++;
  }

  private familyOf(state: NameState): MetricFamily {
    if (state.family !== undefined) return state.family;
    const first = state.parts[0].family;
    const family = { ...first, metrics: state.metrics } as MetricFamily;
    if (first.help === undefined && state.helpPart !== undefined) family.help = state.helpPart.family.help;
    state.published = true;
    state.family = family;
    return family;
  }

  /** The diagnostics in `mergeGroups`'s order: TYPE and HELP conflicts, duplicate series, name collisions. */
  private diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const conflicted: Part[] = [];
    for (const state of this.names.values()) {
      if (state.diagnosticCount === 0) continue;
      for (const part of state.parts) if (part.diagnostic !== undefined) conflicted.push(part);
    }
    conflicted.sort(compareParts);
    for (const part of conflicted) out.push(part.diagnostic!);
    // The full merge meets the names in the merge order of their first parts.
    const states = [...this.names.values()].sort((a, b) => compareParts(a.parts[0], b.parts[0]));
    for (const state of states) {
      if (state.duplicates.size === 0) continue;
      const held = [...state.duplicates.values()].sort((a, b) => compareSortedLabels(a.labels, b.labels));
      for (const { labels, claims } of held) {
        const first = state.owners[find(state.metrics, labels)].member.name;
        for (const { part, metric } of claims) {
          const group = part.member.name;
          out.push({
            code: MergeCode.DUPLICATE_SERIES,
            severity: 'error',
            message: `series ${state.name}${formatLabels(metric.labels)} of group ${group} was collected before with the same name and label values (group ${first})`,
            line: metric.line ?? 0,
            column: 1,
            family: state.name,
            group,
          });
        }
      }
    }
    const families = states.map((state) => this.familyOf(state));
    for (const [owner, other] of suffixCollisions(families)) {
      out.push(nameCollision(owner, this.names.get(owner.name)!.parts[0].member.name, other, this.names.get(other.name)!.parts[0].member.name));
    }
    return out;
  }
}

function newMember(key: string, group: Group): Member {
  return { key, name: groupName(group.labels), order: groupOrderParts(group.labels), grouping: sortedPairs(group.labels).flat(), byName: new Map() };
}

function newState(name: string, type: string, stale: boolean): NameState {
  return {
    name,
    parts: [],
    type,
    metrics: [],
    owners: [],
    duplicates: new Map(),
    published: false,
    stale,
    helpPart: undefined,
    diagnosticKey: ['', '', undefined, undefined],
    diagnosticCount: 0,
    otherTyped: 0,
    family: undefined,
  };
}

/**
 * The group's parts by name, in `mergeGroups`'s order: its pushed families, then its
 * push_* ones (which replace any pushed under those names); families without series add
 * nothing. A part whose family did not change (the same object, or the same push time)
 * is kept, grouping labels and all, at its new position.
 */
function partsOf(member: Member, group: Group, before: Map<string, Part[]>, served: boolean): Map<string, Part[]> {
  const pushTimes = pushTimeFamilies(group);
  const pushed = pushTimes.length > 0 ? group.families.filter((f) => f.name !== PUSH_TIME && f.name !== PUSH_FAILURE_TIME) : group.families;
  const list = [...pushed, ...pushTimes];
  const byName = new Map<string, Part[]>();
  for (let position = 0; position < list.length; position++) {
    const source = list[position];
    if (source.metrics.length === 0) continue;
    const own = position >= pushed.length;
    // A family the group keeps is the same part, even where the change moved it (a POST
    // takes a family out of the middle): its series need not be looked at again.
    const old = before.get(source.name)?.find((p) => p.own === own && sameSource(p.source, source, own));
    if (old !== undefined) old.position = position;
    const part = old ?? { member, position, source, own, at: 0, slot: -1, family: own || !served ? withGroupingLabels(source, member.grouping) : source };
    const parts = byName.get(source.name);
    if (parts === undefined) byName.set(source.name, [part]);
    else parts.push(part);
  }
  return byName;
}

/** The same family: the same object, or for a push_* family (made anew each time) the same value. */
function sameSource(old: MetricFamily, family: MetricFamily, own: boolean): boolean {
  if (old === family) return true;
  if (!own) return false;
  const [a] = old.metrics as Array<{ value?: number }>;
  const [b] = family.metrics as Array<{ value?: number }>;
  return Object.is(a.value, b.value);
}

/** Merge order of two parts: grouping-key order of their groups, then their order in the group. */
function compareParts(a: Part, b: Part): number {
  return a.member === b.member ? a.position - b.position : compareGroupOrder(a.member.order, b.member.order) || a.position - b.position;
}

function compareClaims(a: Claim, b: Claim): number {
  return compareParts(a.part, b.part) || a.index - b.index;
}

/** Swaps one group's parts of a name: they sit together, where the group's key sorts. */
function replaceParts(parts: Part[], before: Part[], after: Part[]): void {
  let lo = before.length > 0 && parts[before[0].at] === before[0] ? before[0].at : -1;
  if (lo < 0) {
    const order = (before[0] ?? after[0]).member.order;
    lo = 0;
    let hi = parts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareGroupOrder(parts[mid].member.order, order) < 0) lo = mid + 1;
      else hi = mid;
    }
  }
  if (before.length === 1 && after.length === 1) parts[lo] = after[0];
  else parts.splice(lo, before.length, ...after);
  for (let i = 0; i < after.length; i++) after[i].at = lo + i;
}

/** The usual push: the same label sets with new values, each series still the one served. Nothing is changed when it is not that. */
function replaceInPlace(state: NameState, removed: Part, added: Part): boolean {
  const old = metricsOf(removed.family);
  const now = metricsOf(added.family);
  if (old.length !== now.length) return false;
  const at: number[] = [];
  let index = -1;
  for (let i = 0; i < old.length; i++) {
    if (compareSortedLabels(old[i].labels, now[i].labels) !== 0) return false;
    // A group's series of a family often sit side by side, in its order: try the next one first.
    const hint = i === 0 ? removed.slot : index + 1;
    index = state.metrics[hint] === old[i] ? hint : find(state.metrics, old[i].labels);
    if (state.owners[index] !== removed || state.metrics[index] !== old[i]) return false;
    at.push(index);
  }
  writable(state);
  for (let i = 0; i < at.length; i++) {
    state.metrics[at[i]] = now[i];
    state.owners[at[i]] = added;
  }
  added.slot = at[0];
  return true;
}

/** A series of `claim`'s label set is served already: the earlier of the two (and those held back) is served. */
function contest(state: NameState, at: number, claim: Claim): void {
  const part = state.owners[at];
  const metric = state.metrics[at];
  const key = labelSetKey(metric.labels);
  const held = state.duplicates.get(key);
  const all = [{ part, metric, index: metricsOf(part.family).indexOf(metric) }, ...(held?.claims ?? []), claim].sort(compareClaims);
  writable(state);
  state.metrics[at] = all[0].metric;
  state.owners[at] = all[0].part;
  state.duplicates.set(key, { labels: all[0].metric.labels, claims: all.slice(1) });
}

/** Holds a claim back behind an earlier one of its label set (it comes after every claim held so far). */
function hold(state: NameState, claim: Claim): void {
  const key = labelSetKey(claim.metric.labels);
  const held = state.duplicates.get(key);
  if (held === undefined) state.duplicates.set(key, { labels: claim.metric.labels, claims: [claim] });
  else held.claims.push(claim);
}

/** Copies the published series before they change. */
function writable(state: NameState): void {
  if (!state.published) return;
  state.metrics = state.metrics.slice();
  state.published = false;
}

/** Removes the series at these indexes (each once). */
function removeAt(state: NameState, dead: number[]): void {
  dead.sort((a, b) => a - b);
  if (dead.length <= MAX_SPLICES) {
    writable(state);
    for (let i = dead.length - 1; i >= 0; i--) {
      state.metrics.splice(dead[i], 1);
      state.owners.splice(dead[i], 1);
    }
    return;
  }
  const metrics: Metric[] = [];
  const owners: Part[] = [];
  let next = 0;
  for (let i = 0; i < state.metrics.length; i++) {
    if (i === dead[next]) {
      next++;
      continue;
    }
    metrics.push(state.metrics[i]);
    owners.push(state.owners[i]);
  }
  state.metrics = metrics;
  state.owners = owners;
  state.published = false;
}

/** Inserts new series, each before the series now at `at` (`at` ascending). */
function insertAt(state: NameState, inserts: Array<{ at: number; claim: Claim }>): void {
  // Each lands after those inserted before it.
  for (let k = 0; k < inserts.length; k++) if (inserts[k].claim.index === 0) inserts[k].claim.part.slot = inserts[k].at + k;
  let runs = 1;
  for (let i = 1; i < inserts.length; i++) if (inserts[i].at !== inserts[i - 1].at) runs++;
  if (runs <= MAX_SPLICES && inserts.length <= MAX_SPLICED_SERIES) {
    writable(state);
    for (let end = inserts.length; end > 0; ) {
      let start = end - 1;
      while (start > 0 && inserts[start - 1].at === inserts[end - 1].at) start--;
      const run = inserts.slice(start, end);
      state.metrics.splice(run[0].at, 0, ...run.map((r) => r.claim.metric));
      state.owners.splice(run[0].at, 0, ...run.map((r) => r.claim.part));
      end = start;
    }
    return;
  }
  const metrics: Metric[] = [];
  const owners: Part[] = [];
  let next = 0;
  for (let i = 0; i <= state.metrics.length; i++) {
    for (; next < inserts.length && inserts[next].at === i; next++) {
      metrics.push(inserts[next].claim.metric);
      owners.push(inserts[next].claim.part);
    }
    if (i < state.metrics.length) {
      metrics.push(state.metrics[i]);
      owners.push(state.owners[i]);
    }
  }
  state.metrics = metrics;
  state.owners = owners;
  state.published = false;
}

/** Merges a name again from its parts, as `mergeGroups` does: a stable sort by label set, repeats held back. */
function rebuild(state: NameState): void {
  const claims: Claim[] = [];
  for (const part of state.parts) {
    if (part.family.type !== state.type) continue;
    claimsOf(part, claims);
  }
  const order = claims.map((_, i) => i);
  order.sort((a, b) => compareSortedLabels(claims[a].metric.labels, claims[b].metric.labels) || a - b);
  const metrics: Metric[] = [];
  const owners: Part[] = [];
  state.duplicates = new Map();
  for (const i of order) {
    const claim = claims[i];
    const last = metrics[metrics.length - 1];
    if (last !== undefined && compareSortedLabels(last.labels, claim.metric.labels) === 0) hold(state, claim);
    else {
      metrics.push(claim.metric);
      owners.push(claim.part);
    }
  }
  state.metrics = metrics;
  state.owners = owners;
  state.published = false;
  state.stale = false;
}

/** Adds the part's series to `claims`, in its order. */
function claimsOf(part: Part, claims: Claim[]): void {
  const metrics = metricsOf(part.family);
  for (let index = 0; index < metrics.length; index++) claims.push({ part, metric: metrics[index], index });
}

/** The first index whose series does not sort before `labels`. */
function lowerBound(metrics: readonly Metric[], labels: Labels): number {
  let lo = 0;
  let hi = metrics.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSortedLabels(metrics[mid].labels, labels) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the series at `at` (any number) has exactly these labels. */
function servesAt(metrics: readonly Metric[], at: number, labels: Labels): boolean {
  return at >= 0 && at < metrics.length && compareSortedLabels(metrics[at].labels, labels) === 0;
}

/** The index of the series with exactly these labels (it must be there). */
function find(metrics: readonly Metric[], labels: Labels): number {
  return lowerBound(metrics, labels);
}

/** The index after every name that sorts before or equal to `name`. */
function upperBound(names: readonly string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStrings(names[mid], name) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
