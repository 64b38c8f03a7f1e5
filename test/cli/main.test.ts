/** The top level of the CLI: help, unknown commands and options, exit codes. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('expofmt', () => {
  it('prints the usage on stdout and exits 0 with --help, -h or help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: expofmt <command> \[options\]\n/);
    expect(result.stdout).toContain('\n  parse     parse an exposition and print it as JSON or text\n');
    expect(await runCli(['-h'])).toEqual(result);
    expect(await runCli(['help'])).toEqual(result);
  });

  it('prints the usage on stderr and exits 2 without a command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: expofmt <command>/);
  });

  it('exits 2 on an unknown command or option: one line naming it, and where help is', async () => {
    const command = await runCli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stdout).toBe('');
    expect(command.stderr).toBe("expofmt: unknown command 'frobnicate'\nsee `expofmt --help`\n");
    expect((await runCli(['lnit'])).stderr).toBe("expofmt: unknown command 'lnit'; did you mean lint?\nsee `expofmt --help`\n");
    const option = await runCli(['--bogus']);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe("expofmt: unknown option '--bogus'\nsee `expofmt --help`\n");
    const help = await runCli(['help', 'nope']);
    expect(help.code).toBe(2);
    expect(help.stderr).toMatch(/^expofmt help: unknown command 'nope'\n/);
  });
});
