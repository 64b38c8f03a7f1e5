/**
 * The floor under any parser that returns expofmt's model: the time to build the result
 * objects alone, with the scanning done beforehand. For every sample line it slices the
 * label names and values out of the text into a flat array and makes a metric object
 * holding it and the value (a parse also makes bucket and quantile objects, so this is a
 * little less than a parse allocates). No scanning, no checks, no families.
 *
 * `run.mjs` measures it beside the charCodeAt baseline: where building the result alone
 * is slower than some share of the baseline, no parser of this model reaches that share.
 */

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"/g;

/**
 * Finds, outside any timing, where each sample line's label names and values are; returns
 * a function that builds the result objects from those offsets and returns their count.
 */
export function resultBuilder(text) {
  const values = [];
  const offsets = []; // per sample line: name start, name end, value start, value end, ...
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) !== 0x23 && end > start) {
      const line = text.slice(start, end);
      const pairs = [];
      const brace = line.indexOf('{');
      const close = line.lastIndexOf('}');
      if (brace >= 0) {
        const inside = line.slice(0, close + 1);
        LABEL_PAIR.lastIndex = brace;
        for (let m; (m = LABEL_PAIR.exec(inside)); ) {
          const nameStart = start + m.index;
          const valueStart = nameStart + m[1].length + 2;
          pairs.push(nameStart, nameStart + m[1].length, valueStart, valueStart + m[2].length);
        }
      }
      const rest = line
        .slice(close + 1)
        .trim()
        .split(/\s+/);
      values.push(Number(rest[0]));
      offsets.push(pairs);
    }
    start = end + 1;
  }
  return function buildResult() {
    const metrics = [];
    for (let i = 0; i < offsets.length; i++) {
      const pairs = offsets[i];
      const labels = new Array(pairs.length >> 1);
      for (let j = 0, k = 0; j < pairs.length; j += 4) {
        labels[k++] = text.slice(pairs[j], pairs[j + 1]);
        labels[k++] = text.slice(pairs[j + 2], pairs[j + 3]);
      }
      metrics.push({ labels, value: values[i], line: i + 1 });
    }
    return metrics.length;
  };
}
