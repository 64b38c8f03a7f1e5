import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  target: 'node20',
  sourcemap: true,
  clean: true,
  // ESM chunks let lint load the chevrotain grammar only when a file has errors.
  splitting: true,
});
