/** The part of `expofmt serve --help` about `--web.config.file`. */
export const WEB_CONFIG_HELP = `Web configuration file (--web.config.file):
  The exporter toolkit's YAML, as Prometheus and Pushgateway read it; an unknown
  field or a bad value stops the start (exit 1) with the file, line and field.
  A ready example: docs/web-config.yml (in the package). Fields:
    tls_server_config:            TLS is on when any certificate field is set
      cert_file, key_file         PEM files (or cert, key: inline PEM); relative
                                  paths are read from the file's directory;
                                  re-read when they change, for new connections
      client_auth_type            NoClientCert (default), RequestClientCert,
                                  RequireAnyClientCert, VerifyClientCertIfGiven,
                                  RequireAndVerifyClientCert
      client_ca_file, client_ca   the CA that client certificates must chain to
      client_allowed_sans         client certificate must have one of these SANs
      min_version, max_version    TLS10..TLS13 (default TLS12, TLS13)
      cipher_suites               Go's names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                  (TLS 1.2 and below; TLS 1.3 suites are not configurable)
      curve_preferences           CurveP256, CurveP384, CurveP521, X25519
      prefer_server_cipher_suites true (default) or false
    http_server_config:
      headers                     Content-Security-Policy, X-Frame-Options,
                                  X-Content-Type-Options, X-XSS-Protection,
                                  Strict-Transport-Security: added to every reply
      http2                       accepted; HTTP/2 is not served (HTTP/1.1 only)
    basic_auth_users:             user: bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\\n');
                                  every request then needs one of them (else 401)
    rate_limit: interval, burst   at most burst requests, then one per interval (429)
    expofmt:                      expofmt's own section (the toolkit rejects it):
      push_users: [..]            only these users may PUT, POST, DELETE (else 403)
      read_users: [..]            only these users may GET, HEAD, OPTIONS (else 403)
      open_health_endpoints: true GET /-/healthy and /-/ready need no credentials
`;
