#!/bin/sh
# Regenerates test/render/go-float-table.json from Go's strconv (any Go >= 1.19).
# The table was generated with Debian bookworm's golang-go (Go 1.19.8).
set -eu
cd "$(dirname "$0")"
go run ./main.go > ../go-float-table.json.tmp
mv ../go-float-table.json.tmp ../go-float-table.json
echo "wrote $(grep -c '"bits"' ../go-float-table.json) rows to test/render/go-float-table.json"
