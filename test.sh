#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
scripts/bootstrap.sh test
dotnet build Mlops.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Mlops.sln -c Release --no-build -nologo "$@"
