/** Starts gateways in-process on 127.0.0.1:0 for the tests, with a pinned clock and captured logs. */
import { gunzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import { Logger, parseFlags, startGateway, type RunningGateway } from '../../src/gateway/index.js';

export interface TestGateway {
  url: string;
  running: RunningGateway;
  logs: string[];
  /** Unix seconds the next request is received at. */
  clock: { now: number };
  stop(): Promise<void>;
}

const started: TestGateway[] = [];

/** Stops every gateway a test started (also run after each test). */
export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((g) => g.stop()));
}

afterEach(stopAll);

export async function startTestGateway(flags: string[] = []): Promise<TestGateway> {
  const parsed = parseFlags(['--web.listen-address=127.0.0.1:0', ...flags]);
  if ('help' in parsed) throw new Error('help');
  const logs: string[] = [];
  const clock = { now: 1700000000.5 };
  const logger = new Logger({ write: (t: string) => logs.push(t) }, 'debug', parsed.config.logFormat);
  const running = await startGateway({ config: parsed.config, logger, defaultMetrics: false, clock: () => clock.now });
  const gw: TestGateway = { url: running.url, running, logs, clock, stop: () => running.stop('test done') };
  started.push(gw);
  return gw;
}

/** The page without the gateway's own families (HELP, TYPE and samples of pushgateway_*, process_*, nodejs_*). */
export function pushedOnly(page: string): string {
  const own = /^(# (HELP|TYPE) )?(pushgateway_|process_|nodejs_)/;
  return page
    .split('\n')
    .filter((l) => l !== '' && !own.test(l))
    .map((l) => `${l}\n`)
    .join('');
}

export async function scrape(gw: TestGateway): Promise<string> {
  const res = await fetch(`${gw.url}/metrics`);
  if (res.status !== 200) throw new Error(`scrape answered ${res.status}: ${await res.text()}`);
  return pushedOnly(await res.text());
}

export async function send(
  gw: TestGateway,
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${gw.url}${path}`, { method, body: body as BodyInit | undefined, headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

export function gunzip(bytes: ArrayBuffer): string {
  return gunzipSync(Buffer.from(bytes)).toString('utf8');
}
