/**
 * `GatewayOptions.store`: a gateway started on a store it is given, not the default
 * LocalStore. The factory gets the gateway's own families (to check pushes against), the
 * config and the logger; pushes land in the store it returns; the gateway closes it; a
 * `PersistError` from it answers 500.
 */
import { describe, expect, it } from 'vitest';
import {
  LocalStore,
  Logger,
  type MetricStore,
  PersistError,
  type PushOptions,
  type PushResult,
  type StoreContext,
  parseFlags,
  startGateway,
} from '../../src/gateway/index.js';
import type { Labels, MetricFamily } from '../../src/model.js';

/** A MetricStore that keeps its groups in a LocalStore and counts what it was asked to do. */
class RecordingStore implements MetricStore {
  pushes = 0;
  closed = false;
  failNextPush = false;

  constructor(private readonly inner: LocalStore) {}

  async push(labels: Labels, families: MetricFamily[], options: PushOptions): Promise<PushResult> {
    this.pushes++;
    if (this.failNextPush) {
      this.failNextPush = false;
      throw new PersistError(new Error('the backend is down'));
    }
    return this.inner.push(labels, families, options);
  }
  delete(labels: Labels) {
    return this.inner.delete(labels);
  }
  wipe() {
    return this.inner.wipe();
  }
  get(labels: Labels) {
    return this.inner.get(labels);
  }
  groups() {
    return this.inner.groups();
  }
  get size() {
    return this.inner.size;
  }
  usage() {
    return this.inner.usage();
  }
  page(reserved?: readonly MetricFamily[]) {
    return this.inner.page(reserved);
  }
  async close() {
    this.closed = true;
    await this.inner.close();
  }
}

async function startOn(factory: (context: StoreContext) => Promise<MetricStore>) {
  const parsed = parseFlags(['--web.listen-address=127.0.0.1:0']);
  if ('help' in parsed) throw new Error('help');
  const logger = new Logger({ write: () => undefined }, 'error', parsed.config.logFormat);
  return startGateway({ config: parsed.config, logger, defaultMetrics: false, clock: () => 1700000000, store: factory });
}

describe('GatewayOptions.store', () => {
  it('starts the gateway on the store the factory returns: a push lands in it and is served', async () => {
    let context: StoreContext | undefined;
    let store: RecordingStore | undefined;
    const running = await startOn(async (c) => {
      context = c;
      store = new RecordingStore(await LocalStore.open({ reserved: c.reserved, logger: c.logger }));
      return store;
    });
    try {
      expect(running.gateway.store).toBe(store);
      // The factory is given what LocalStore is opened with by default.
      expect(context?.reserved.get('pushgateway_build_info')?.type).toBe('gauge');
      expect(context?.config).toBe(running.gateway.config);
      expect(context?.logger).toBe(running.gateway.logger);

      const push = await fetch(`${running.url}/metrics/job/injected/instance/a`, { method: 'PUT', body: '# TYPE rows_written gauge\nrows_written 42\n' });
      expect(push.status).toBe(200);
      expect(store?.pushes).toBe(1);
      expect(store?.groups().map((g) => g.labels)).toEqual([['instance', 'a', 'job', 'injected']]);
      const group = store?.get(['instance', 'a', 'job', 'injected']);
      expect(group?.families.map((f) => f.name)).toEqual(['rows_written']);
      expect(group?.pushTimeSeconds).toBe(1700000000);
      const page = await (await fetch(`${running.url}/metrics`)).text();
      expect(page.split('\n')).toContain('rows_written{instance="a",job="injected"} 42');

      // The reserved families reach the store: a push of an own name with another type is refused.
      const clash = await fetch(`${running.url}/metrics/job/injected`, {
        method: 'PUT',
        body: '# TYPE pushgateway_build_info counter\npushgateway_build_info 1\n',
      });
      expect(clash.status).toBe(400);
      expect(await clash.text()).toContain("but gauge in the gateway's own metrics");
    } finally {
      await running.stop('test done');
    }
    expect(store?.closed).toBe(true);
  });

  it('answers 500 for a change the store could not persist, and serves nothing of it', async () => {
    let store: RecordingStore | undefined;
    const running = await startOn(async (c) => (store = new RecordingStore(await LocalStore.open({ reserved: c.reserved, logger: c.logger }))));
    try {
      store!.failNextPush = true;
      const push = await fetch(`${running.url}/metrics/job/injected`, { method: 'PUT', body: 'rows_written 42\n' });
      expect(push.status).toBe(500);
      expect(await push.text()).toBe('could not persist the change: the backend is down\n');
      expect(store?.size).toBe(0);
      expect(await (await fetch(`${running.url}/metrics`)).text()).not.toContain('rows_written');
    } finally {
      await running.stop('test done');
    }
  });
});
