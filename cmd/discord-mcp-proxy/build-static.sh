#!/bin/sh
# Builds the static binary exactly as the container image does; .ci/run
# runs this same script, so CI proves what the Dockerfile builds.
# Usage: build-static.sh OUT [VERSION]
set -eu
out=${1:?usage: build-static.sh OUT [VERSION]}
ver=${2:-0.1.0-dev}
CGO_ENABLED=0 go build -trimpath -buildvcs=false \
	-ldflags "-s -w -X main.version=$ver" \
	-o "$out" ./cmd/discord-mcp-proxy
