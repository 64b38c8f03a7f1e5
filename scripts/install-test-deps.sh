#!/usr/bin/env bash
# install-test-deps.sh -- installs, from Debian packages, the programs the end-to-end
# tests (test/e2e/) and the gateway bench need:
#
#   prometheus                 a real Prometheus server scraping `expofmt serve`
#   python3-prometheus-client  the Python client (push_to_gateway & co.), for Debian's python3
#   chromium                   the web UI test, driven by playwright-core (an npm devDependency)
#   curl, jq, gzip             the curl walkthrough and scripts/pushgateway-experiments.sh
#   nats-server, openssl       the replicated store and the TLS certificates
#   prometheus-pushgateway     the real Pushgateway: the bench's side-by-side figures and the
#                              native-histogram comparison of test/protobuf/go-client.test.ts
#                              (skip it with INSTALL_PUSHGATEWAY=0)
#
# Idempotent: what is already installed is skipped without touching apt, so a second
# run takes well under a second. Needs root (or sudo) only when something is missing.
# Services the packages ship are never started (the tests start their own instances on
# 127.0.0.1 with ports chosen at run time).
set -euo pipefail

# program to look for on PATH (or "-" to check the package only) -> Debian package
WANT=(
  "prometheus:prometheus"
  "-:python3-prometheus-client"
  "chromium:chromium"
  "curl:curl"
  "jq:jq"
  "gzip:gzip"
)
if [ "${INSTALL_PUSHGATEWAY:-1}" != 0 ]; then
  WANT+=("prometheus-pushgateway:prometheus-pushgateway")
fi

# --- the CLI on a terminal (issue 17) -----------------------------------------------------
# util-linux's `script` gives test/cli/ci-use.test.ts a real pseudo-terminal (colour,
# stdin from a terminal, binary output refused there).
WANT+=("script:util-linux")

# --- protobuf (issue 7) ------------------------------------------------------------------
# protoc and the well-known .proto files for scripts/generate-protobuf.sh; the Go toolchain
# and client_golang/client_model sources (and, through their dependencies, expfmt) for the
# real Go client of test/protobuf/go-client.test.ts, which builds offline in GOPATH mode
# from /usr/share/gocode. (The metrics.proto the code is made from is committed in proto/.)
WANT+=(
  "protoc:protobuf-compiler"
  "-:libprotobuf-dev"
  "go:golang-go"
  "-:golang-github-prometheus-client-golang-dev"
  "-:golang-github-prometheus-client-model-dev"
)
# --- end protobuf ------------------------------------------------------------------------
# nats-server: the replicated store of the high-availability tests (a real 3-node JetStream
# cluster on loopback); openssl: the certificates of the TLS tests.
WANT+=(
  "nats-server:nats-server"
  "openssl:openssl"
)

installed() { # package
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for entry in "${WANT[@]}"; do
  prog=${entry%%:*}
  pkg=${entry#*:}
  if [ "$prog" != - ] && command -v "$prog" >/dev/null 2>&1; then continue; fi
  if installed "$pkg"; then continue; fi
  missing+=("$pkg")
done
# The Python client must be importable by Debian's interpreter (a pyenv shim on PATH may
# hide it; the tests call /usr/bin/python3).
if installed python3-prometheus-client && ! /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
  missing+=(python3-prometheus-client)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: everything is installed"
  exit 0
fi

# Without apt or root there is nothing this script can do: say what would, and fail.
cannot_install() { # reason
  {
    echo "install-test-deps: $1, so these Debian packages cannot be installed: ${missing[*]}"
    echo "  as root on Debian or Ubuntu:  apt-get install -y --no-install-recommends ${missing[*]}"
    echo "  or, without them, run the tests that need none:  npm run test:unit"
  } >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || cannot_install "this machine has no apt-get"
SUDO=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo); else
    cannot_install "this is not root and sudo cannot run without a password"
  fi
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Keep the packages' services from starting (their default ports would clash with a
# running gateway or Prometheus): a policy-rc.d that refuses every start, unless one exists.
POLICY=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  added_policy=1
fi
cleanup() { if [ "$added_policy" = 1 ]; then "${SUDO[@]}" rm -f "$POLICY"; fi; }
trap cleanup EXIT

# Update the package lists only when apt does not know a wanted package yet (or they
# are older than a day), so a run with warm lists does not touch the network at all.
need_update=0
for pkg in "${missing[@]}"; do
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then need_update=1; fi
done
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then need_update=1; fi
if [ "$need_update" = 1 ]; then "${SUDO[@]}" apt-get update -qq; fi
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-test-deps: done"
