/**
 * PUT and POST on a push path (Pushgateway's handler/push.go): the body is read under
 * `--push.max-body-bytes` and handed to the Gateway, whose reply is written; then the push
 * size and duration summaries are observed.
 */
import { performance } from 'node:perf_hooks';
import { type Gateway, type Reply, TTL_HEADER, busyReply, tooLargeReply } from '../gateway.js';
import type { Handler } from './handler.js';
import { header, readBody, sendText } from './http-util.js';
import type { Turns } from './turns.js';

export function pushHandler(gateway: Gateway, turns: Turns): Handler {
  const { config } = gateway;
  return async (req, res, path) => {
    const started = performance.now();
    const method = req.method === 'PUT' ? 'PUT' : 'POST';
    const body = await readBody(req, config.maxBodyBytes, gateway.pending);
    if (body === 'too large' || body === 'busy') {
      const reply = body === 'busy' ? busyReply(gateway.pending.limit) : tooLargeReply(config.maxBodyBytes);
      sendText(res, reply.status, reply.body, { Connection: 'close', ...reply.headers });
      return;
    }
    let reply: Reply;
    try {
      reply = await turns.run(() =>
        gateway.push({
          method,
          path,
          body,
          contentEncoding: header(req, 'content-encoding'),
          contentType: header(req, 'content-type'),
          ttl: header(req, TTL_HEADER.toLowerCase()),
        }),
      );
    } finally {
      gateway.pending.give(body.length);
    }
    sendText(res, reply.status, reply.body, reply.headers);
    const labels = { method: method.toLowerCase() };
    gateway.own.pushSize.observe(labels, body.length);
    gateway.own.pushDuration.observe(labels, (performance.now() - started) / 1000);
  };
}
