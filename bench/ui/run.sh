#!/usr/bin/env bash
# The console over a store of 1,000 runs: first byte of the runs table and of a compare of 10, next to
# RunStore.List() (what the table must read anyway) in the same rounds. Usage: bench/ui/run.sh [runs=1000] [epochs=15] [rounds=15]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
artifacts="$root/artifacts-bench-ui"
mkdir -p "$root/bench/results/ui"
dotnet build "$root/bench/ui" -c Release -p:ArtifactsPath="$artifacts" -v q -nologo -clp:"ErrorsOnly;NoSummary" >&2
dotnet "$artifacts/bin/Mlops.Bench.Ui/release/Mlops.Bench.Ui.dll" "${1:-1000}" "${2:-15}" "${3:-15}" \
  | tee "$root/bench/results/ui/report.txt"
