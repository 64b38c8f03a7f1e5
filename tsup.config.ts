import { defineConfig } from 'tsup';

export default defineConfig({
  // `expofmt` (parse, render, validate, merge), `expofmt/parse`, `expofmt/render` and
  // `expofmt/protobuf` (each alone, for small bundles), `expofmt/gateway` (the embeddable
  // gateway), the CLI.
  entry: {
    index: 'src/index.ts',
    parse: 'src/entries/parse.ts',
    render: 'src/entries/render.ts',
    protobuf: 'src/entries/protobuf.ts',
    gateway: 'src/gateway/index.ts',
    cli: 'src/cli/main.ts',
    // `expofmt serve`'s store thread, a worker the CLI starts from this file.
    'store-thread': 'src/gateway/threads/store-thread.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      parse: 'src/entries/parse.ts',
      render: 'src/entries/render.ts',
      protobuf: 'src/entries/protobuf.ts',
      gateway: 'src/gateway/index.ts',
    },
  },
  target: 'node20',
  sourcemap: true,
  clean: true,
  // ESM chunks let lint load the chevrotain grammar only when a file has errors.
  // What that grammar imports goes to a chunk of its own: see src/grammar/lint-syntax.ts.
  splitting: true,
});
