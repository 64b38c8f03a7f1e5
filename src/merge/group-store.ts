/**
 * The groups a gateway holds, and the push/delete operations on them with Pushgateway's
 * semantics: PUT replaces the whole group, POST only the families it names, DELETE
 * removes one group. Each family remembers when it was last pushed (the API's
 * `time_stamp`, the UI's "last pushed"), push_* families included.
 *
 * With the consistency check on, a push is refused when its families (with the grouping
 * labels applied) would make the merged page invalid: a TYPE that differs from another
 * group's, a series another group (or the push itself) already has, a `_count`/`_sum`/
 * `_bucket` name colliding with a summary or histogram, the push_* series of the group
 * that differs only by `instance=""`, or a clash with the reserved group, the host's own
 * families (reserved-group.ts: a pushed `process_cpu_seconds_total` must be a counter).
 * Pushgateway finds these by merging the whole store on every push; here a type index by
 * family name, which holds the reserved group's families too, and the merged page itself
 * (a series another group serves is found there by binary search) answer them, so a push
 * costs what it carries, not what the store holds.
 *
 * The merged page (`page`) is kept up to date change by change (incremental-merge.ts): it
 * is always what merge-groups.ts's `mergeGroups` gives for the groups, with the reserved
 * group's current families joined in front. A group's families are kept as served, with
 * the grouping labels applied (as Pushgateway keeps them, and idempotent): the page's
 * series are the very objects the group holds.
 *
 * A refused push leaves every family exactly as it was. Pushgateway's failure path can
 * create a group that jams every later scrape and push (the `{job=x}` next to
 * `{job=x,instance=""}` case); here a failure creates a group only where that adds no
 * conflict. Families a client pushes as `push_time_seconds` or `push_failure_time_seconds`
 * are ignored: those two are the store's.
 */
import type { Code, Diagnostic } from '../diagnostics.js';
import { formatLabels } from '../labels.js';
import { type Labels, type Metric, type MetricFamily, metricsOf } from '../model.js';
import { compareSortedLabels } from '../order.js';
import { GATEWAY_REFUSAL_RULES } from '../validate/gateway-rules.js';
import { validate } from '../validate/validate.js';
import { ExpiryQueue } from './expiry-queue.js';
import { compareGroupOrder, type Group, groupKey, groupName, groupOrderParts, sortedPairs } from './group.js';
import { seriesLabels, withGroupingLabels } from './grouping-labels.js';
import { IncrementalMerge } from './incremental-merge.js';
import { MergeCode, type MergeResult } from './merge-groups.js';
import { PUSH_FAILURE_TIME, PUSH_TIME } from './push-time.js';
import { type StoreUsage, sizeOf } from './store-usage.js';
import { OwnCode, type ReservedFamily, withReservedGroup } from './reserved-group.js';

export interface PushOptions {
  /** PUT (true) replaces the group; POST (false) replaces only the pushed families. */
  replace: boolean;
  /** Unix seconds of the request. */
  now: number;
  /** Check the push for conflicts (the default); off answers like Pushgateway's 202. */
  check?: boolean;
  /** Also refuse pushes that break any validation rule of severity error (histogram structure etc.). */
  strict?: boolean;
  /**
   * Unix seconds when the group expires (its TTL after this push); absent: never. An
   * accepted push sets the group's expiry to this, replacing the last one's; a refused push
   * leaves it as it was (a group a refused push creates gets it).
   */
  expiresAt?: number;
}

export interface PushResult {
  accepted: boolean;
  /** Why it was refused (empty when accepted): what a 400 answer lists. */
  errors: Diagnostic[];
  /** The errors, then the payload's other errors the store tolerates (without `strict`). */
  diagnostics: Diagnostic[];
}

/** A group as the store holds it: its families as served (grouping labels applied, labels sorted by name). */
export interface StoredGroup extends Group {
  pushTimeSeconds: number;
  pushFailureTimeSeconds: number;
  /** Unix seconds of the request that last wrote each family, push_* families included. */
  pushedAt: Map<string, number>;
  /** Unix seconds when the group expires (`PushOptions.expiresAt` of its last accepted push); absent: never. */
  expiresAt?: number;
}

export interface GroupStoreOptions {
  /** The reserved group's families (the host's own), by name. */
  reserved?: ReadonlyMap<string, ReservedFamily>;
}

const REFUSED_CODES = new Set<string>(GATEWAY_REFUSAL_RULES.map((rule) => rule.code));
/** The reserved group's key in the indexes: no label set's key (labels.ts) starts with a letter. */
const RESERVED = 'reserved';
const SUFFIXES = ['_count', '_sum', '_bucket'];

export class GroupStore {
  private readonly groups = new Map<string, StoredGroup>();
  /** The merged page of the current groups, kept up to date change by change (incremental-merge.ts). */
  private readonly merged = new IncrementalMerge();
  /** Family name -> type -> keys of the groups holding it so (`RESERVED` for the reserved group). */
  private readonly types = new Map<string, Map<string, Set<string>>>();
  private readonly reserved: ReadonlyMap<string, ReservedFamily>;
  /** The series and bytes of every group's families (store-usage.ts), kept change by change. */
  private readonly used: StoreUsage = { series: 0, bytes: 0 };
  /** What each group holds (by key): what its removal takes off `used`. */
  private readonly costs = new Map<string, StoreUsage>();
  /** The groups with an expiry time, earliest first. */
  private readonly expiries = new ExpiryQueue();

  constructor(options: GroupStoreOptions = {}) {
    this.reserved = options.reserved ?? new Map();
    this.indexReserved();
  }

  /** The group's identity (group.ts): injective, unlike a join of the pairs by U+00FF. */
  static key(labels: Labels): string {
    return groupKey(labels);
  }

  get size(): number {
    return this.groups.size;
  }

  /** What the groups' families hold (store-usage.ts). */
  usage(): StoreUsage {
    return { ...this.used };
  }

  /** What the group with these labels holds, if there is one. */
  groupUsage(labels: Labels): StoreUsage | undefined {
    const cost = this.costs.get(GroupStore.key(labels));
    return cost === undefined ? undefined : { ...cost };
  }

  push(labels: Labels, families: MetricFamily[], options: PushOptions): PushResult {
    const key = GroupStore.key(labels);
    const current = this.groups.get(key);
    // Kept as served, grouping labels applied, as Pushgateway keeps them: the page's series are these very objects.
    const grouping = sortedPairs(labels).flat();
    const previous = familyFinder(current?.families ?? []);
    const pushed = families
      .filter((f) => f.metrics.length > 0 && f.name !== PUSH_TIME && f.name !== PUSH_FAILURE_TIME)
      .map((f, i) => withGroupingLabels(f, grouping, previous(f.name, i)));
    // Naming lint is for CI, not for a push response: keep the errors.
    const payloadFindings = validate(families, { grouping: labels, errorsOnly: true });
    const refused = payloadFindings.filter((d) => options.strict || REFUSED_CODES.has(d.code));
    const updated = applyPush(current, labels, pushed, options);
    // Timestamps and reserved names are refused even unchecked, as Pushgateway does.
    let errors = refused;
    if (errors.length === 0 && options.check !== false) errors = this.conflicts(key, updated, pushed);
    if (errors.length > 0) {
      this.recordFailure(key, labels, current, options.now, options.expiresAt);
      return { accepted: false, errors, diagnostics: [...errors, ...payloadFindings.filter((d) => !errors.includes(d))] };
    }
    this.set(key, updated);
    return { accepted: true, errors: [], diagnostics: payloadFindings };
  }

  /** Removes exactly the group with these labels; others sharing labels stay. */
  delete(labels: Labels): boolean {
    const key = GroupStore.key(labels);
    const group = this.groups.get(key);
    if (group === undefined) return false;
    this.unindex(key, group);
    this.merged.set(key, undefined);
    this.expiries.set(key, undefined);
    return this.groups.delete(key);
  }

  wipe(): void {
    this.used.series = 0;
    this.used.bytes = 0;
    this.costs.clear();
    this.merged.clear();
    this.groups.clear();
    this.types.clear();
    this.expiries.clear();
    this.indexReserved();
  }

  /** The groups whose expiry time is at or before `now` (Unix seconds), earliest first; O(due), not O(groups). */
  due(now: number): StoredGroup[] {
    return this.expiries.due(now).map((key) => this.groups.get(key)!);
  }

  /** How many groups have an expiry time. */
  get expiring(): number {
    return this.expiries.size;
  }

  get(labels: Labels): StoredGroup | undefined {
    return this.groups.get(GroupStore.key(labels));
  }

  /** Sets, or removes, this group as it was given (its families as served): how a store undoes a change. */
  put(labels: Labels, group: StoredGroup | undefined): void {
    if (group === undefined) this.delete(labels);
    else this.set(GroupStore.key(labels), served(group));
  }

  /** Replaces everything with these groups (a restore from persistence). */
  restore(groups: Iterable<StoredGroup>): void {
    this.wipe();
    // Each family name is merged once, at the end, not series by series.
    this.merged.batch(() => {
      for (const group of groups) this.set(GroupStore.key(group.labels), served(group));
    });
  }

  /** Every group, ordered by grouping key as Pushgateway's UI orders them (Go byte order of the key). */
  list(): StoredGroup[] {
    return [...this.groups.values()]
      .map((g) => ({ g, parts: groupOrderParts(g.labels) }))
      .sort((a, b) => compareGroupOrder(a.parts, b.parts))
      .map(({ g }) => g);
  }

  /**
   * The merged page, with the reserved group's current families in front when given
   * (reserved-group.ts); errors are possible only if pushes went in unchecked.
   */
  page(reserved?: readonly MetricFamily[]): MergeResult {
    const page = this.merged.page();
    return reserved === undefined ? page : withReservedGroup(page, reserved);
  }

  /** What the pushed families of `updated` would clash with: other groups, the group itself, the instance="" sibling, the reserved group. */
  private conflicts(key: string, updated: StoredGroup, pushed: MetricFamily[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    // A 400 answer lists the clashes with the reserved group after all others.
    const reservedOut: Diagnostic[] = [];
    const group = groupName(updated.labels);
    const report = (code: Code, family: string, message: string) => out.push({ code, severity: 'error', message, line: 0, column: 1, family, group });
    const reportReserved = (code: Code, family: MetricFamily, message: string) =>
      reservedOut.push({ code, severity: 'error', message, line: family.line ?? 0, column: 1, family: family.name, group });
    const inGroup = new Map(updated.families.map((f) => [f.name, f]));
    for (const family of pushed) {
      const reservedType = this.reservedType(family.name);
      if (reservedType !== undefined && reservedType !== family.type) {
        reportReserved(
          OwnCode.TYPE_CONFLICT,
          family,
          `family ${JSON.stringify(family.name)} is ${family.type} in group ${group} but ${reservedType} in the gateway's own metrics`,
        );
      }
      // A type clash with another group says enough about the groups; the reserved group is still checked.
      const other = this.otherType(family.name, family.type, key);
      if (other !== undefined) {
        report(
          MergeCode.TYPE_CONFLICT,
          family.name,
          `family ${JSON.stringify(family.name)} is ${family.type} in group ${group} but ${other.type} in group ${other.group}`,
        );
      } else {
        // Looked up among the push's own series and among those the page holds.
        const metrics = metricsOf(family);
        const repeated = repeats(metrics);
        for (let i = 0; i < metrics.length; i++) {
          const metric = metrics[i];
          const owner = repeated?.has(i) ? key : this.merged.otherOwner(family.name, metric.labels, key);
          if (owner !== undefined) {
            const text = family.name + formatLabels(seriesLabels(metric.labels, updated.labels));
            report(
              MergeCode.DUPLICATE_SERIES,
              family.name,
              `series ${text} of group ${group} was collected before with the same name and label values (group ${groupName(this.groups.get(owner)?.labels ?? updated.labels)})`,
            );
          }
        }
      }
      for (const suffix of SUFFIXES) {
        const base = family.name.endsWith(suffix) ? family.name.slice(0, -suffix.length) : undefined;
        if (base !== undefined && other === undefined) {
          const owner = inGroup.get(base)?.type ?? this.ownerType(base, key, (t) => ownsSuffix(t, suffix));
          if (owner !== undefined && ownsSuffix(owner, suffix)) {
            report(
              MergeCode.NAME_COLLISION,
              family.name,
              `family ${JSON.stringify(family.name)} of group ${group} collides with the samples of ${owner} ${JSON.stringify(base)}`,
            );
          }
        }
        const reservedBase = base === undefined ? undefined : this.reservedType(base);
        if (reservedBase !== undefined && ownsSuffix(reservedBase, suffix)) {
          reportReserved(
            OwnCode.NAME_COLLISION,
            family,
            `family ${JSON.stringify(family.name)} of group ${group} collides with the samples of the gateway's own ${reservedBase} ${JSON.stringify(base)}`,
          );
        }
        const sampleName = family.name + suffix;
        if (!ownsSuffix(family.type, suffix)) continue;
        if (other === undefined && (inGroup.has(sampleName) || this.ownerType(sampleName, key, () => true) !== undefined)) {
          report(
            MergeCode.NAME_COLLISION,
            family.name,
            `${family.type} ${JSON.stringify(family.name)} of group ${group} collides with family ${JSON.stringify(sampleName)}`,
          );
        }
        if (this.reservedType(sampleName) !== undefined) {
          reportReserved(
            OwnCode.NAME_COLLISION,
            family,
            `${family.type} ${JSON.stringify(family.name)} of group ${group} collides with the gateway's own family ${JSON.stringify(sampleName)}`,
          );
        }
      }
    }
    const sibling = siblingKey(updated.labels);
    const twin = sibling === undefined ? undefined : this.groups.get(sibling);
    if (twin !== undefined) {
      for (const name of [PUSH_TIME, PUSH_FAILURE_TIME]) {
        const text = name + formatLabels(seriesLabels([], updated.labels));
        report(
          MergeCode.DUPLICATE_SERIES,
          name,
          `series ${text} of group ${group} was collected before with the same name and label values (group ${groupName(twin.labels)})`,
        );
      }
    }
    return [...out, ...reservedOut];
  }

  /** The type the reserved group declares for this family name, if any. */
  private reservedType(name: string): string | undefined {
    for (const [type, keys] of this.types.get(name) ?? []) if (keys.has(RESERVED)) return type;
    return undefined;
  }

  /** A type other groups give this family, and the first such group in grouping-key order. */
  private otherType(name: string, type: string, self: string): { type: string; group: string } | undefined {
    for (const [otherType, keys] of this.types.get(name) ?? []) {
      if (otherType === type) continue;
      const first = this.firstGroup(keys, self);
      if (first !== undefined) return { type: otherType, group: groupName(first.labels) };
    }
    return undefined;
  }

  /** The type of a family of this name in another group, among those `accept` takes. */
  private ownerType(name: string, self: string, accept: (type: string) => boolean): string | undefined {
    for (const [type, keys] of this.types.get(name) ?? []) {
      if (accept(type) && this.firstGroup(keys, self) !== undefined) return type;
    }
    return undefined;
  }

  private firstGroup(keys: Set<string>, self: string): StoredGroup | undefined {
    let first: StoredGroup | undefined;
    for (const k of keys) {
      if (k === self || k === RESERVED) continue;
      const g = this.groups.get(k)!;
      if (first === undefined || compareGroupOrder(groupOrderParts(g.labels), groupOrderParts(first.labels)) < 0) first = g;
    }
    return first;
  }

  /** Sets the failure time, creating the group only if its push_* series then clash with nothing. */
  private recordFailure(key: string, labels: Labels, current: StoredGroup | undefined, now: number, expiresAt: number | undefined): void {
    if (current !== undefined) {
      const failed = { ...current, pushFailureTimeSeconds: now, pushedAt: new Map(current.pushedAt).set(PUSH_FAILURE_TIME, now) };
      this.groups.set(key, failed);
      this.merged.set(key, failed, true);
      return;
    }
    // A new group's push_* series can only repeat those of the group that differs by instance="".
    const sibling = siblingKey(labels);
    if (sibling !== undefined && this.groups.has(sibling)) return;
    const pushedAt = new Map([
      [PUSH_FAILURE_TIME, now],
      [PUSH_TIME, now],
    ]);
    const created: StoredGroup = { labels, families: [], pushTimeSeconds: 0, pushFailureTimeSeconds: now, pushedAt };
    if (expiresAt !== undefined) created.expiresAt = expiresAt;
    this.set(key, created);
  }

  private set(key: string, group: StoredGroup): void {
    const old = this.groups.get(key);
    const cost = costAfter(old, this.costs.get(key), group);
    if (old !== undefined) this.unindex(key, old);
    this.groups.set(key, group);
    this.merged.set(key, group, true);
    this.expiries.set(key, group.expiresAt);
    for (const family of group.families) this.indexType(family.name, family.type, key);
    this.costs.set(key, cost);
    this.used.series += cost.series;
    this.used.bytes += cost.bytes;
  }

  /** The reserved group's families join the type index as a group's do; they have no series to index. */
  private indexReserved(): void {
    for (const [name, { type }] of this.reserved) this.indexType(name, type, RESERVED);
  }

  private indexType(name: string, type: string, key: string): void {
    let byType = this.types.get(name);
    if (byType === undefined) this.types.set(name, (byType = new Map()));
    let keys = byType.get(type);
    if (keys === undefined) byType.set(type, (keys = new Set()));
    else if (key !== RESERVED && keys.size === 1 && keys.has(RESERVED)) {
      // The first group of this type goes after the types other groups gave before, as it
      // would without the reserved group: `otherType` names the first one it finds.
      byType.delete(type);
      byType.set(type, keys);
    }
    keys.add(key);
  }

  private unindex(key: string, group: StoredGroup): void {
    const cost = this.costs.get(key);
    if (cost !== undefined) {
      this.used.series -= cost.series;
      this.used.bytes -= cost.bytes;
      this.costs.delete(key);
    }
    for (const family of group.families) {
      const byType = this.types.get(family.name);
      const keys = byType?.get(family.type);
      keys?.delete(key);
      if (keys?.size === 0) byType!.delete(family.type);
      if (byType?.size === 0) this.types.delete(family.name);
    }
  }
}

/** What `group` holds: what `old` (costing `oldCost`) held, less the families it lost, plus those it gained; O(families changed) in series. */
function costAfter(old: StoredGroup | undefined, oldCost: StoreUsage | undefined, group: StoredGroup): StoreUsage {
  if (old === undefined || oldCost === undefined) return sizeOf(group.families);
  const now = new Set(group.families);
  const was = new Set(old.families);
  const lost = sizeOf(old.families.filter((f) => !now.has(f)));
  const gained = sizeOf(group.families.filter((f) => !was.has(f)));
  return { series: oldCost.series - lost.series + gained.series, bytes: oldCost.bytes - lost.bytes + gained.bytes };
}

/**
 * Finds a group's family by name, at `hint` first (a group is mostly pushed with its
 * families in the same order), else through a map made at the first miss.
 */
function familyFinder(families: readonly MetricFamily[]): (name: string, hint: number) => MetricFamily | undefined {
  let byName: Map<string, MetricFamily> | undefined;
  return (name, hint) => {
    if (hint < families.length && families[hint].name === name) return families[hint];
    byName ??= new Map(families.map((f) => [f.name, f]));
    return byName.get(name);
  };
}

function applyPush(current: StoredGroup | undefined, labels: Labels, pushed: MetricFamily[], options: PushOptions): StoredGroup {
  const names = new Set(pushed.map((f) => f.name));
  const kept = current === undefined || options.replace ? [] : current.families.filter((f) => !names.has(f.name));
  const keep = new Set([...kept.map((f) => f.name), PUSH_TIME, PUSH_FAILURE_TIME]);
  const pushedAt = new Map<string, number>();
  for (const [name, at] of current?.pushedAt ?? []) if (keep.has(name)) pushedAt.set(name, at);
  for (const name of names) pushedAt.set(name, options.now);
  pushedAt.set(PUSH_TIME, options.now);
  // Pushgateway creates the zero failure gauge once and then keeps its time.
  if (!pushedAt.has(PUSH_FAILURE_TIME)) pushedAt.set(PUSH_FAILURE_TIME, options.now);
  const group: StoredGroup = {
    labels,
    families: [...kept, ...pushed],
    pushTimeSeconds: options.now,
    pushFailureTimeSeconds: current?.pushFailureTimeSeconds ?? 0,
    pushedAt,
  };
  if (options.expiresAt !== undefined) group.expiresAt = options.expiresAt;
  return group;
}

/**
 * The group with its families as served (grouping labels applied, grouping-labels.ts), as
 * the store keeps them. Serving is idempotent: served families come out equal.
 */
function served(group: StoredGroup): StoredGroup {
  const grouping = sortedPairs(group.labels).flat();
  return { ...group, families: group.families.map((f) => withGroupingLabels(f, grouping)) };
}

/** The indexes of the series that repeat an earlier one (served labels are in name order: compared as the page compares them). */
function repeats(metrics: readonly Metric[]): Set<number> | undefined {
  // Clients mostly push a family's series in page order already: then none repeats.
  let ordered = true;
  for (let i = 1; i < metrics.length && ordered; i++) ordered = compareSortedLabels(metrics[i - 1].labels, metrics[i].labels) < 0;
  if (ordered) return undefined;
  const order = metrics.map((_, i) => i).sort((a, b) => compareSortedLabels(metrics[a].labels, metrics[b].labels) || a - b);
  let out: Set<number> | undefined;
  for (let i = 1; i < order.length; i++) {
    if (compareSortedLabels(metrics[order[i - 1]].labels, metrics[order[i]].labels) === 0) (out ??= new Set()).add(order[i]);
  }
  return out;
}

function ownsSuffix(type: string, suffix: string): boolean {
  if (type === 'summary') return suffix !== '_bucket';
  return type === 'histogram' || type === 'gaugehistogram';
}

/** `{job=x}` and `{job=x,instance=""}` serve identical series (instance="" is added): each is the other's sibling. */
function siblingKey(labels: Labels): string | undefined {
  for (let i = 0; i < labels.length; i += 2) {
    if (labels[i] !== 'instance') continue;
    if (labels[i + 1] !== '') return undefined;
    return GroupStore.key([...labels.slice(0, i), ...labels.slice(i + 2)]);
  }
  return GroupStore.key([...labels, 'instance', '']);
}
