/**
 * `expofmt/gateway`: the Pushgateway-compatible gateway as a library. `startGateway` serves
 * it over HTTP (`expofmt serve`, src/cli/serve-command.ts, wires it to flags, signals and
 * stderr); `createGateway` gives the logic without HTTP. The store can be used alone:
 * `LocalStore` (the groups in memory, journaled with a persistence file) behind the
 * `MetricStore` seam, or `GroupStore` (the groups and their push semantics, in memory only).
 * Another `MetricStore` is given to the gateway by `GatewayOptions.store`, a factory.
 */
import { Gateway, type GatewayOptions } from './gateway.js';
import { type RunningGateway, startServer } from './http/server.js';

export { Gateway, goErrors, INVALID_PUSH, type GatewayOptions, type PushRequest, type Reply, type StoreContext } from './gateway.js';
export type { RunningGateway } from './http/server.js';
export { parseFlags, flagsUsage, FlagError, type GatewayConfig, type LogFormat, type LogLevel } from './config/flags.js';
export { Logger, type LogFields } from './logger.js';
export { parsePushPath, parseGroupingSegments, pushPath, type GroupingLabelsResult } from './grouping-path.js';
export { LocalStore, type LocalStoreOptions } from './store/local-store.js';
export { type MetricStore, PersistError } from './store/metric-store.js';
export { compileSelectors, type GroupSelector, type LabelMatcher, type MatchType } from './store/label-matchers.js';
export { GroupStore, type GroupStoreOptions, type PushOptions, type PushResult, type StoredGroup } from '../merge/group-store.js';
export type { MergeResult } from '../merge/merge-groups.js';
export type { ReservedFamily } from '../merge/reserved-group.js';

export function createGateway(options: GatewayOptions): Promise<Gateway> {
  return Gateway.create(options);
}

/** Creates the gateway (restoring persisted groups) and serves it on `config.listenAddress`. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = await Gateway.create(options);
  try {
    return await startServer(gateway);
  } catch (error) {
    await gateway.close();
    throw error;
  }
}
