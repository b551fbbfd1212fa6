#!/usr/bin/env bash
# Issue 5 targets side by side in one run: HTTP server (dynamic batching) vs in-process ORT on the same model file.
# Prints the three targets' ratios with PASS/FAIL (medians of alternating rounds) and exits 1 when one fails.
# Usage: bench/serve/run.sh [seconds=5] [max_batch=32] [threads=2] [rounds=3] [max_queue_delay_ms=2] [ort_spin_wait=0]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results="$root/bench/results/serve"
model="$results/resnet18-fashion-28x28-ours.onnx"
mkdir -p "$results"


dotnet build "$here/Mlops.Bench.Serve.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  -p:ArtifactsPath="$root/artifacts-bench-serve" >&2
bin="$root/artifacts-bench-serve/bin/Mlops.Bench.Serve/release"
# The model is written by our own exporter (src/Export): seeded small-stem ResNet-18 for 28x28 grey images.
[ -f "$model" ] || dotnet "$bin/Mlops.Bench.Serve.dll" --write-model "$model"
dotnet "$bin/Mlops.Bench.Serve.dll" "$model" "${1:-5}" "${2:-32}" "${3:-2}" "${4:-3}" "${5:-2}" "${6:-0}" | tee "$results/report.txt"
