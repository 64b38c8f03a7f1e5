/** DELETE on a push path (Pushgateway's handler/delete.go): removes exactly that group. */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';
import type { Turns } from './turns.js';

export function deleteHandler(gateway: Gateway, turns: Turns): Handler {
  return async (_req, res, path) => {
    const reply = await turns.run(() => gateway.delete(path));
    sendText(res, reply.status, reply.body);
  };
}
