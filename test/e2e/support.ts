/**
 * Shared pieces of the end-to-end tests: the repository paths, the programs they need
 * (a missing one FAILS the test with the command that installs it), free loopback ports,
 * and the real built CLI `node bin/expofmt.js serve` as a child process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = resolve(repoRoot, 'test/e2e/artifacts');
export const INSTALL = 'bash scripts/install-test-deps.sh';
/** Debian's interpreter: python3-prometheus-client is installed for it (a pyenv shim on PATH may not see it). */
export const PYTHON = '/usr/bin/python3';
export const CHROMIUM = '/usr/bin/chromium';
/** Hooks start and stop servers and browsers: give them time on a loaded 2-core machine. */
export const HOOK_TIMEOUT_MS = 60_000;

/** Throws (failing the test) unless `program` is on PATH or is an executable path. */
export function requireProgram(program: string, hint = INSTALL): string {
  try {
    return execFileSync('bash', ['-c', 'command -v "$1"', 'bash', program], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`'${program}' is not installed; run \`${hint}\` (as root) first`);
  }
}

/** Throws unless Debian's python3 can import prometheus_client. */
export function requirePythonClient(): void {
  requireProgram(PYTHON);
  try {
    execFileSync(PYTHON, ['-c', 'import prometheus_client'], { stdio: 'ignore' });
  } catch {
    throw new Error(`python3-prometheus-client is not installed for ${PYTHON}; run \`${INSTALL}\` (as root) first`);
  }
}

/** Throws unless `npm run build` has produced the CLI that bin/expofmt.js runs. */
export function requireBuiltCli(): void {
  if (!existsSync(resolve(repoRoot, 'dist/cli.js'))) throw new Error('dist/cli.js is missing; run `npm run build` first (npm test does it)');
}

/** A port free on 127.0.0.1 at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a value other than undefined, at most `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(everyMs);
  }
}

/** fetch with a timeout, so that no request waits forever. */
export function get(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

export interface ChildServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait (SIGKILL after `graceMs`); resolves to the exit code or signal. */
  stop(graceMs?: number): Promise<number | NodeJS.Signals | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts a program serving HTTP on 127.0.0.1:port and waits (bounded) until `readyPath` answers 200. */
export async function startChild(
  command: string,
  args: string[],
  port: number,
  readyPath: string,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<ChildServer> {
  const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  let exitedWith: number | NodeJS.Signals | null | undefined;
  const exited = new Promise<number | NodeJS.Signals | null>((r) =>
    child.on('exit', (code, signal) => {
      exitedWith = code ?? signal;
      r(exitedWith);
    }),
  );
  child.on('error', (error) => (out += `spawn error: ${error.message}\n`));
  const url = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    url,
    port,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 10_000) {
      if (exitedWith !== undefined) return exitedWith;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    async kill() {
      if (exitedWith !== undefined) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitFor(
      `${command} to answer ${readyPath} on ${url}`,
      options.timeoutMs ?? 15_000,
      async () => {
        if (exitedWith !== undefined) throw new Error(`exited with ${exitedWith}`);
        const res = await get(`${url}${readyPath}`, {}, 1000);
        await res.arrayBuffer();
        return res.status === 200 ? true : undefined;
      },
      100,
    );
  } catch (error) {
    await server.kill();
    throw new Error(`${(error as Error).message}\noutput:\n${out}`);
  }
  return server;
}

/** The real CLI: `node bin/expofmt.js serve --web.listen-address=127.0.0.1:<free port> ...flags`. */
export async function startServe(flags: string[] = [], port?: number): Promise<ChildServer> {
  requireBuiltCli();
  const p = port ?? (await freePort());
  return startChild(process.execPath, ['bin/expofmt.js', 'serve', `--web.listen-address=127.0.0.1:${p}`, ...flags], p, '/-/ready');
}

/** The own families of the gateway (and of Pushgateway), as pushgateway-experiments.sh filters them. */
const OWN = /^(# (HELP|TYPE) )?(go_|process_|pushgateway_|promhttp_|nodejs_)/;

/** Normalises `push_time_seconds` and `push_failure_time_seconds` values other than 0 to `<TS>`. */
export function normalizePushTimes(page: string): string {
  return page.replace(/^(push_(?:failure_)?time_seconds(?:\{[^}]*\})?) (?!0$)\S+$/gm, '$1 <TS>');
}

/** GET /metrics: the pushed families only, push times normalised. */
export async function pushedPage(url: string): Promise<string> {
  const res = await get(`${url}/metrics`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
  const lines = text.split('\n').filter((l) => l !== '' && !OWN.test(l));
  return normalizePushTimes(lines.map((l) => `${l}\n`).join(''));
}

export const PUSH_FAILURE_HEAD = `# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
# TYPE push_failure_time_seconds gauge
`;
export const PUSH_TIME_HEAD = `# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
# TYPE push_time_seconds gauge
`;

/**
 * A real Prometheus on a free loopback port, reading `dir/prometheus.yml` (rule files
 * beside it) and keeping its data in `dir/data`; `extra` flags after ours.
 */
export async function startPrometheus(dir: string, extra: string[] = []): Promise<ChildServer> {
  const prometheus = requireProgram('prometheus');
  await mkdir(join(dir, 'data'), { recursive: true });
  const port = await freePort();
  const flags = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  return startChild(prometheus, [...flags, ...extra], port, '/-/ready', { timeoutMs: 30_000, cwd: dir });
}
