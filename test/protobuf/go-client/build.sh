#!/usr/bin/env bash
# build.sh OUT -- builds the Go client of the protobuf tests (main.go beside this file) to
# the binary OUT, offline, in GOPATH mode against the client_golang, client_model and
# expfmt sources that Debian's golang-*-dev packages put under /usr/share/gocode: no module
# download, no network. Exits 1 with the install command when the toolchain or the sources
# are missing.
set -euo pipefail
out=${1:?usage: build.sh OUT}
here=$(cd "$(dirname "$0")" && pwd)
gocode=${EXPOFMT_GOCODE:-/usr/share/gocode}
install_hint="install them with: bash scripts/install-test-deps.sh (or apt-get install golang-go golang-github-prometheus-client-golang-dev golang-github-prometheus-client-model-dev)"

if ! command -v go >/dev/null 2>&1; then
  echo "go-client/build.sh: the Go toolchain (go) is not installed; $install_hint" >&2
  exit 1
fi
for pkg in github.com/prometheus/client_golang/prometheus/push github.com/prometheus/client_model/go github.com/prometheus/common/expfmt; do
  if [ ! -d "$gocode/src/$pkg" ]; then
    echo "go-client/build.sh: $gocode/src/$pkg is missing; $install_hint" >&2
    exit 1
  fi
done

# A build cache that outlives the test's temp dir: a warm build takes about a second, a
# cold one (compiling client_golang) ten or more.
cache=${GOCACHE:-${TMPDIR:-/tmp}/expofmt-go-build-cache}
cd "$here"
GO111MODULE=off GOPATH="$gocode" GOPROXY=off GOFLAGS= GOCACHE="$cache" go build -o "$out" .
