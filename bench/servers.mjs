/** Gateways as child processes for the gateway benchmarks: a free port, start until ready, stop. */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command argv` in the repository and waits (15 s at most) until `/-/ready` answers 200. */
export async function start(name, command, argv, port) {
  const child = spawn(command, argv, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c.toString()));
  const exited = new Promise((r) => child.on('exit', r));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return { name, url, child, exited };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready on ${url}:\n${stderr}`);
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stop(server) {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

/** Debian's prometheus-pushgateway and its version label, or undefined when it is not installed. */
export function pushgateway() {
  const found = spawnSync('bash', ['-c', 'command -v prometheus-pushgateway'], { encoding: 'utf8' });
  if (found.status !== 0) return undefined;
  const binary = found.stdout.trim();
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return { binary, label: `Pushgateway ${/version (\S+)/.exec(`${version.stdout}${version.stderr}`)?.[1] ?? ''}`.trim() };
}
