/** OPTIONS on any `/api/v1/` path (Pushgateway's api/v1/api.go `options`): the CORS headers, no body. */
import type { Handler } from './handler.js';
import { API_HEADERS, sendText } from './http-util.js';

export const apiOptionsHandler: Handler = (_req, res) => sendText(res, 200, '', API_HEADERS);
