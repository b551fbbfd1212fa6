#!/usr/bin/env bash
# ReportGenerator (a dotnet tool from NuGet) turns the tests' coverage files into the per-assembly summary ./test.sh
# prints and the HTML report CI keeps. Installed under .deps/tools.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=5.6.0
dest="$root/.deps/tools"
[ -x "$dest/reportgenerator" ] && [ "$(cat "$dest/reportgenerator.version" 2>/dev/null)" = "$version" ] && exit 0
echo "[bootstrap] installing ReportGenerator $version (coverage report)" >&2
mkdir -p "$dest"
dotnet tool uninstall dotnet-reportgenerator-globaltool --tool-path "$dest" >/dev/null 2>&1 || true
dotnet tool install dotnet-reportgenerator-globaltool --version "$version" --tool-path "$dest" >/dev/null
echo "$version" > "$dest/reportgenerator.version"
