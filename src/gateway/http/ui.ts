/** GET `/` (the Metrics page) and `/status` (the Status page) of the web UI (ui/). */
import type { Gateway } from '../gateway.js';
import { type PageOptions, UI_HEADERS } from '../ui/layout.js';
import { metricsPage } from '../ui/metrics-page.js';
import { statusPage } from '../ui/status-page.js';
import type { Handler } from './handler.js';
import { sendBody } from './http-util.js';
import { streamPage } from './stream-page.js';

/** The Metrics page is as big as the store: written as it is made (stream-page.ts). */
export function metricsPageHandler(gateway: Gateway): Handler {
  return (req, res, _path, deadline) =>
    streamPage(
      req,
      res,
      { contentType: 'text/html; charset=utf-8', headers: UI_HEADERS, chunks: metricsPage(gateway.currentGroups(), gateway.store.size, pageOptions(gateway)) },
      deadline,
    );
}

export function statusPageHandler(gateway: Gateway): Handler {
  return (req, res) => sendBody(req, res, 200, 'text/html; charset=utf-8', statusPage(gateway, pageOptions(gateway)), UI_HEADERS);
}

function pageOptions(gateway: Gateway): PageOptions {
  return { prefix: gateway.config.routePrefix, adminApi: gateway.config.enableAdminApi, utf8Names: gateway.config.enableUtf8Names };
}
