// Preloaded (node --require) into a CLI child by big-input.test.ts: writes the process's
// peak resident set size, in KiB, to the file EXPOFMT_RSS_FILE names, when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  writeFileSync(process.env.EXPOFMT_RSS_FILE, String(process.resourceUsage().maxRSS));
});
