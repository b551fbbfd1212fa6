#!/usr/bin/env bash
# Issue 5 targets side by side in one run: HTTP server (dynamic batching) vs in-process ORT on the same model file.
# Prints the three targets' ratios with PASS/FAIL (medians of alternating rounds) and exits 1 when one fails.
# Usage: bench/serve/run.sh [seconds=5] [max_batch=32] [threads=2] [rounds=3] [max_queue_delay_ms=2] [ort_spin_wait=0]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results="$root/bench/results/serve"
model="$results/resnet18-fashion-28x28.onnx"
mkdir -p "$results"

bash "$root/scripts/steps/runtime-onnxruntime.sh"
if [ ! -f "$model" ]; then
  # Bench-only model until src/Export writes ours: PyTorch's export of a small-stem ResNet-18 with our metadata keys.
  /usr/bin/python3 "$here/make_classifier.py" "$model.tmp" >&2
  mv "$model.tmp" "$model"
fi

dotnet build "$here/Mlops.Bench.Serve.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  -p:ArtifactsPath="$root/artifacts-bench-serve" >&2
dotnet "$root/artifacts-bench-serve/bin/Mlops.Bench.Serve/release/Mlops.Bench.Serve.dll" "$model" "${1:-5}" "${2:-32}" "${3:-2}" "${4:-3}" "${5:-2}" "${6:-0}" | tee "$results/report.txt"
