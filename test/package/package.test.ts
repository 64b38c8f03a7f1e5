/**
 * The package as consumers get it (issue 17): the BUILT dist/ through the package's
 * `exports` (run `npx tsup` first; `npm test`'s pretest does). Its types type-check in a
 * strict project without @types/node (node16 and bundler resolution), ParseError works
 * with instanceof across the ESM and CommonJS builds, and a parse-only bundle leaves the
 * protobuf runtime out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, typed by use
import { PROGRAMS, bundle } from '../../bench/bundle-size.mjs';
import { labelsFromObject, labelsToObject } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** A consumer project: `expofmt` in its node_modules (a link to this checkout), nothing else. */
function consumer(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'expofmt-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/expofmt'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

beforeAll(() => {
  for (const file of ['index.d.ts', 'index.d.cts', 'parse.d.ts', 'render.d.ts', 'protobuf.d.ts', 'index.js', 'index.cjs']) {
    expect(existsSync(join(ROOT, 'dist', file)), `dist/${file} is missing: run \`npx tsup\` first`).toBe(true);
  }
});

const USE = `
import { parse, writeText, ParseError, labelsFromObject, type MetricFamily, type TextSink } from 'expofmt';
import { parse as parseOnly } from 'expofmt/parse';
import { renderText } from 'expofmt/render';
import { renderProtobuf } from 'expofmt/protobuf';
const families: MetricFamily[] = parse('a 1\\n').families;
const sink: TextSink = { write: () => true, once: () => undefined, removeListener: () => undefined };
void writeText(families, sink);
const text: string = renderText(parseOnly('b 2\\n').families);
const bytes: Uint8Array = renderProtobuf(families);
const labels: string[] = labelsFromObject({ job: 'a' });
try { parse('x{'); } catch (e) { if (e instanceof ParseError) console.log(e.diagnostic.line, text, bytes.length, labels); }
`;

describe('the published types', () => {
  for (const [resolution, module] of [
    ['node16', 'node16'],
    ['bundler', 'esnext'],
  ] as const) {
    it(`type-check with tsc --strict without @types/node (moduleResolution ${resolution})`, () => {
      const dir = consumer({
        'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: 'es2022', types: [], skipLibCheck: false },
          files: ['use.ts'],
        }),
        'use.ts': USE,
      });
      expect(existsSync(join(dir, 'node_modules/@types'))).toBe(false);
      const run = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }

  it('type-check from CommonJS too (node16)', () => {
    const dir = consumer({
      'package.json': JSON.stringify({ name: 'consumer', private: true }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: [] },
        files: ['use.cts'],
      }),
      'use.cts':
        "import { parse, ParseError } from 'expofmt';\nimport { parse as p2 } from 'expofmt/parse';\nconst n: number = parse('a 1\\n').families.length + p2('b 1\\n').families.length;\nexport const ok = n > 0 && ParseError !== undefined;\n",
    });
    const run = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('ParseError across the ESM and CommonJS builds (the dual-package hazard)', () => {
  it('is instanceof ParseError from either build, whichever threw it', () => {
    const dir = consumer({
      'check.mjs': `
import { createRequire } from 'node:module';
import * as esm from 'expofmt';
import * as esmParse from 'expofmt/parse';
const cjs = createRequire(import.meta.url)('expofmt');
const cjsProtobuf = createRequire(import.meta.url)('expofmt/protobuf');
const thrown = (f) => { try { f(); } catch (e) { return e; } throw new Error('no error'); };
const fromCjs = thrown(() => cjs.parse('x{'));
const fromEsm = thrown(() => esm.parse('x{'));
const fromProtobuf = thrown(() => cjsProtobuf.parseProtobuf(new Uint8Array([5, 1])));
console.log(JSON.stringify({
  distinctClasses: cjs.ParseError !== esm.ParseError,
  cjsIsEsm: fromCjs instanceof esm.ParseError,
  esmIsCjs: fromEsm instanceof cjs.ParseError,
  parseEntry: fromCjs instanceof esmParse.ParseError,
  protobufIsParseError: fromProtobuf instanceof esm.ParseError,
  protobufSubclass: fromProtobuf instanceof cjsProtobuf.ProtobufParseError,
  textIsNotProtobuf: fromEsm instanceof esm.ProtobufParseError,
  plainError: new Error('x') instanceof esm.ParseError,
  lookalike: { diagnostic: {} } instanceof esm.ParseError,
}));
`,
    });
    const out = execFileSync(process.execPath, [join(dir, 'check.mjs')], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      distinctClasses: true,
      cjsIsEsm: true,
      esmIsCjs: true,
      parseEntry: true,
      protobufIsParseError: true,
      protobufSubclass: true,
      textIsNotProtobuf: false,
      plainError: false,
      lookalike: false,
    });
  });
});

describe('entry points', () => {
  it('a parse + renderText bundle from expofmt/parse and expofmt/render takes in no protobuf code', async () => {
    const small = await bundle(PROGRAMS['expofmt/parse + expofmt/render (parse, renderText)']);
    expect(small.inputs.filter((f: string) => f.includes('@bufbuild'))).toEqual([]);
    const full = await bundle(PROGRAMS['expofmt (parse, renderText)']);
    expect(full.inputs.some((f: string) => f.includes('@bufbuild'))).toBe(true);
    expect(small.bytes).toBeLessThan(full.bytes / 2);
  }, 60_000);
});

describe('labelsFromObject', () => {
  it('is the inverse of labelsToObject', async () => {
    const fc = await import('fast-check');
    // Unique names that are not array indexes (JavaScript puts those first in an object).
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.string()), { selector: ([n]) => n, maxLength: 8 }), (pairs) => {
        const labels = pairs.flat();
        expect(labelsFromObject(labelsToObject(labels))).toEqual(labels);
        const object = Object.fromEntries(pairs);
        expect(labelsToObject(labelsFromObject(object))).toEqual(object);
      }),
    );
  });

  it('refuses a value that is not a string', () => {
    expect(() => labelsFromObject({ job: 'a', code: 200 as unknown as string })).toThrow(
      new TypeError('label "code" has a number value; label values are strings'),
    );
  });
});
