#!/usr/bin/env bash
# onnxruntime-web's browser files (wasm backend), served by `mlops serve` for the page's "in the browser" switch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=1.30.0
dest="$root/.deps/onnxruntime-web"
files=(ort.wasm.min.js ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm)
done_already=1
for f in "${files[@]}"; do [ -f "$dest/$f" ] || done_already=0; done
[ "$done_already" = 1 ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] && exit 0
echo "[bootstrap] fetching onnxruntime-web $version browser files (npm pack onnxruntime-web)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-web@$version" >/dev/null)
tar -xzf "$work"/onnxruntime-web-*.tgz -C "$work" "${files[@]/#/package/dist/}"
mkdir -p "$dest"
for f in "${files[@]}"; do
  install -m 0644 "$work/package/dist/$f" "$dest/$f.tmp"
  mv "$dest/$f.tmp" "$dest/$f"
done
echo "$version" > "$dest/VERSION"
