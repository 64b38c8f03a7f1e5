/**
 * `/-/healthy` and `/-/ready` (Pushgateway's handler/misc.go): `OK` while the server runs;
 * `/-/ready` answers 503 while the store cannot take changes (a replicated store that lost
 * its servers), so that a load balancer sends pushes to another replica.
 */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';

export const healthyHandler: Handler = (_req, res) => sendText(res, 200, 'OK');

export function readyHandler(gateway: Gateway): Handler {
  return (_req, res) => (gateway.store.ready?.() === false ? sendText(res, 503, 'store unavailable') : sendText(res, 200, 'OK'));
}
