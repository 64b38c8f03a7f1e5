/**
 * The escaping half of scrape negotiation, as promhttp's expfmt.Negotiate (prometheus/common
 * v0.69.0, Pushgateway 1.11.3): the rows of upstream's TestNegotiate (default scheme
 * `underscores`) with the Content-Type it answers, and what real scrapers send.
 */
import { describe, expect, it } from 'vitest';
import { negotiateScrape } from '../../src/formats/negotiate.js';

const PB = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily';
const PB_TYPE = 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

describe('negotiateScrape', () => {
  const table: Array<[string | undefined, string]> = [
    // Upstream's TestNegotiate, for the formats a Pushgateway serves.
    [`${PB};encoding=delimited`, `${PB_TYPE}; escaping=underscores`],
    ['text/plain;version=0.0.4', `${TEXT}; escaping=underscores`],
    [`${PB};encoding=delimited; escaping=allow-utf-8;`, `${PB_TYPE}; escaping=allow-utf-8`],
    ['text/plain;version=0.0.4;', `${TEXT}; escaping=underscores`],
    ['text/plain;version=0.0.4; escaping=values;', `${TEXT}; escaping=values`],
    // Each scheme, each format.
    ['text/plain;version=0.0.4;escaping=dots', `${TEXT}; escaping=dots`],
    ['text/plain;version=0.0.4;escaping=allow-utf-8', `${TEXT}; escaping=allow-utf-8`],
    [`${PB};encoding=delimited;escaping=values`, `${PB_TYPE}; escaping=values`],
    [`${PB};encoding=delimited;escaping=dots`, `${PB_TYPE}; escaping=dots`],
    // Text 1.0.0 is no 0.0.4 entry; its scheme still counts, and text 0.0.4 is served.
    ['text/plain;version=1.0.0;escaping=allow-utf-8', `${TEXT}; escaping=allow-utf-8`],
    ['application/openmetrics-text;version=1.0.0;escaping=values', `${TEXT}; escaping=values`],
    // Prometheus 3.x's default scrape Accept header.
    [
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
      `${TEXT}; escaping=allow-utf-8`,
    ],
    // Prometheus 2.42's: no scheme, so underscores.
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      `${TEXT}; escaping=underscores`,
    ],
    // An unknown scheme is ignored; a later known one wins; the one of a matched entry is the last taken.
    ['text/plain;escaping=bogus', `${TEXT}; escaping=underscores`],
    ['text/plain;escaping=Values', `${TEXT}; escaping=underscores`],
    ['text/html;escaping=dots,text/plain', `${TEXT}; escaping=dots`],
    [`text/plain;escaping=dots,${PB};encoding=delimited;escaping=values`, `${TEXT}; escaping=dots`],
    // Go reads the parameter name case-sensitively.
    ['text/plain;Escaping=values', `${TEXT}; escaping=underscores`],
    // A zero-quality entry is not chosen, but its scheme counts when it is reached.
    [`${PB};encoding=delimited;escaping=values;q=0`, `${TEXT}; escaping=values`],
    ['*/*', `${TEXT}; escaping=underscores`],
    [undefined, `${TEXT}; escaping=underscores`],
  ];

  it.each(table)('%s', (accept, contentType) => {
    expect(negotiateScrape(accept).contentType).toBe(contentType);
  });

  it('says whether the scheme was asked for', () => {
    expect(negotiateScrape('text/plain').escapingAsked).toBe(false);
    expect(negotiateScrape('text/plain;escaping=underscores').escapingAsked).toBe(true);
    expect(negotiateScrape('text/plain;escaping=nope').escapingAsked).toBe(false);
    expect(negotiateScrape(undefined)).toMatchObject({ escaping: 'underscores', escapingAsked: false });
  });
});
