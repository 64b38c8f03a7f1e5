/**
 * The CLI as CI users meet it (issue 17): no hangs, no false greens, no surprises. What
 * needs a real process (pipes, terminals, exit status) runs the built CLI as a child;
 * terminals are real pseudo-terminals (util-linux `script`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProtobuf, renderText } from '../../src/index.js';
import { requireProgram } from '../e2e/support.js';
import { runCli } from './run-cli.js';
import { cliCommand, inTerminal, runProcess } from './run-cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'expofmt-ci-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `n` lines, each a syntax error (a label value without quotes). */
function badLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `m${i}{a=1} 1\n`).join('');
}

describe('binary input', () => {
  it('stops at once with one E_BINARY_INPUT error for NUL bytes, at their line and column (a real executable)', () => {
    const result = runProcess(['lint', process.execPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^${process.execPath.replace(/[/.]/g, '\\$&')}:1:\\d+: the input is binary, not a text exposition: a NUL byte at byte offset \\d+ \\(delimited protobuf\\? expofmt lint --from protobuf reads it\\) \\[E_BINARY_INPUT\\]\\n$`,
      ),
    );
    expect(result.stderr).toBe('1 error(s), 0 warning(s)\n');
  });

  it('stops at once for input that is mostly invalid UTF-8 and control bytes, without NUL', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 7 === 6 ? 0x0a : 0x80 + (i % 64);
    const { code, stdout } = await runCli(['lint', '-f', 'json', file('noise.bin', bytes)]);
    expect(code).toBe(1);
    const rows = JSON.parse(stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line: 1, column: 1, code: 'E_BINARY_INPUT', severity: 'error' });
    expect(rows[0].message).toMatch(/^the input is binary, not a text exposition: \d+% of its first 4096 bytes are control bytes or invalid UTF-8/);
  });

  it('leaves text with a few bad bytes to the parser (E_INVALID_UTF8 at its place)', async () => {
    const bytes = Buffer.concat([Buffer.from('a{b="'), Buffer.from([0xff]), Buffer.from('"} 1\nok 2\n')]);
    const { stdout } = await runCli(['lint', '-f', 'json', '-d', 'W_NO_HELP', file('few.prom', bytes)]);
    expect(JSON.parse(stdout).map((d: { code: string; line: number }) => `${d.line} ${d.code}`)).toEqual(['1 E_INVALID_UTF8']);
  });
});

describe('--max-diagnostics', () => {
  it('prints 100 per file by default and says how many were left out; the exit status counts them all', async () => {
    const path = file('many.prom', badLines(250));
    const { code, stdout, stderr } = await runCli(['lint', path]);
    expect(code).toBe(1);
    expect(stdout.match(/\[E_EXPECTED_QUOTE\]/g)).toHaveLength(100);
    expect(stderr).toBe(`expofmt lint: ${path}: 150 more diagnostic(s) not shown (--max-diagnostics 100; 0 shows all)\n250 error(s), 0 warning(s)\n`);
  });

  it('takes another limit, 0 for all, in every format', async () => {
    const path = file('many2.prom', badLines(30));
    const json = await runCli(['lint', '-f', 'json', '--max-diagnostics', '5', path]);
    expect(JSON.parse(json.stdout)).toHaveLength(5);
    expect(json.stderr).toBe(`expofmt lint: ${path}: 25 more diagnostic(s) not shown (--max-diagnostics 5; 0 shows all)\n`);
    const github = await runCli(['lint', '-f', 'github', '--max-diagnostics', '7', path]);
    expect(github.stdout.split('\n').filter(Boolean)).toHaveLength(7);
    const all = await runCli(['lint', '--max-diagnostics', '0', path]);
    expect(all.stdout.match(/\[E_EXPECTED_QUOTE\]/g)).toHaveLength(30);
    expect(all.stderr).toBe('30 error(s), 0 warning(s)\n');
  });

  it('refuses a value that is not a whole number, saying what is allowed', async () => {
    const result = await runCli(['lint', '--max-diagnostics', 'ten', '-'], 'a 1\n');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "expofmt lint: --max-diagnostics must be a whole number (0 or more), got 'ten'\nsee `expofmt lint --help`\n",
    });
  });
});

describe('exit status', () => {
  it('keeps a failed lint a failure when the reader closes the pipe early (EPIPE)', () => {
    const path = file('pipe.prom', badLines(5000));
    // The output (about 300 KB) is far more than a pipe holds: head's exit breaks the pipe mid-write.
    const run = spawnSync(
      'bash',
      ['-c', `${cliCommand(['lint', '--max-diagnostics', '0', path])} 2>/dev/null | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stdout.trim()).toBe('1');
  });

  it('reports a missing file among several, lints the others, and exits 2', async () => {
    const a = file('a.prom', 'x{a=1} 1\n');
    const b = file('b.prom', 'y{b=2} 1\n');
    const missing = join(dir, 'missing.prom');
    const { code, stdout, stderr } = await runCli(['lint', '-f', 'json', a, missing, b]);
    expect(code).toBe(2);
    expect(stderr).toBe(`expofmt lint: cannot read ${missing}: no such file or directory\n`);
    expect(JSON.parse(stdout).map((d: { file: string; code: string }) => `${d.file} ${d.code}`)).toEqual([`${a} E_EXPECTED_QUOTE`, `${b} E_EXPECTED_QUOTE`]);
  });
});

describe('conventions', () => {
  it('prints the version for expofmt and every command; serve as Pushgateway prints it', async () => {
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    for (const argv of [['--version'], ['parse', '--version'], ['lint', '--version'], ['fmt', '--version'], ['merge', '--version']]) {
      expect(await runCli(argv)).toEqual({ code: 0, stdout: `expofmt ${version}\n`, stderr: '' });
    }
    const serve = await runCli(['serve', '--version']);
    expect(serve.code).toBe(0);
    // The layout of prometheus/common's version.Print, as `pushgateway --version` shows it.
    const real = spawnSync(requireProgram('prometheus-pushgateway'), ['--version'], { encoding: 'utf8' });
    const layout = (text: string) => text.split('\n').map((line) => line.replace(/:\s+.*$/, ':').replace(/, version .*$/, ', version'));
    // Pushgateway 1.5.1 (Debian's) predates the tags line that later ones print last.
    const ours = layout(serve.stdout);
    expect(ours.filter((line) => line !== '  tags:')).toEqual(layout(real.stdout + real.stderr));
    expect(ours).toContain('  tags:');
    expect(serve.stdout.split('\n')[0]).toBe(`pushgateway, version ${version} (branch: expofmt, revision: unknown)`);
  });

  it('colours pretty output on a terminal only, never with NO_COLOR, as --color says', () => {
    const path = file('colour.prom', 'x{a=1} 1\n');
    const lint = (args: string[]) => cliCommand(['lint', ...args, path]);
    const red = '\x1b[31m';
    expect(inTerminal(lint([])).output).toContain(`${red}${path}:1:5:`);
    expect(inTerminal(lint([]), { env: { NO_COLOR: '1' } }).output).not.toContain('\x1b[');
    expect(inTerminal(lint(['--color=never'])).output).not.toContain('\x1b[');
    expect(inTerminal(lint(['--color', 'always']), { env: { NO_COLOR: '1' } }).output).toContain(red);
    // Not a terminal: no colour unless always.
    expect(runProcess(['lint', path]).stdout).not.toContain('\x1b[');
    expect(runProcess(['lint', '--color=always', path]).stdout).toContain(red);
    expect(runProcess(['lint', '--color=sometimes', path]).stderr).toBe(
      "expofmt lint: --color must be always, never or auto, got 'sometimes'\nsee `expofmt lint --help`\n",
    );
  });

  it('names the closest known code for an unknown --disable code', async () => {
    const result = await runCli(['lint', '-d', 'W_NO_HLEP', '-'], 'a 1\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "expofmt lint: --disable: unknown code 'W_NO_HLEP'; did you mean W_NO_HELP? (expofmt lint --list-rules lists every code)\nsee `expofmt lint --help`\n",
    );
  });

  it('checks option values, saying what is allowed', async () => {
    expect((await runCli(['lint', '--max-warnings', '-1', '-'])).stderr.split('\n')[0]).toBe(
      "expofmt lint: --max-warnings must be a whole number (0 or more), got '-1'",
    );
    expect((await runCli(['merge', '--method', 'PATCH', '-g', 'job=a', 'x'])).stderr.split('\n')[0]).toBe(
      "expofmt merge: --method must be PUT or POST, got 'PATCH'",
    );
    expect((await runCli(['lint', '--group', 'job=a', '--dialect', 'openmetrics', '-'])).stderr.split('\n')[0]).toBe(
      'expofmt lint: --dialect does not apply to a push (--group, --groups): the gateway reads by --content-type',
    );
  });

  it('says so when standard input is a terminal', () => {
    const { output, code } = inTerminal(cliCommand(['parse', '-f', 'text']), { input: 'a 1\n' });
    expect(code).toBe(0);
    expect(output).toContain('expofmt parse: reading standard input from the terminal (end with Ctrl-D; expofmt parse --help for usage)\n');
    expect(runProcess(['parse', '-f', 'text'], { stdin: 'a 1\n' }).stderr).toBe('');
  });

  it('refuses binary output on a terminal unless -o FILE is given', () => {
    const input = file('proto-in.prom', '# TYPE a counter\na 1\n');
    const refused = inTerminal(cliCommand(['fmt', '--to', 'protobuf', input]));
    expect(refused.code).toBe(2);
    expect(refused.output).toBe(
      'expofmt fmt: --to protobuf writes binary data, not shown on a terminal: redirect stdout or give -o FILE\nsee `expofmt fmt --help`\n',
    );
    const out = join(dir, 'out.pb');
    const written = inTerminal(cliCommand(['fmt', '--to', 'protobuf', '-o', out, input]));
    expect(written).toEqual({ output: '', code: 0 });
    expect(renderText(parseProtobuf(readFileSync(out)).families)).toBe('# TYPE a counter\na 1\n');
    // A pipe takes it.
    const piped = execFileSync('bash', ['-c', `${cliCommand(['fmt', '--to', 'protobuf', input])} | wc -c`], { encoding: 'utf8' });
    expect(Number(piped.trim())).toBe(readFileSync(out).length);
  });
});

describe('hints for the classic mistakes, worded alike by parse and lint', () => {
  const cases: Array<[string, string | Uint8Array, string]> = [
    [
      'crlf.prom',
      'a 1\r\nb 2\r\n',
      'crlf.prom:1:3: expected float as value, got "1\\r" [E_INVALID_VALUE]\n 1 | a 1\\r\n   |   ^\n   = hint: this line ends with CR LF (Windows line endings); the format wants LF alone: convert the file (e.g. dos2unix)\n',
    ],
    [
      'bom.prom',
      '\ufeffa 1\n',
      "bom.prom:1:1: invalid metric name: expected a metric name, '{' or '#' at the start of a line, found '\\ufeff' [E_INVALID_METRIC_NAME]\n 1 | \\ufeffa 1\n   | ^\n   = hint: the input starts with a byte order mark (U+FEFF, bytes EF BB BF); save it as UTF-8 without BOM\n",
    ],
    [
      'nonl.prom',
      '# HELP a A.\n# TYPE a gauge\na 1',
      'nonl.prom:3:4: unexpected end of input stream [E_UNEXPECTED_EOF]\n 3 | a 1\n   |    ^\n   = hint: the input does not end with a newline; if it was sent with curl -d, which strips newlines, send it with --data-binary @FILE\n',
    ],
    [
      'quote.prom',
      '# HELP a A.\n# TYPE a gauge\na{x="1} 2\n',
      `quote.prom:3:5: label value "1} 2" contains unescaped new-line: expected '"' before the end of the line [E_UNESCAPED_NEWLINE]\n 3 | a{x="1} 2\n   |     ^\n   = hint: the label value opened by this quote has no closing quote on its line\n`,
    ],
  ];
  for (const [name, content, expected] of cases) {
    it(`${name}: the hint at the line, the same from parse and lint`, async () => {
      const path = file(name, content);
      const parse = await runCli(['parse', path]);
      expect(parse.code).toBe(1);
      expect(parse.stderr).toBe(`${dir}/${expected}`);
      const lint = await runCli(['lint', '--max-diagnostics', '1', path]);
      expect(lint.code).toBe(1);
      expect(lint.stdout).toBe(`${dir}/${expected}`);
    });
  }

  it('gives the hint in JSON too', async () => {
    const { stdout } = await runCli(['lint', '-f', 'json', file('crlf2.prom', 'a 1\r\n')]);
    expect(JSON.parse(stdout)[0].hint).toBe('this line ends with CR LF (Windows line endings); the format wants LF alone: convert the file (e.g. dos2unix)');
  });
});

describe('long lines', () => {
  it('shows a window of 120 code points around the column, not the whole line', async () => {
    const path = file('long.prom', `m{a="${'x'.repeat(5000)}",b=1} 1\n`);
    const { stdout } = await runCli(['lint', '-d', 'W_NO_HELP', path]);
    const [, excerpt, caret] = stdout.split('\n');
    // The last 120 code points: the window stops at the line's end.
    expect(excerpt).toBe(` 1 | …${'x'.repeat(112)}",b=1} 1`);
    expect(caret).toBe(`   | ${' '.repeat(1 + 112 + 4)}^`);
    const early = await runCli(['lint', '-d', 'W_NO_HELP', file('long2.prom', `m{a=1,b="${'y'.repeat(5000)}"} 1\n`)]);
    expect(early.stdout.split('\n').slice(1, 3)).toEqual([` 1 | m{a=1,b="${'y'.repeat(111)}…`, `   |     ^`]);
    expect(stdout.split('\n')[0]).toBe(`${path}:1:5010: expected '"' at start of label value, found '1' [E_EXPECTED_QUOTE]`);
  });
});
