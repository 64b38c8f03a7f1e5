/** The gateway's own families, for commands that judge pushes as `expofmt serve` does. */
import { VERSION } from '../gateway/version.js';
import type { ReservedFamily } from '../merge/reserved-group.js';

/** pushgateway_build_info, process_*, ... by name: a push must agree with their types. Loaded only when asked (prom-client). */
export async function gatewayOwnFamilies(): Promise<ReadonlyMap<string, ReservedFamily>> {
  const { OwnMetrics } = await import('../gateway/own-metrics.js');
  return new OwnMetrics({ version: VERSION }).reserved();
}
