/**
 * GET on the telemetry path (`--web.telemetry-path`, Pushgateway's promhttp handler): the
 * page of the own metrics and every group, as delimited protobuf when `Accept` prefers it
 * (as promhttp negotiates: src/formats/negotiate.ts) and as text 0.0.4 otherwise, gzipped
 * when accepted. Either is made by PageRenderer, which reuses what did not change since
 * the last scrape, and streamed in time slices (stream-page.ts).
 */
import { negotiate } from '../../formats/negotiate.js';
import type { Gateway } from '../gateway.js';
import type { Handler } from './handler.js';
import { header } from './http-util.js';
import type { PageRenderer } from './page-renderer.js';
import { streamPage } from './stream-page.js';

export function scrapeHandler(gateway: Gateway, renderer: PageRenderer): Handler {
  return async (req, res, _path, deadline) => {
    const families = await gateway.scrapeFamilies();
    const format = negotiate(header(req, 'accept'));
    if (req.method === 'HEAD') return streamPage(req, res, { contentType: format.contentType, chunks: [] });
    const page = renderer.page(format, families);
    await streamPage(req, res, { contentType: format.contentType, chunks: page.chunks, release: page.release }, deadline);
  };
}
