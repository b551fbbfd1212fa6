#!/usr/bin/env bash
# The Google Cloud Storage stand-in for the registry tests: firebase-tools' Storage emulator (npm).
# Installed under .deps/firebase-tools; tests/Registry.Tests/gcs-emulator.js starts its StorageEmulator class.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=15.34.2
dest="$root/.deps/firebase-tools"
[ -f "$dest/node_modules/firebase-tools/package.json" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] && exit 0
echo "[bootstrap] installing firebase-tools $version (GCS emulator for the registry tests)" >&2
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
(cd "$dest.tmp" && npm install --silent --no-audit --no-fund --ignore-scripts "firebase-tools@$version" >/dev/null)
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "$version" > "$dest/VERSION"
