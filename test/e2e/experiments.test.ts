/**
 * scripts/pushgateway-experiments.sh run against the built CLI (two instances, started
 * by the script itself through PGW_CMD), compared experiment by experiment with
 * Pushgateway 1.5.1's output in docs/pushgateway-experiments.out. Unstable lines are
 * normalised away (experiments-compare.ts). Every experiment that still differs must be
 * one of those in known-differences.ts, each explained by a deliberate difference, and the
 * number of exact matches must not fall below what was measured there.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareOutputs } from './experiments-compare.js';
import { KNOWN_DIFFERENCES, KNOWN_SECTION_DIFFERENCES, MEASURED_MATCHES } from './known-differences.js';
import { artifactsDir, freePort, HOOK_TIMEOUT_MS, INSTALL, PYTHON, repoRoot, requireBuiltCli, requireProgram, requirePythonClient } from './support.js';

const run = promisify(execFile);

describe('scripts/pushgateway-experiments.sh against `expofmt serve`', () => {
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it(`matches Pushgateway 1.5.1 in at least ${MEASURED_MATCHES} of the 123 experiments, and differs only where documented`, { timeout: 170_000 }, async () => {
    const script = resolve(repoRoot, 'scripts/pushgateway-experiments.sh');
    const baselineFile = resolve(repoRoot, 'docs/pushgateway-experiments.out');
    if (!existsSync(script) || !existsSync(baselineFile)) throw new Error(`${script} or ${baselineFile} is missing from the clone`);
    for (const program of ['bash', 'curl', 'jq', 'gzip', 'awk', 'sed', 'od']) requireProgram(program, INSTALL);
    requirePythonClient();
    requireBuiltCli();

    work = await mkdtemp(join(tmpdir(), 'expofmt-e2e-experiments-'));
    const wrapper = join(work, 'expofmt-serve');
    await writeFile(
      wrapper,
      `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(resolve(repoRoot, 'bin/expofmt.js'))} serve "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    const [port, port2] = [await freePort(), await freePort()];

    const { stdout } = await run('bash', ['-c', 'bash "$0" 2>&1', script], {
      cwd: work,
      env: { ...process.env, PGW_CMD: wrapper, PGW_PORT: String(port), PGW_PORT2: String(port2), PYTHON },
      timeout: 160_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    await mkdir(artifactsDir, { recursive: true });
    await writeFile(join(artifactsDir, 'pushgateway-experiments.expofmt.out'), stdout);
    expect(stdout).toMatch(/\ndone: 123 experiments\n$/);
    expect(stdout).not.toContain('section skipped');

    // The baseline ran on the script's default ports.
    const ours = stdout.replaceAll(`127.0.0.1:${port}`, '127.0.0.1:19091').replaceAll(`127.0.0.1:${port2}`, '127.0.0.1:19092');
    const result = compareOutputs(await readFile(baselineFile, 'utf8'), ours);
    expect(result.experiments).toHaveLength(123);

    const unexplained = result.differing.filter((n) => KNOWN_DIFFERENCES[n] === undefined);
    const unexplainedSections = result.differingSections.filter((s) => KNOWN_SECTION_DIFFERENCES[s] === undefined);
    const report = [
      `${result.matching.length} of 123 experiments match exactly; differing: ${result.differing.map((n) => `E${n}`).join(' ')}`,
      ...[...unexplained.map((n) => `E${n}`), ...unexplainedSections].map((k) => `unexplained difference in ${k}:\n${result.diffs.get(k)}`),
    ].join('\n');
    console.log(report.split('\n')[0]);
    expect(unexplained, report).toEqual([]);
    expect(unexplainedSections, report).toEqual([]);
    expect(result.matching.length, report).toBeGreaterThanOrEqual(MEASURED_MATCHES);
  });
});
