#!/usr/bin/env bash
# The published package as consumers get it: exports and types resolvable under node16
# (from ESM and CJS) and bundler resolution (@arethetypeswrong/cli); `npm run
# check:package` runs publint first. Needs dist/ (npm test's pretest builds it); packs
# without scripts so nothing is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dist/index.d.ts ]; then
  echo "check-package: dist/ is missing; build it first (npx tsup; npm test's pretest does)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --ignore-scripts --silent --pack-destination "$tmp")
# node10 resolution predates "exports": the package needs Node 20 (engines).
npx attw "$tmp/$tarball" --profile node16 --format table-flipped
