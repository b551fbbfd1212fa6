#!/usr/bin/env bash
# Issue 19 target, side by side in one run: Microsoft.ML.OnnxRuntime 1.32 (managed API) vs onnxruntime-node (test
# reference), same model file, 2 intra-op threads, batch 1 and 32. Usage: bench/onnx-binding/run.sh [rounds=20]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results="$root/bench/results/onnx-binding"
model="$results/resnet18-32x32-ours.onnx"
mkdir -p "$results"

bash "$here/install.sh"
dotnet build "$here/Mlops.Bench.OnnxBinding.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  -p:ArtifactsPath="$root/artifacts-bench-onnx" >&2
bin="$root/artifacts-bench-onnx/bin/Mlops.Bench.OnnxBinding/release"
# The model both sides load is written by our own exporter (src/Export), seeded ResNet-18.
[ -f "$model" ] || dotnet "$bin/Mlops.Bench.OnnxBinding.dll" --write-model "$model"
cp "$here/node-reference.js" "$bin/"
ln -sfn "$here/node_modules" "$bin/node_modules"
dotnet "$bin/Mlops.Bench.OnnxBinding.dll" "$model" 2 "${1:-20}" | tee "$results/report.txt"
