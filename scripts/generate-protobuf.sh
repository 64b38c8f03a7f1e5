#!/usr/bin/env bash
# generate-protobuf.sh -- regenerates src/protobuf/generated/ (the TypeScript schema of
# io.prometheus.client.MetricFamily that @bufbuild/protobuf decodes and encodes with)
# from the copy of client_model's metrics.proto committed in proto/ (upstream's newest:
# native histograms, created timestamps, exemplar lists, UNIT; proto/README.md says which
# commit), with Debian's protoc and the protoc-gen-es plugin pinned in package.json.
#
# The generated file is committed: building and testing expofmt needs neither protoc nor
# the proto. Run this after changing the plugin version or the client_model package.
#
#   scripts/generate-protobuf.sh          write src/protobuf/generated/
#   scripts/generate-protobuf.sh --check  regenerate into a temp dir and fail if the
#                                         committed code differs
#
# Needs: protobuf-compiler and libprotobuf-dev (protoc and google/protobuf/timestamp.proto)
# and `npm ci` (the plugin).
# scripts/install-test-deps.sh installs the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PROTO_ROOT=${CLIENT_MODEL_DIR:-proto}
PROTO=io/prometheus/client/metrics.proto
WKT_ROOT=${PROTOBUF_INCLUDE_DIR:-/usr/include}
PLUGIN=node_modules/.bin/protoc-gen-es
OUT=src/protobuf/generated

die() {
  echo "generate-protobuf: $*" >&2
  exit 1
}
command -v protoc >/dev/null 2>&1 || die "protoc not found: apt-get install protobuf-compiler libprotobuf-dev (or run scripts/install-test-deps.sh)"
[ -f "$PROTO_ROOT/$PROTO" ] || die "$PROTO_ROOT/$PROTO not found (the committed copy of client_model's schema)"
[ -f "$WKT_ROOT/google/protobuf/timestamp.proto" ] || die "$WKT_ROOT/google/protobuf/timestamp.proto not found: apt-get install libprotobuf-dev"
[ -x "$PLUGIN" ] || die "$PLUGIN not found: run npm ci"

target=$OUT
if [ "${1:-}" = --check ]; then
  target=$(mktemp -d)
  trap 'rm -rf "$target"' EXIT
fi

mkdir -p "$target"
# google/protobuf/timestamp.proto is only read, not generated: protoc-gen-es imports the
# well-known types from @bufbuild/protobuf/wkt.
protoc \
  -I "$PROTO_ROOT" -I "$WKT_ROOT" \
  --plugin=protoc-gen-es="$PLUGIN" \
  --es_out="$target" \
  --es_opt=target=ts,import_extension=js \
  "$PROTO"

if [ "${1:-}" = --check ]; then
  diff -ru "$OUT" "$target" || die "src/protobuf/generated is out of date: run scripts/generate-protobuf.sh"
  echo "generate-protobuf: src/protobuf/generated is up to date"
else
  echo "generate-protobuf: wrote $OUT/${PROTO%.proto}_pb.ts from $PROTO_ROOT/$PROTO ($(protoc --version))"
fi
