#!/usr/bin/env bash
# ONNX Runtime's official native library, taken from the npm package onnxruntime-node (no install scripts run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=1.30.0
dest="$root/.deps/onnxruntime"
[ -f "$dest/libonnxruntime.so.1" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] && exit 0
echo "[bootstrap] fetching ONNX Runtime $version native library (npm pack onnxruntime-node)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tar -xzf "$work"/onnxruntime-node-*.tgz -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
mkdir -p "$dest"
install -m 0644 "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$dest/libonnxruntime.so.1.tmp"
mv "$dest/libonnxruntime.so.1.tmp" "$dest/libonnxruntime.so.1"
echo "$version" > "$dest/VERSION"
