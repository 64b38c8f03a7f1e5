/**
 * `expofmt serve [flags]`: runs the Pushgateway-compatible gateway until SIGTERM, SIGINT
 * or `/-/quit`, then stops gracefully (stop accepting, finish running requests, persist)
 * and resolves to exit code 0. Flags use Pushgateway's names (see gateway/config/flags.ts).
 */
import { FlagError, Logger, flagsUsage, parseFlags, startGateway } from '../gateway/index.js';
import { type RunningFront, startFront } from '../gateway/threads/front.js';
import { VERSION } from '../gateway/version.js';
import type { CliIO } from './io.js';

export interface ServeHooks {
  /** Called once the server listens, with its URL (tests use it to find port 0's choice). */
  onListening?(url: string): void;
  /** Signals to stop on; default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

/** Runs the gateway; resolves to the exit code once it has stopped. */
export async function serveCommand(argv: readonly string[], io: Pick<CliIO, 'stdout' | 'stderr'>, hooks: ServeHooks = {}): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    io.stderr.write(`expofmt serve: ${error.message}\nsee \`expofmt serve --help\`\n`);
    return 2;
  }
  if ('help' in parsed) {
    io.stdout.write(flagsUsage());
    return 0;
  }
  const { config } = parsed;
  const logger = new Logger(io.stderr, config.logLevel, config.logFormat);
  logger.info('starting pushgateway (expofmt serve)', { version: VERSION, node: process.version });
  let running: RunningFront;
  try {
    // Replicas on NATS serve in one thread for now: with two, their recovery after a whole
    // NATS outage took up to 90 s in the end-to-end test under load (16-27 s in one thread).
    running = config.natsServers === undefined ? await startFront({ argv, config, logger, logSink: io.stderr }) : await startGateway({ config, logger });
  } catch (error) {
    logger.error('could not start', { err: error instanceof Error ? error.message : String(error) });
    return 1;
  }
  const signals = hooks.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info('received signal; exiting gracefully...', { signal });
    running.stop(signal).catch(() => {});
  };
  for (const s of signals) process.on(s, onSignal);
  hooks.onListening?.(running.url);
  try {
    await running.stopped;
    return 0;
  } catch (error) {
    logger.error('could not stop cleanly', { err: error instanceof Error ? error.message : String(error) });
    return 1;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

/** The command record for src/cli/main.ts's table. */
export const serveCommandSpec = {
  name: 'serve',
  summary: 'run a Pushgateway-compatible gateway',
  usage: flagsUsage(),
  run: (args: readonly string[], io: CliIO) => serveCommand(args, io),
};
