#!/usr/bin/env bash
# Installs the test reference: onnxruntime-node 1.31.1 into this folder's node_modules (the npm registry has no 1.32;
# 1.31.1 is the nearest). No install scripts run: the npm tarball already holds the Linux x64 binding and
# libonnxruntime.so.1. Fast when already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=1.31.1
installed="$here/node_modules/onnxruntime-node/package.json"
if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
  exit 0
fi
echo "[bench] installing onnxruntime-node@$version (npm, --ignore-scripts)" >&2
cd "$here"
npm install --ignore-scripts --no-audit --no-fund --no-save --loglevel=error "onnxruntime-node@$version" >&2
