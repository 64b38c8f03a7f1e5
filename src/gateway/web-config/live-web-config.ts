/**
 * The web configuration while the server runs. The exporter toolkit reads the file on every
 * request and the certificate on every handshake; here a change check (a `stat` of the
 * file and of the certificate, key and client CA files it names) runs as every connection
 * arrives and at most once a second for requests on a kept-alive one, and only a change
 * re-reads them. A changed file that cannot be used is
 * logged once and the last good configuration stays in force (the toolkit would fail the
 * handshakes and answer 500 until it is fixed).
 */
import { statSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { type TlsSetup, tlsSetup } from './tls-context.js';
import { WebConfigError } from './web-config-error.js';
import { type WebConfig, readWebConfig } from './web-config.js';

export interface LoadedWebConfig {
  config: WebConfig;
  tls: TlsSetup | undefined;
}

/** Reads the file and, when it configures TLS, the files it names; throws `WebConfigError`. */
function loadWebConfig(path: string): LoadedWebConfig {
  const config = readWebConfig(path);
  return { config, tls: config.tls === undefined ? undefined : tlsSetup(config.tls, path) };
}

export class LiveWebConfig {
  current: LoadedWebConfig;
  /** What the server was started with: the parts that cannot change without a restart. */
  private readonly started: LoadedWebConfig;
  private seen: string;
  private lookedAt = performance.now();

  /** Throws `WebConfigError` when the file cannot be used. */
  constructor(
    readonly path: string,
    private readonly logger: Logger,
    /** Called with the new TLS context options after a reload changed them. */
    private readonly onTlsChange: (tls: TlsSetup) => void = () => {},
  ) {
    this.current = loadWebConfig(path);
    this.started = this.current;
    this.seen = this.signature(this.current.config);
  }

  /**
   * Re-reads the configuration when a file changed since the last look (a `stat` of each,
   * some microseconds). `maxAgeMs`: skip the look when the last one is younger than this.
   */
  refresh(maxAgeMs = 0): void {
    const t = performance.now();
    if (t - this.lookedAt < maxAgeMs) return;
    this.lookedAt = t;
    const now = this.signature(this.current.config);
    if (now === this.seen) return;
    this.seen = now;
    let next: LoadedWebConfig;
    try {
      next = loadWebConfig(this.path);
    } catch (error) {
      // Runs inside connection and request events: whatever went wrong, keep serving.
      const err = error instanceof WebConfigError ? error.message : `${(error as Error).stack ?? String(error)}`;
      this.logger.error('web config changed but cannot be used; keeping the previous one', { err });
      return;
    }
    // The files the new configuration names may differ: look at them from now on.
    this.seen = this.signature(next.config);
    const restart = this.needsRestart(next);
    if (restart !== undefined) this.logger.warn('web config changed in a way that takes effect only after a restart', { what: restart });
    if (next.tls === undefined && this.started.tls !== undefined) {
      // TLS cannot be switched off on a running TLS server: keep the certificate in force.
      next = { config: { ...next.config, tls: this.current.config.tls }, tls: this.current.tls };
    }
    const tlsChanged =
      next.tls !== undefined && this.started.tls !== undefined && JSON.stringify(next.tls.context) !== JSON.stringify(this.current.tls?.context);
    this.current = next;
    this.logger.info('web config reloaded', { file: this.path, tls_context_changed: tlsChanged });
    if (tlsChanged && next.tls !== undefined) this.onTlsChange(next.tls);
  }

  private needsRestart(next: LoadedWebConfig): string | undefined {
    const was = this.started;
    if ((next.tls === undefined) !== (was.tls === undefined)) return next.tls === undefined ? 'TLS switched off' : 'TLS switched on';
    if (next.config.tls !== undefined && was.config.tls !== undefined && next.config.tls.clientAuthType !== was.config.tls.clientAuthType) {
      return `client_auth_type ${was.config.tls.clientAuthType} -> ${next.config.tls.clientAuthType} (until then, a connection must pass both the old and the new rule)`;
    }
    if (next.config.http2 !== was.config.http2) return 'http_server_config.http2';
    if (JSON.stringify(next.config.rateLimit) !== JSON.stringify(was.config.rateLimit)) return 'rate_limit';
    return undefined;
  }

  /** The identity of the file and the files it names: a change in any of them changes it. */
  private signature(config: WebConfig | undefined): string {
    const files = [this.path];
    const tls = config?.tls;
    if (tls !== undefined) files.push(tls.certFile, tls.keyFile, tls.clientCaFile);
    let out = '';
    for (const file of files) {
      if (file === '') continue;
      try {
        const s = statSync(file, { bigint: true });
        out += `${file}\0${s.ino}\0${s.size}\0${s.mtimeNs}\0${s.ctimeNs}\n`;
      } catch {
        out += `${file}\0missing\n`;
      }
    }
    return out;
  }
}
