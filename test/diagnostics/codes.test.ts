/** The registry of diagnostic codes (src/codes.ts): complete, used, listed by the CLI, and in the README. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlockOf, codeTable } from '../../scripts/code-table.js';
import { CODES, type Code } from '../../src/codes.js';
import { RULES } from '../../src/validate/validate.js';
import { runCli } from '../cli/run-cli.js';

const root = resolve(__dirname, '../..');
const registry = Object.keys(CODES) as Code[];

/** Every .ts file under src/ but the registry itself, with its text. */
function sources(): Array<{ path: string; text: string }> {
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'codes.ts');
  return files.map((f) => ({ path: `src/${f}`, text: readFileSync(join(root, 'src', f), 'utf8') }));
}

/** Code string literals ('E_X' or "E_X"); backquoted mentions in comments are prose, not codes. */
const CODE_LITERAL = /['"]([EWI]_[A-Z0-9_]+)['"]/g;

describe('the code registry', () => {
  const literals = new Map<string, string>();
  for (const { path, text } of sources()) for (const m of text.matchAll(CODE_LITERAL)) literals.set(m[1], path);

  it('holds every code string found in src/', () => {
    const missing = [...literals].filter(([code]) => !Object.hasOwn(CODES, code)).map(([code, path]) => `${code} (${path})`);
    expect(missing, 'add these to CODES in src/codes.ts').toEqual([]);
  });

  it('holds no code that src/ never uses', () => {
    expect(
      registry.filter((code) => !literals.has(code)),
      'remove these from CODES, or emit them',
    ).toEqual([]);
  });

  it('gives each code the severity its prefix says', () => {
    const prefix = { error: 'E_', warning: 'W_', info: 'I_' } as const;
    for (const code of registry) expect(code.startsWith(prefix[CODES[code].severity]), code).toBe(true);
  });

  it('agrees with the severity of every validation rule', () => {
    for (const rule of RULES) expect(rule.severity, rule.code).toBe(CODES[rule.code].severity);
  });

  it('describes every code on one line', () => {
    for (const code of registry) expect(CODES[code].description, code).toMatch(/^[^\n]{10,120}$/);
  });
});

describe('expofmt lint --list-rules', () => {
  it('prints every code once, sorted, in aligned columns', async () => {
    const result = await runCli(['lint', '--list-rules']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(registry.length);
    expect(lines.map((l) => l.split(' ')[0])).toEqual([...registry].sort((a, b) => (a < b ? -1 : 1)));
    expect(lines).toContain(
      'E_DUPLICATE_SERIES               error    validate,merge  the same series (name and label set) appears twice, in one payload or across groups',
    );
    expect(lines).toContain('W_NO_HELP                        warning  validate        a family has no HELP text');
    expect(lines).toContain('I_UNIT_DROPPED                   info     render          text 0.0.4 has no UNIT: the unit is left out');
    expect(lines).toContain('E_OM_MISSING_EOF                 error    openmetrics     the input does not end with the line # EOF');
    // Descriptions start in one column.
    expect(new Set(lines.map((l) => l.indexOf(CODES[l.split(' ')[0] as Code].description))).size).toBe(1);
  });

  it('prints a JSON array with --format json', async () => {
    const result = await runCli(['lint', '--list-rules', '--format', 'json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<Record<string, string>>;
    expect(rows).toHaveLength(registry.length);
    expect(rows.find((r) => r.code === 'E_INVALID_LABEL_NAME')).toEqual({
      code: 'E_INVALID_LABEL_NAME',
      severity: 'error',
      stage: 'text,protobuf',
      description: CODES.E_INVALID_LABEL_NAME.description,
    });
  });

  it('is named by --help', async () => {
    expect((await runCli(['lint', '--help'])).stdout).toContain('--list-rules');
  });
});

describe('expofmt lint --disable', () => {
  it('refuses an unknown code, naming it, the closest known code and --list-rules', async () => {
    const result = await runCli(['lint', '--disable', 'W_NO_HELP,W_NO_HLEP'], 'a 1\n');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      "expofmt lint: --disable: unknown code 'W_NO_HLEP'; did you mean W_NO_HELP? (expofmt lint --list-rules lists every code)",
    );
  });

  it('takes any known code, parser codes included', async () => {
    const result = await runCli(['lint', '-f', 'json', '-d', 'E_EXPECTED_QUOTE,W_NO_HELP'], 'x{a=1} 1\n');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});

describe("README.md's code table", () => {
  it('is what the registry generates', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(codeBlockOf(readme), 'README.md is out of date: run `npm run generate:codes`').toBe(codeTable());
  });
});
