/** `/-/healthy` and `/-/ready` (Pushgateway's handler/misc.go): `OK` while the server runs. */
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';

export const healthyHandler: Handler = (_req, res) => sendText(res, 200, 'OK');

export const readyHandler: Handler = (_req, res) => sendText(res, 200, 'OK');
