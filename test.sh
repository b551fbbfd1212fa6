#!/usr/bin/env bash
# Installs what is missing, builds everything, runs every test with line and branch coverage, and prints the
# coverage of each product assembly (HTML report: artifacts/coverage/index.html). Extra arguments go to dotnet test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
scripts/bootstrap.sh test
dotnet build Mlops.sln -c Release -nologo -clp:ErrorsOnly
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/coverage"
status=0
dotnet test Mlops.sln -c Release --no-build -nologo --settings tests/coverage.runsettings \
  --collect:"XPlat Code Coverage" --results-directory "$results" "$@" || status=$?
.deps/tools/reportgenerator -reports:"$results/*/coverage.cobertura.xml" -targetdir:"$root/artifacts/coverage" \
  -reporttypes:"Html;MarkdownAssembliesSummary" -verbosity:Error
echo "coverage of the product by all tests (report: artifacts/coverage/index.html):"
awk -F'|' 'NF == 5 && $2 !~ /Assembly|:---/ { gsub(/\*/, ""); printf "  %-16s lines %6s   branches %6s\n", $2, $3, $4 }' \
  "$root/artifacts/coverage/Summary.md"
exit $status
