/**
 * The `push_time_seconds` and `push_failure_time_seconds` gauges a gateway serves for
 * each group, with Pushgateway's HELP texts and the group's labels (plus `instance=""`).
 */
import type { MetricFamily } from '../model.js';
import type { Group } from './group.js';

export const PUSH_TIME = 'push_time_seconds';
export const PUSH_FAILURE_TIME = 'push_failure_time_seconds';
const PUSH_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway succeeded.';
const PUSH_FAILURE_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway failed.';

/** The two families for a group that has push times; none for one that has not. */
export function pushTimeFamilies(group: Group): MetricFamily[] {
  if (group.pushTimeSeconds === undefined && group.pushFailureTimeSeconds === undefined) return [];
  return [gauge(PUSH_FAILURE_TIME, PUSH_FAILURE_TIME_HELP, group.pushFailureTimeSeconds ?? 0), gauge(PUSH_TIME, PUSH_TIME_HELP, group.pushTimeSeconds ?? 0)];
}

function gauge(name: string, help: string, value: number): MetricFamily {
  // Grouping labels are added by the merge like any pushed series'.
  return { name, help, type: 'gauge', metrics: [{ labels: [], value }] };
}
