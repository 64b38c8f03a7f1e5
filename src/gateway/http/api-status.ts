/** GET /api/v1/status (Pushgateway's api/v1/api.go `status`): build information, flags, start time. */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { API_HEADERS, sendBody } from './http-util.js';

export function apiStatusHandler(gateway: Gateway): Handler {
  return (req, res) => sendBody(req, res, 200, 'application/json', gateway.apiStatus(), API_HEADERS);
}
