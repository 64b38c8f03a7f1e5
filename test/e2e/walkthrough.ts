/**
 * The README's "Gateway walkthrough" as the end-to-end tests run it: the curl commands,
 * the Python example, the cron script, the Prometheus configuration and alert rule. The
 * README shows them with the gateway on 127.0.0.1:9091 and Prometheus on :9090; the tests
 * put in the ports they chose (`atPort`), and readme.test.ts checks that the README
 * holds every one of these texts verbatim.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './support.js';

export const GATEWAY = '127.0.0.1:9091';

/** The text with the README's gateway address replaced by `127.0.0.1:<port>`. */
export function atPort(text: string, port: number): string {
  return text.replaceAll(GATEWAY, `127.0.0.1:${port}`);
}

/** Pushgateway README's curl sequence, in order, with what each step answers. */
export const CURL_STEPS = [
  `echo "some_metric 3.14" | curl --data-binary @- http://${GATEWAY}/metrics/job/some_job`,
  `cat <<EOF | curl --data-binary @- http://${GATEWAY}/metrics/job/some_job/instance/some_instance
# TYPE some_metric counter
some_metric{label="val1"} 42
# TYPE another_metric gauge
# HELP another_metric Just an example.
another_metric 2398.283
EOF`,
  `curl -X DELETE http://${GATEWAY}/metrics/job/some_job/instance/some_instance`,
  `curl -X DELETE http://${GATEWAY}/metrics/job/some_job`,
] as const;

/** The Python example (Debian's python3 with python3-prometheus-client). */
export const PYTHON_EXAMPLE = readFileSync(resolve(repoRoot, 'test/e2e/fixtures/push_example.py'), 'utf8');
/** The cron job's script. */
export const CRON_SCRIPT = readFileSync(resolve(repoRoot, 'test/e2e/fixtures/cron-push.sh'), 'utf8');
/** Prometheus: scrape the gateway with honor_labels, evaluate the alert rule every second. */
export const PROMETHEUS_CONFIG = readFileSync(resolve(repoRoot, 'test/e2e/fixtures/prometheus.yml'), 'utf8');
export const PROMETHEUS_RULES = readFileSync(resolve(repoRoot, 'test/e2e/fixtures/rules.yml'), 'utf8');
