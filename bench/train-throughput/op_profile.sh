#!/usr/bin/env bash
# Op-level profile of one training-step config on both engines, to tell libtorch's kernels from our overhead:
# PyTorch 1.13 through torch.profiler (self CPU ms per step of each aten op), ours (TorchSharp / libtorch 2.10,
# the trainer's model and levers through torchsharp/) through `perf record` (Debian's libtorch 1.13 is stripped, so
# perf can name kernels only on our side), grouped by kernel family, as ms per step from each family's share of the
# samples and the measured step time. Run it alone on the machine.
# Usage: bench/train-throughput/op_profile.sh [small_stem=1] [stem_stride=2] [channels_last=1] [precision=bf16] [steps=8]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
small="${1:-1}" stride="${2:-2}" channels_last="${3:-1}" precision="${4:-bf16}" steps="${5:-8}"
command -v perf >/dev/null || { echo "error: op_profile.sh needs perf (apt-get install linux-perf)" >&2; exit 1; }
dotnet build "$here/torchsharp/Mlops.Bench.TrainThroughput.TorchSharp.csproj" -c Release -nologo -v quiet \
  -clp:"ErrorsOnly;NoSummary" -p:ArtifactsPath="$root/artifacts-bench-train" >&2
name=Mlops.Bench.TrainThroughput.TorchSharp
stem_args=(--stem-stride "$stride" --precision "$precision"); [ "$small" = 1 ] && stem_args+=(--small-stem)
[ "$channels_last" = 1 ] && stem_args+=(--channels-last)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

echo "== PyTorch 1.13 (torch.profiler, self CPU ms per step, top ops)"
/usr/bin/python3 "$here/pytorch_reference.py" --batch 128 --size 28 --threads 2 --warmup 3 --steps "$steps" \
  --profile "$steps" "${stem_args[@]}" 2> "$work/pytorch-ops.jsonl"
cat "$work/pytorch-ops.jsonl"

echo "== ours (TorchSharp / libtorch 2.10; perf samples by kernel family, ms per step)"
# Both JIT compilers name their code for perf: .NET's methods and oneDNN's generated kernels (/tmp/perf-<pid>.map).
DOTNET_PerfMapEnabled=1 ONEDNN_JIT_PROFILE=1 perf record -q -F 999 -o "$work/perf.data" -- dotnet "$root/artifacts-bench-train/bin/$name/release/$name.dll" \
  128 28 "$small" 2 3 "$steps" "$stride" "$channels_last" "$precision" lean > "$work/ours.json" 2>/dev/null
cat "$work/ours.json"
step_ms=$(sed -n 's/.*"images_per_second": \([0-9.]*\).*/\1/p' "$work/ours.json" | awk '{ print 128 * 1000 / $1 }')
perf report -q -i "$work/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | awk -v step="$step_ms" '
  /%/ {
    share = $1; sub(/%/, "", share); line = $0
    family = "other"
    if (line ~ /libgomp/) family = "OpenMP runtime (barriers, spin-waits)"
    else if (line ~ /bwd_w|backward_weights/) family = "conv backward, weights (oneDNN)"
    else if (line ~ /bwd_d|backward_data/) family = "conv backward, input (oneDNN)"
    else if (line ~ /conv|brg|jit_|dnnl/) family = "conv forward and other oneDNN kernels"
    else if (line ~ /batch_norm.*backward/) family = "batch norm backward"
    else if (line ~ /batch_norm/) family = "batch norm forward / stats"
    else if (line ~ /max_pool|threshold|relu|clamp/) family = "relu / pooling"
    else if (line ~ /add_kernel|mul_kernel|copy_|reorder|AVX2::Vectorized|AVX512::Vectorized/) family = "elementwise, copies, reorders"
    else if (line ~ /\[kernel\./) family = "Linux kernel"
    else if (line ~ /libcoreclr|libclrjit|System\.|Mlops\.|TorchSharp|Microsoft\./) family = ".NET (ours and the runtime)"
    else if (line ~ /\[JIT\]/) family = "unnamed generated code"
    sum[family] += share
  }
  END { for (f in sum) printf "  %-40s %5.1f%%  %7.1f ms/step\n", f, sum[f], sum[f] * step / 100 }' | sort -k1,1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
