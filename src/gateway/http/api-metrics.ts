/** GET /api/v1/metrics (Pushgateway's api/v1/api.go `metrics`): every group as JSON. */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { API_HEADERS, sendBody } from './http-util.js';

export function apiMetricsHandler(gateway: Gateway): Handler {
  return (req, res) => sendBody(req, res, 200, 'application/json', gateway.apiMetrics(), API_HEADERS);
}
