/**
 * The built CLI (`bin/expofmt.js`, dist/ from `npm test`'s pretest) as a child process,
 * for what only a real process shows: exit status on a closed pipe, terminals, memory.
 * A terminal is a real pseudo-terminal from util-linux `script`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/expofmt.js`;

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function requireBuilt(): void {
  if (!existsSync(`${ROOT}dist/cli.js`)) throw new Error('dist/cli.js is missing: run `npx tsup` (npm test builds it first)');
}

/** `node bin/expofmt.js ...argv`, stdin given or empty. */
export function runProcess(argv: string[], options: { stdin?: string | Uint8Array; env?: NodeJS.ProcessEnv } = {}): ProcessResult {
  requireBuilt();
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    input: options.stdin ?? '',
    env: { ...process.env, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

/** A shell command line (quoted for bash): `node bin/expofmt.js ARGS`. */
export function cliCommand(argv: string[]): string {
  return [process.execPath, BIN, ...argv].map(quote).join(' ');
}

export function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a bash command line in a pseudo-terminal (stdin, stdout and stderr are the
 * terminal); returns what the terminal showed (CR LF as LF) and the exit status, which the
 * line prints last as `<exit N>`.
 */
export function inTerminal(commandLine: string, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): { output: string; code: number } {
  requireBuilt();
  let scriptPath: string;
  try {
    scriptPath = execFileSync('bash', ['-c', 'command -v script'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('script (util-linux) is not installed: apt-get install util-linux (scripts/install-test-deps.sh)');
  }
  const shown = execFileSync(scriptPath, ['-qec', `${commandLine}; echo "<exit $?>"`, '/dev/null'], {
    input: options.input ?? '',
    env: { ...process.env, TERM: 'xterm', ...options.env },
    encoding: 'utf8',
  }).replace(/\r\n/g, '\n');
  const match = /<exit (\d+)>\n?$/.exec(shown);
  if (match === null) throw new Error(`no exit status in the terminal's output:\n${shown}`);
  return { output: shown.slice(0, match.index), code: Number(match[1]) };
}
