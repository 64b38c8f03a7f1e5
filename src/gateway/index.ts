/**
 * The gateway's entry points: `createGateway` (the logic, no HTTP) and `startGateway`
 * (the logic behind an HTTP server). `expofmt serve` (src/cli/serve-command.ts) wires
 * them to flags, signals and stderr.
 */
import { Gateway, type GatewayOptions } from './gateway.js';
import { type RunningGateway, startServer } from './http-server.js';

export { Gateway, goErrors, INVALID_PUSH, type GatewayOptions, type PushRequest, type Reply } from './gateway.js';
export type { RunningGateway } from './http-server.js';
export { parseFlags, flagsUsage, FlagError, type GatewayConfig } from './flags.js';
export { Logger } from './logger.js';
export { parsePushPath, groupingKey, pushPath } from './grouping-path.js';

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
