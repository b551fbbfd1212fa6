#!/usr/bin/env bash
# Issue 2 target: training throughput of our trainer vs PyTorch on the same libtorch, same ResNet-18,
# batch, input size and threads, measured side by side (alternating rounds) in one run.
# Usage: bench/train-throughput/run.sh [rounds=3] [steps=10] [batch=128] [size=28] [small_stem=0|1]
#                                     [stem_stride=1|2] [channels_last=0|1] [precision=fp32|bf16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}" steps="${2:-10}" batch="${3:-128}" size="${4:-28}" small="${5:-0}" threads=2 warmup=3
stride="${6:-1}" channels_last="${7:-0}" precision="${8:-fp32}"
results="$root/bench/results/train-throughput"
mkdir -p "$results"

dotnet build "$here/Mlops.Bench.TrainThroughput.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  -p:ArtifactsPath="$root/artifacts-bench-train" >&2
ours=(dotnet "$root/artifacts-bench-train/bin/Mlops.Bench.TrainThroughput/release/Mlops.Bench.TrainThroughput.dll"
      "$batch" "$size" "$small" "$threads" "$warmup" "$steps" "$stride" "$channels_last" "$precision")
stem_args=(--stem-stride "$stride" --precision "$precision"); [ "$small" = 1 ] && stem_args+=(--small-stem)
[ "$channels_last" = 1 ] && stem_args+=(--channels-last)
reference=(/usr/bin/python3 "$here/pytorch_reference.py" --batch "$batch" --size "$size" --threads "$threads"
           --warmup "$warmup" --steps "$steps" "${stem_args[@]}")

rate() { sed -n 's/.*"images_per_second": \([0-9.]*\).*/\1/p'; }
ours_rates=() ref_rates=()
for r in $(seq 1 "$rounds"); do
  ref_rates+=("$("${reference[@]}" | rate)")
  ours_rates+=("$("${ours[@]}" | rate)")
  echo "round $r: pytorch ${ref_rates[-1]} img/s, ours ${ours_rates[-1]} img/s" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ours_median=$(median "${ours_rates[@]}") ref_median=$(median "${ref_rates[@]}")
{
  echo "ResNet-18 training, ${size}x${size} grey, batch $batch, $threads threads, small_stem=$small stem_stride=$stride channels_last=$channels_last precision=$precision, $rounds rounds x $steps steps (median)"
  printf '%-28s %10s img/s\n' "PyTorch 1.13.1 (python3-torch)" "$ref_median" "ours (Mlops trainer step)" "$ours_median"
  awk -v o="$ours_median" -v p="$ref_median" 'BEGIN { printf "ratio ours/pytorch: %.3f (target >= 1.0)\n", o / p }'
  echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/report-s${small}x${stride}-cl${channels_last}-${precision}.txt"
