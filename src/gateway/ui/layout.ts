/**
 * The frame of every web UI page, in the spirit of Pushgateway's (resources/template.html):
 * the navigation bar, the style sheet, and the only script, a few inline lines for the
 * Delete Group and wipe buttons. Every pushed string goes through `escapeHtml`.
 */
import { createHash } from 'node:crypto';

export interface PageOptions {
  /** The route prefix: links are built under it. */
  prefix: string;
  adminApi: boolean;
  /** `--push.enable-utf8-names`: Delete Group paths write UTF-8 label names in the `values` scheme. */
  utf8Names?: boolean;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f7f7f9;color:#222}
nav{background:#343a40;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center}
nav a{color:#ddd;text-decoration:none}nav a.brand{color:#fff;font-weight:600}
main{padding:1rem}
details{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.4rem 0}
details>summary{padding:.5rem .7rem;cursor:pointer;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center}
details details{margin:.4rem .7rem}
.badge{display:inline-block;padding:.15rem .45rem;border-radius:3px;font-size:.8rem;background:#6c757d;color:#fff;font-family:monospace;white-space:pre-wrap;word-break:break-all}
.job{background:#e0a800;color:#222}.instance{background:#007bff}.label{background:#17a2b8}
.failed{background:#dc3545;border-radius:1rem}.help{background:#28a745}.type{background:#6f42c1}
.name{font-family:monospace;font-weight:600}.time{color:#666;font-size:.85rem}
table{border-collapse:collapse;margin:.3rem .7rem .7rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top;font-family:monospace}
button{margin-left:auto;border:1px solid #dc3545;background:#fff;color:#dc3545;border-radius:3px;cursor:pointer}
button.wipe{margin:0 0 .6rem}
`;

const SCRIPT = `
for (const b of document.querySelectorAll('button[data-delete]')) b.addEventListener('click', async (e) => {
  e.preventDefault();
  if (!confirm('Delete this group?')) return;
  const r = await fetch(b.dataset.delete, { method: 'DELETE' });
  if (r.ok) location.reload(); else alert('Delete failed: ' + r.status + ' ' + await r.text());
});
const w = document.querySelector('button[data-wipe]');
if (w) w.addEventListener('click', async () => {
  if (!confirm('Delete all groups?')) return;
  const r = await fetch(w.dataset.wipe, { method: 'PUT' });
  if (r.ok) location.reload(); else alert('Wipe failed: ' + r.status + ' ' + await r.text());
});
`;

/**
 * Headers of every UI page: the browser runs only this page's own style and script (by
 * hash), loads nothing from elsewhere, never sniffs a type, and never frames the page.
 */
export const UI_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(SCRIPT)}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
};

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

/** `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A whole page: `body` under the navigation bar, whose links are built under the route prefix. */
export function layout(title: string, options: PageOptions, body: string): string {
  const [head, tail] = layoutFrame(title, options);
  return head + body + tail;
}

/** What comes before and after a page's body (`layout`), for a page written in pieces. */
export function layoutFrame(title: string, options: PageOptions): [string, string] {
  const base = `${options.prefix}/`;
  return [
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><nav><a class="brand" href="${escapeHtml(base)}">Pushgateway (expofmt)</a><a href="${escapeHtml(base)}">Metrics</a><a href="${escapeHtml(`${base}status`)}">Status</a><a href="https://github.com/prometheus/pushgateway/blob/master/README.md">Help</a></nav>
<main>`,
    `</main><script>${SCRIPT}</script></body></html>
`,
  ];
}
