/**
 * A real 3-node NATS cluster with JetStream for the replicated-store tests and the
 * benchmark: three `nats-server` processes (Debian's 2.9) on loopback ports picked here,
 * each with its own temporary store directory, routed to each other. `start` resolves once
 * every node's /healthz says JetStream is up (a meta leader is elected); `stop` ends them
 * and removes the directories. A missing `nats-server` fails the test with its name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildServer, freePort, get, requireProgram, startChild, waitFor } from './support.js';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsNode {
  name: string;
  /** Client port on 127.0.0.1. */
  port: number;
  monitorPort: number;
  server: ChildServer;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** `nats://127.0.0.1:p1,127.0.0.1:p2,...` for `--store`. */
  url: string;
  /** SIGKILL one node (kill -9). */
  kill(index: number): Promise<void>;
  /** Starts a stopped node again on its ports and store directory. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `size` nats-server processes routed into one JetStream cluster. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const program = requireProgram(NATS_SERVER, 'apt-get install nats-server');
  const dir = await mkdtemp(join(tmpdir(), 'expofmt-nats-'));
  const ports: Array<{ client: number; cluster: number; monitor: number }> = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), cluster: await freePort(), monitor: await freePort() });
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.cluster}`);
  const nodes: NatsNode[] = [];
  const conf = (i: number) => join(dir, `n${i + 1}.conf`);
  const startNode = (i: number) => startChild(program, ['-c', conf(i)], ports[i].monitor, '/varz', { timeoutMs: 20_000 });
  try {
    const started = await Promise.all(
      ports.map(async (p, i) => {
        const name = `n${i + 1}`;
        await writeFile(
          conf(i),
          [
            `server_name: ${name}`,
            `listen: 127.0.0.1:${p.client}`,
            `http: 127.0.0.1:${p.monitor}`,
            // Groups are stored whole in one record: allow big ones (the default is 1 MB).
            'max_payload: 8MB',
            `jetstream { store_dir: "${join(dir, name)}" }`,
            `cluster { name: expofmt; listen: 127.0.0.1:${p.cluster}; routes: [${routes.filter((_, j) => j !== i).join(', ')}] }`,
            '',
          ].join('\n'),
        );
        const server = await startNode(i);
        return { name, port: p.client, monitorPort: p.monitor, server };
      }),
    );
    nodes.push(...started);
    for (const node of nodes) {
      await waitFor(`JetStream on NATS node ${node.name}`, 30_000, async () => {
        const res = await get(`http://127.0.0.1:${node.monitorPort}/healthz`, {}, 2000);
        await res.arrayBuffer();
        return res.status === 200 ? true : undefined;
      });
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.server.kill()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    url: `nats://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
    kill: (index) => nodes[index].server.kill(),
    async restart(index) {
      nodes[index].server = await startNode(index);
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.server.stop(5000)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
