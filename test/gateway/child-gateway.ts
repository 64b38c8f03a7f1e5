/** `expofmt serve` in a child process for the kill -9 test: prints `URL <url>` once listening. */
import { serveCommand } from '../../src/cli/serve-command.js';

const code = await serveCommand(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  {
    onListening: (url) => process.stdout.write(`URL ${url}\n`),
  },
);
process.exit(code);
