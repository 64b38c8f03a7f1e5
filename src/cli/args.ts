/**
 * A small command-line option parser: long options (`--format json`, `--format=json`),
 * one-letter aliases (`-f json`, `-h`), `--` to end options, and `-` as a positional
 * (standard input). Written here rather than taken from `node:util` `parseArgs` so the
 * error messages are short and ours.
 */

export interface OptionSpec {
  kind: 'string' | 'boolean';
  /** One-letter alias, without the dash. */
  short?: string;
}

export interface ParsedArgs {
  options: Record<string, string | boolean>;
  positionals: string[];
}

/** Bad usage: the CLI prints the message with the command's usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = arg.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      if (!Object.hasOwn(spec, name)) throw new UsageError(`unknown option '--${name}'`);
    } else {
      name = arg.length === 2 ? byShort.get(arg[1]) : undefined;
      if (name === undefined) throw new UsageError(`unknown option '${arg}'`);
    }
    if (spec[name].kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      options[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    options[name] = value;
  }
  return { options, positionals };
}
