#!/usr/bin/env bash
# int8 vs fp32 side by side. Usage: bench/quantize/run.sh runs/<name> [chunks=20]
# Exports and quantizes the run first when its model.onnx / model.int8.onnx are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
run="${1:?usage: run.sh runs/<name> [chunks]}"
chunks="${2:-20}"
artifacts="$root/artifacts-bench-quantize"
mkdir -p "$root/bench/results/quantize"
dotnet build "$root/src/Cli" -c Release -p:ArtifactsPath="$artifacts" -v q -nologo >/dev/null
dotnet build "$root/bench/quantize" -c Release -p:ArtifactsPath="$artifacts" -v q -nologo >/dev/null
mlops() { dotnet "$artifacts/bin/Mlops.Cli/release/mlops.dll" "$@"; }
[ -f "$run/model.onnx" ] || mlops export --run "$run"
[ -f "$run/model.int8.onnx" ] || mlops quantize --model "$run/model.onnx" --calibration fashion-mnist:train
dotnet "$artifacts/bin/Mlops.Bench.Quantize/release/Mlops.Bench.Quantize.dll" "$run/model.onnx" "$run/model.int8.onnx" "$chunks" \
  "$root/bench/results/quantize/report.txt"
