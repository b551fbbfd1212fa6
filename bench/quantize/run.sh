#!/usr/bin/env bash
# int8 vs fp32 side by side. Usage: bench/quantize/run.sh runs/<name> [chunks=20] [threads=2]
# Exports and quantizes the run first (default options) when its model.onnx / model.int8.onnx are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
run="$(cd "${1:?usage: run.sh runs/<name> [chunks] [threads]}" && pwd)"
artifacts="$root/artifacts-bench-quantize"
mkdir -p "$root/bench/results/quantize"
dotnet build "$root/bench/quantize" -c Release -p:ArtifactsPath="$artifacts" -v q -nologo -clp:"ErrorsOnly;NoSummary" >&2
dotnet "$artifacts/bin/Mlops.Bench.Quantize/release/Mlops.Bench.Quantize.dll" "$run" "${2:-20}" "${3:-2}" \
  "$root/bench/results/quantize/report.txt"
