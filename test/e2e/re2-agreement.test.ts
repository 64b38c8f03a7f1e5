/**
 * The regular expressions of deletion by matcher against Go's regexp itself (RE2, what
 * Prometheus 2.x runs for `=~`): re2-go/main.go, built with the Go toolchain, answers for
 * each expression and input whether the anchored expression matches; re2ToRegExp must
 * answer the same, and refuse what Go refuses. The expressions JavaScript cannot follow
 * are refused by us and accepted by Go: that list is the documented one (README).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { re2ToRegExp } from '../../src/gateway/store/re2-to-js.js';
import { INSTALL, repoRoot, requireProgram } from './support.js';

const run = promisify(execFile);

const INPUTS = [
  '',
  'a',
  'A',
  'ab',
  'abc',
  'a\nb',
  'a\rb',
  'a\u2028b',
  'batch-1',
  'xbatch-1',
  'BATCH-12',
  'é',
  'É',
  '😀',
  'a-b',
  'a.b',
  'a b',
  'a\tb',
  'a\u00a0b',
  'a\vb',
  ']',
  '^',
  '\\',
  'k',
  'K',
  '\u212a',
  'ſ',
  's',
  '_',
  '1',
  '٣',
];

/** Expressions both must agree on (match for match, or both refuse). */
const AGREE = [
  'a',
  'ab|a',
  'a|ab',
  'batch-.*',
  '(?i)batch-\\d+',
  '.*',
  '.+',
  'a.b',
  '(?s)a.b',
  '(?is)A.B',
  'a\\sb',
  'a\\Sb',
  '[\\s]',
  'a[\\s]b',
  '\\d',
  '\\D',
  '\\w',
  '\\W',
  '[a-c]+',
  '[^a]',
  '[]a]',
  '[^]a]',
  '\\Qa.b\\E',
  '\\Qa.b',
  'a\\.b',
  'a\\-b',
  'a\\]',
  '\\^',
  '\\\\',
  '\\x{1F600}',
  '\\x41',
  '\\pL',
  '\\PL',
  '\\p{L}',
  '\\p{Lu}',
  '\\p{Nd}+',
  '(?P<x>a)b',
  '(?:a)(b)',
  'a{2}',
  'a{1,2}b',
  'a*?b',
  'a+?',
  '\\Aab\\z',
  'x*',
  '(a|b)*c?',
  '[a-',
  'a(',
  '(?=a)',
  '(a)\\1',
  'a{1001}',
  'a{2,1001}',
  'a{1000}',
  '*',
  '\\8',
  '\\C',
  '(?i)k',
  '(?i)s',
];
/** Go accepts them; we refuse them on purpose (README: "Refused (400)"). */
const REFUSED = ['(?m)^a$', '(?U)a+', 'a(?i)b', '(?i:a)b', '[[:alpha:]]+'];

async function goAnswers(binary: string, cases: Array<{ re: string; inputs: string[] }>): Promise<Array<{ error?: string; matches?: boolean[] }>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(JSON.parse(out)) : reject(new Error(`re2-go exited ${code}: ${err}`))));
    child.stdin.end(JSON.stringify(cases));
  });
}

describe("RE2 in JavaScript, compared with Go's regexp", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('matches what Go matches and refuses what Go refuses', { timeout: 180_000 }, async () => {
    requireProgram('go', INSTALL);
    dir = await mkdtemp(join(tmpdir(), 'expofmt-re2-go-'));
    const binary = join(dir, 're2-go');
    await run('go', ['build', '-o', binary, '.'], {
      cwd: resolve(repoRoot, 'test/e2e/re2-go'),
      env: { ...process.env, GO111MODULE: 'off', GOPROXY: 'off', GOFLAGS: '', GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'expofmt-go-build-cache') },
      timeout: 170_000,
    });
    const go = await goAnswers(
      binary,
      [...AGREE, ...REFUSED].map((re) => ({ re, inputs: INPUTS })),
    );
    const differences: string[] = [];
    AGREE.forEach((re, i) => {
      let ours: RegExp | undefined;
      try {
        ours = re2ToRegExp(re);
      } catch (error) {
        if (go[i].error === undefined) differences.push(`${JSON.stringify(re)}: Go accepts it, we refuse it (${(error as Error).message})`);
        return;
      }
      if (go[i].error !== undefined) return differences.push(`${JSON.stringify(re)}: Go refuses it (${go[i].error}), we accept it`);
      INPUTS.forEach((input, j) => {
        if (ours.test(input) !== go[i].matches![j])
          differences.push(`${JSON.stringify(re)} on ${JSON.stringify(input)}: Go ${go[i].matches![j]}, we ${!go[i].matches![j]}`);
      });
    });
    expect(differences).toEqual([]);
    REFUSED.forEach((re, k) => {
      expect(go[AGREE.length + k].error, `Go accepts ${re}`).toBeUndefined();
      expect(() => re2ToRegExp(re), re).toThrow();
    });
  });
});
