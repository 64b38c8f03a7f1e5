/** The web UI's Status page: the start time, build information and the flags as given. */
import type { Gateway } from '../gateway.js';
import { VERSION } from '../version.js';
import { type PageOptions, escapeHtml, layout } from './layout.js';

/** The Status page: start time, build information, the flags as given. */
export function statusPage(gateway: Gateway, options: PageOptions): string {
  const table = (rows: Array<[string, string]>) =>
    `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
  const body = `<h2>Status</h2>${table([['Started', gateway.startTime.toISOString()]])}
<h2>Build Information</h2>${table([
    ['version', VERSION],
    ['implementation', 'expofmt serve'],
    ['nodeVersion', process.version],
  ])}
<h2>Startup Flags</h2>${table(Object.entries(gateway.config.flags))}`;
  return layout('Prometheus Pushgateway - Status', options, body);
}
