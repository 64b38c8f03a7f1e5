/**
 * Issue 14 (UTF-8 names), A/B in one process: `renderText` and `renderOpenMetrics` of a
 * corpus with a baseline build against this one, alternating in rounds; prints the median
 * time ratio (this build / baseline). The baseline is a `dist/` built from an older commit:
 *
 *   git archive <commit> | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ && (cd /tmp/base && npx tsup)
 *   BASE_DIST=/tmp/base/dist/index.js node bench/escaping-ab.mjs bench/.corpora/high-cardinality.prom
 */
import fs from 'node:fs';

if (process.env.BASE_DIST === undefined || process.argv[2] === undefined) {
  console.error('usage: BASE_DIST=<baseline dist/index.js> node bench/escaping-ab.mjs <corpus.prom>');
  process.exit(2);
}
const base = await import(process.env.BASE_DIST);
const mine = await import('../dist/index.js');
const corpus = process.argv[2];
const text = fs.readFileSync(corpus, 'utf8');
const families = mine.parse(text).families;
const time = (fn, n) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
};
const cases = {
  text: [() => base.renderText(families), () => mine.renderText(families)],
  openmetrics: [() => base.renderOpenMetrics(families), () => mine.renderOpenMetrics(families)],
};
for (const [name, [a, b]] of Object.entries(cases)) {
  a();
  b();
  const ratios = [];
  for (let r = 0; r < 16; r++) {
    const ta = time(a, 5),
      tb = time(b, 5);
    ratios.push(tb / ta);
  }
  ratios.sort((x, y) => x - y);
  console.log(name, 'this branch / base time, median of 16 rounds:', ratios[8].toFixed(3), 'range', ratios[0].toFixed(3), '-', ratios[15].toFixed(3));
}
