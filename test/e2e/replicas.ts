/**
 * Gateway replicas on one replicated store for the end-to-end tests: a real 3-node NATS
 * cluster (nats-cluster.ts) and `expofmt serve --store=nats://...` replicas, each the real
 * built CLI in its own process.
 */
import { type NatsCluster, startNatsCluster } from './nats-cluster.js';
import { type ChildServer, get, startServe } from './support.js';

export interface Replicas {
  nats: NatsCluster;
  replicas: ChildServer[];
  stop(): Promise<void>;
}

export async function startReplicas(count: number, flags: string[] = []): Promise<Replicas> {
  const nats = await startNatsCluster(3);
  const replicas: ChildServer[] = [];
  try {
    for (let i = 0; i < count; i++) replicas.push(await startServe([`--store=${nats.url}`, '--store.bucket=e2e', ...flags]));
  } catch (error) {
    await Promise.all(replicas.map((r) => r.kill()));
    await nats.stop();
    throw error;
  }
  return {
    nats,
    replicas,
    async stop() {
      await Promise.all(replicas.map((r) => r.stop()));
      await nats.stop();
    },
  };
}

/** The gateway's own families (per replica): left out when pages are compared. */
const OWN = /^(# (HELP|TYPE) )?(process_|pushgateway_|nodejs_|expofmt_store_)/;

/** GET /metrics as text, without the replica's own metrics, values exactly as served. */
export async function sharedPage(url: string): Promise<string> {
  const res = await get(`${url}/metrics`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}/metrics answered ${res.status}: ${text}`);
  return text
    .split('\n')
    .filter((l) => l !== '' && !OWN.test(l))
    .map((l) => `${l}\n`)
    .join('');
}

/** A push or delete; waits longer than the 10 s a replica gives a change before it answers 503. */
export async function push(
  url: string,
  method: 'PUT' | 'POST' | 'DELETE',
  path: string,
  body = '',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await get(`${url}${path}`, method === 'DELETE' ? { method, headers } : { method, body, headers }, 20_000);
  return { status: res.status, body: await res.text() };
}

/** The replica's own `expofmt_store_*` samples: its applied sequence and readiness. */
export async function storeState(url: string): Promise<{ sequence: number; ready: number }> {
  const text = await (await get(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { sequence: value('expofmt_store_sequence'), ready: value('expofmt_store_ready') };
}
