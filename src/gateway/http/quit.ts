/**
 * PUT or POST /-/quit (Pushgateway's handler/misc.go `Quit`): with `--web.enable-lifecycle`,
 * answers, then stops the server gracefully once the answer is out; 403 without.
 */
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { sendText } from './http-util.js';

export function quitHandler(gateway: Gateway, stop: (reason: string) => Promise<void>): Handler {
  return (_req, res) => {
    if (!gateway.config.enableLifecycle) return sendText(res, 403, 'Lifecycle API is not enabled.');
    sendText(res, 200, 'Requesting termination... Goodbye!');
    res.on('finish', () => void stop('/-/quit requested').catch(() => {}));
  };
}

/** Any other method: Pushgateway's own 405 text, without a newline. */
export const quitNotAllowedHandler: Handler = (_req, res) => sendText(res, 405, 'Only POST or PUT requests allowed.');
