/** GET /api/v1/metrics (Pushgateway's api/v1/api.go `metrics`): every group as JSON, written as it is made (stream-page.ts). */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { API_HEADERS } from './http-util.js';
import { streamPage } from './stream-page.js';

export function apiMetricsHandler(gateway: Gateway): Handler {
  return (req, res, _path, deadline) => streamPage(req, res, { contentType: 'application/json', headers: API_HEADERS, chunks: gateway.apiMetrics() }, deadline);
}
