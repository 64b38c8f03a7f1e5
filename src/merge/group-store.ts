/**
 * The groups a gateway holds, and the push/delete operations on them with Pushgateway's
 * semantics: PUT replaces the whole group, POST only the families it names, DELETE
 * removes one group. With the consistency check on, a push is applied to a copy first
 * and refused when the merged page would have an error; a refused push leaves every
 * family exactly as it was. Pushgateway's failure path can create a group that jams
 * every later scrape and push (the `{job=x}` next to `{job=x,instance=""}` case); here a
 * failure is recorded on a group only where that adds no conflict.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Labels, MetricFamily } from '../model.js';
import { validate } from '../validate/validate.js';
import { type Group, sortedPairs } from './group.js';
import { type MergeResult, mergeGroups } from './merge-groups.js';

export interface PushOptions {
  /** PUT (true) replaces the group; POST (false) replaces only the pushed families. */
  replace: boolean;
  /** Unix seconds of the request. */
  now: number;
  /** Check the push against the merged page (the default); off answers like Pushgateway's 202. */
  check?: boolean;
  /** Also refuse pushes that break any validation rule of severity error (histogram structure etc.). */
  strict?: boolean;
}

export interface PushResult {
  accepted: boolean;
  /** Why it was refused; on success, the payload's errors the store tolerates (without `strict`). */
  diagnostics: Diagnostic[];
}

/** Rules whose errors Pushgateway also refuses a push for. */
const GATEWAY_REFUSES = new Set(['E_TIMESTAMP_NOT_ALLOWED', 'E_RESERVED_LABEL_PREFIX']);

export class GroupStore {
  private readonly groups = new Map<string, Group>();

  /** The grouping key as Pushgateway builds it: sorted names and values joined by 0xFF. */
  static key(labels: Labels): string {
    return sortedPairs(labels)
      .map(([n, v]) => `${n}\xff${v}`)
      .join('\xff');
  }

  push(labels: Labels, families: MetricFamily[], options: PushOptions): PushResult {
    const key = GroupStore.key(labels);
    const current = this.groups.get(key);
    // Naming lint is for CI, not for a push response: keep the errors.
    const payloadFindings = validate(families, { grouping: labels }).filter((d) => d.severity === 'error');
    const refused = payloadFindings.filter((d) => d.severity === 'error' && (options.strict || GATEWAY_REFUSES.has(d.code)));
    const updated = applyPush(current, labels, families, options);
    // Timestamps and reserved names are refused even unchecked, as Pushgateway does.
    let problems = refused;
    if (problems.length === 0 && options.check !== false) {
      const next = new Map(this.groups).set(key, updated);
      problems = mergeGroups([...next.values()]).diagnostics.filter((d) => d.severity === 'error');
    }
    if (problems.length > 0) {
      this.recordFailure(key, labels, current, options.now);
      return { accepted: false, diagnostics: [...problems, ...payloadFindings.filter((d) => !problems.includes(d))] };
    }
    this.groups.set(key, updated);
    return { accepted: true, diagnostics: payloadFindings };
  }

  /** Removes exactly the group with these labels; others sharing labels stay. */
  delete(labels: Labels): boolean {
    return this.groups.delete(GroupStore.key(labels));
  }

  wipe(): void {
    this.groups.clear();
  }

  /** Every group, ordered by grouping key. */
  list(): Group[] {
    return [...this.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  }

  /** The merged page; errors are possible only if pushes went in unchecked. */
  page(): MergeResult {
    return mergeGroups([...this.groups.values()]);
  }

  /** Sets the failure time, creating the group only if its push_* series then clash with nothing. */
  private recordFailure(key: string, labels: Labels, current: Group | undefined, now: number): void {
    if (current !== undefined) {
      this.groups.set(key, { ...current, pushFailureTimeSeconds: now });
      return;
    }
    const created: Group = { labels, families: [], pushTimeSeconds: 0, pushFailureTimeSeconds: now };
    const next = new Map(this.groups).set(key, created);
    if (mergeGroups([...next.values()]).diagnostics.every((d) => d.severity !== 'error')) this.groups.set(key, created);
  }
}

function applyPush(current: Group | undefined, labels: Labels, families: MetricFamily[], options: PushOptions): Group {
  const pushed = new Set(families.map((f) => f.name));
  const kept = current === undefined || options.replace ? [] : current.families.filter((f) => !pushed.has(f.name));
  return {
    labels,
    families: [...kept, ...families.filter((f) => f.metrics.length > 0)],
    pushTimeSeconds: options.now,
    pushFailureTimeSeconds: current?.pushFailureTimeSeconds ?? 0,
  };
}
