/**
 * GET on the telemetry path (`--web.telemetry-path`, Pushgateway's promhttp handler): the
 * page of the own metrics and every group, as delimited protobuf when `Accept` prefers it
 * (as promhttp negotiates: src/formats/negotiate.ts) and as text 0.0.4 otherwise, gzipped
 * when accepted, with names under the escaping scheme the `Accept` names (`underscores`
 * when none: UTF-8 names reach old scrapers escaped). Either is made by PageRenderer,
 * which reuses what did not change since the last scrape, and streamed in time slices
 * (stream-page.ts).
 */
import { negotiateScrape } from '../../formats/negotiate.js';
import { type Gateway, goErrors } from '../gateway.js';
import type { Handler } from './handler.js';
import { header } from './http-util.js';
import type { PageRenderer } from './page-renderer.js';
import { streamPage } from './stream-page.js';

export function scrapeHandler(gateway: Gateway, renderer: PageRenderer): Handler {
  return async (req, res, _path, deadline) => {
    const families = await gateway.scrapeFamilies();
    const { format, escaping, escapingAsked, contentType: named } = negotiateScrape(header(req, 'accept'));
    // Pushgateway 1.11 always names the scheme; with UTF-8 names off and none asked for,
    // the page is 1.5.1's and so is its Content-Type.
    const contentType = escapingAsked || gateway.config.enableUtf8Names ? named : format.contentType;
    if (req.method === 'HEAD') return streamPage(req, res, { contentType, chunks: [] });
    const page = renderer.page(format, families, escaping, gateway.namesMayNeedEscaping);
    if (page.conflicts.length > 0) {
      gateway.logger.warn('left metrics whose names collide once escaped out of the scrape', {
        escaping,
        count: page.conflicts.length,
        err: goErrors(page.conflicts),
      });
    }
    await streamPage(req, res, { contentType, chunks: page.chunks, release: page.release }, deadline);
  };
}
