/**
 * A 3-node NATS cluster with JetStream on loopback for the replicas bench (the tests' twin
 * is test/e2e/nats-cluster.ts): three Debian `nats-server` processes, routed to each
 * other, each with its own temporary store directory.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './servers.mjs';

const NATS_SERVER = '/usr/sbin/nats-server';

export async function startNatsCluster(size = 3) {
  const dir = await mkdtemp(join(tmpdir(), 'expofmt-bench-nats-'));
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), cluster: await freePort(), monitor: await freePort() });
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.cluster}`);
  const children = [];
  for (const [i, p] of ports.entries()) {
    const conf = join(dir, `n${i + 1}.conf`);
    await writeFile(
      conf,
      [
        `server_name: n${i + 1}`,
        `listen: 127.0.0.1:${p.client}`,
        `http: 127.0.0.1:${p.monitor}`,
        'max_payload: 8MB',
        `jetstream { store_dir: "${join(dir, `n${i + 1}`)}" }`,
        `cluster { name: bench; listen: 127.0.0.1:${p.cluster}; routes: [${routes.filter((_, j) => j !== i).join(', ')}] }`,
        '',
      ].join('\n'),
    );
    const child = spawn(NATS_SERVER, ['-c', conf], { stdio: 'ignore' });
    child.on('error', (error) => console.error(`${NATS_SERVER}: ${error.message} (apt-get install nats-server)`));
    children.push({ child, exited: new Promise((r) => child.on('exit', r)) });
  }
  const stop = async () => {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await rm(dir, { recursive: true, force: true });
  };
  for (const p of ports) {
    let ok = false;
    for (let i = 0; i < 300 && !ok; i++) {
      try {
        ok = (await fetch(`http://127.0.0.1:${p.monitor}/healthz`, { signal: AbortSignal.timeout(1000) })).status === 200;
      } catch {
        // not up yet
      }
      if (!ok) await sleep(100);
    }
    if (!ok) {
      await stop();
      throw new Error(`nats-server on port ${p.client} did not get JetStream ready`);
    }
  }
  return { url: `nats://${ports.map((p) => `127.0.0.1:${p.client}`).join(',')}`, stop };
}
