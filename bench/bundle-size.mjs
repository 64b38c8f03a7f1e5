/**
 * What each entry point costs a browser bundle: esbuild (minified, tree-shaken, platform
 * browser) bundles a small program that uses it, from the built dist/ through the
 * package's `exports`, and prints the minified and gzipped sizes. Run after `npx tsup`:
 * `node bench/bundle-size.mjs`. Figures go in README.md ("Entry points").
 */
import { mkdtempSync, symlinkSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The programs measured: what a consumer writes. */
export const PROGRAMS = {
  'expofmt/parse (parse)': `import { parse } from 'expofmt/parse'; console.log(parse(globalThis.input).families.length);`,
  'expofmt/parse + expofmt/render (parse, renderText)': `import { parse } from 'expofmt/parse'; import { renderText } from 'expofmt/render'; console.log(renderText(parse(globalThis.input).families));`,
  'expofmt/protobuf (parseProtobuf, renderProtobuf)': `import { parseProtobuf, renderProtobuf } from 'expofmt/protobuf'; console.log(renderProtobuf(parseProtobuf(globalThis.input).families).length);`,
  'expofmt (parse, renderText)': `import { parse, renderText } from 'expofmt'; console.log(renderText(parse(globalThis.input).families));`,
};

/** Bundles `code` as a consumer project would; resolves to its bytes and the files it took in. */
export async function bundle(code) {
  const dir = mkdtempSync(join(tmpdir(), 'expofmt-bundle-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/expofmt'), 'dir');
    writeFileSync(join(dir, 'app.mjs'), code);
    const result = await build({
      entryPoints: [join(dir, 'app.mjs')],
      absWorkingDir: dir,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles[0].contents;
    return { bytes: bytes.length, gzip: gzipSync(bytes).length, inputs: Object.keys(result.metafile.inputs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log('| program | minified | gzipped |\n| --- | --- | --- |');
  for (const [name, code] of Object.entries(PROGRAMS)) {
    const { bytes, gzip } = await bundle(code);
    console.log(`| ${name} | ${kb(bytes)} | ${kb(gzip)} |`);
  }
}
