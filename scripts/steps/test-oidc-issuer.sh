#!/usr/bin/env bash
# The OpenID Connect provider the console's sign-in tests talk to: oauth2-mock-server (npm), a real issuer of signed
# ID tokens (discovery, JWKS, authorization code with PKCE). Installed under .deps/oauth2-mock-server;
# tests/Ui.Tests/oidc-issuer.mjs starts it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=9.3.0
dest="$root/.deps/oauth2-mock-server"
[ -f "$dest/node_modules/oauth2-mock-server/package.json" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ] \
  && exit 0
echo "[bootstrap] installing oauth2-mock-server $version (OIDC issuer for the console tests)" >&2
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
(cd "$dest.tmp" && npm install --silent --no-audit --no-fund --ignore-scripts "oauth2-mock-server@$version" >/dev/null)
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "$version" > "$dest/VERSION"
