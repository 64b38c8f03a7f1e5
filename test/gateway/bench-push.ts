/**
 * Push throughput of `expofmt serve`, persistence off and on (journal fsynced per
 * acknowledged push, concurrent pushes sharing one fsync). Not a test: run it with
 *   npx tsx test/gateway/bench-push.ts [pushes] [concurrency...]
 * Each push PUTs 10 series to one of 200 groups over keep-alive HTTP on 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, parseFlags, startGateway } from '../../src/gateway/index.js';

const pushes = Number(process.argv[2] ?? 4000);
const concurrencies = process.argv.slice(3).map(Number);
if (concurrencies.length === 0) concurrencies.push(1, 16);

const body = (i: number) => {
  let text = '# TYPE bench_requests_total counter\n';
  for (let s = 0; s < 10; s++) text += `bench_requests_total{code="${200 + s}"} ${i * 10 + s}\n`;
  return text;
};

function put(agent: Agent, port: number, path: string, data: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'PUT', agent, headers: { 'Content-Length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function run(persist: boolean, concurrency: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'expofmt-bench-'));
  const flags = ['--web.listen-address=127.0.0.1:0', '--log.level=error'];
  if (persist) flags.push(`--persistence.file=${join(dir, 'pgw.data')}`);
  const parsed = parseFlags(flags);
  if ('help' in parsed) throw new Error();
  const running = await startGateway({ config: parsed.config, logger: new Logger(process.stderr, 'error'), defaultMetrics: false });
  const port = Number(new URL(running.url).port);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pushes) {
        const i = next++;
        const status = await put(agent, port, `/metrics/job/bench/instance/i${i % 200}`, body(i));
        if (status !== 200) throw new Error(`push answered ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  await running.stop();
  await rm(dir, { recursive: true, force: true });
  return pushes / seconds;
}

for (const concurrency of concurrencies) {
  for (const persist of [false, true]) {
    const rate = await run(persist, concurrency);
    console.log(`persistence ${persist ? 'on ' : 'off'}  concurrency ${String(concurrency).padStart(2)}  ${rate.toFixed(0).padStart(6)} pushes/s`);
  }
}
