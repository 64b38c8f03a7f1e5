/** PUT /api/v1/admin/wipe (routed only with `--web.enable-admin-api`): every group goes. */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';
import type { Turns } from './turns.js';

export function wipeHandler(gateway: Gateway, turns: Turns): Handler {
  return async (_req, res) => {
    const reply = await turns.run(() => gateway.wipe());
    sendText(res, reply.status, reply.body);
  };
}
