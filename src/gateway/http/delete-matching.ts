/**
 * PUT or POST /api/v1/admin/delete_groups (routed only with `--web.enable-admin-api`):
 * deletes every group whose grouping labels match a selector, as Prometheus's
 * delete_series takes them: one or more `match[]` parameters, in the query string or a
 * form body, each a PromQL selector such as `{job=~"batch-.*",env!="prod"}`; a group any
 * of them matches goes. `dry_run=true` only lists what would go.
 */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { API_HEADERS, header, readBody, sendText } from './http-util.js';
import type { Turns } from './turns.js';

export function deleteMatchingHandler(gateway: Gateway, turns: Turns): Handler {
  return async (req, res) => {
    const params = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const body = await readBody(req, gateway.config.maxBodyBytes);
    if (body === 'too large') return sendText(res, 413, `request body is larger than ${gateway.config.maxBodyBytes} bytes\n`, { Connection: 'close' });
    if ((header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(Buffer.from(body).toString('utf8'))) params.append(name, value);
    }
    const dryRun = ['true', '1'].includes(params.get('dry_run') ?? '');
    const reply = await turns.run(() => gateway.deleteMatching(params.getAll('match[]'), dryRun));
    sendText(res, reply.status, reply.body, { ...API_HEADERS, 'Content-Type': 'application/json' });
  };
}
