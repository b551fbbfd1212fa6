#!/usr/bin/env bash
# Training throughput of our trainer (TorchSharp 0.107, libtorch 2.10) vs PyTorch 1.13 (Debian python3-torch): same
# ResNet-18, batch, input size and threads, measured side by side (alternating rounds) in one run.
# Phase profile (torchsharp/): the trainer's model with its step split into phases, once per optimizer named in
# TORCHSHARP_OPTIMIZERS (default "lean", our in-place SGD; "torchsharp" is TorchSharp's SGD; "" leaves it out).
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

read -r -a ts_optimizers <<< "${TORCHSHARP_OPTIMIZERS-lean}"
if [ "${#ts_optimizers[@]}" -gt 0 ]; then
  dotnet build "$here/torchsharp/Mlops.Bench.TrainThroughput.TorchSharp.csproj" -c Release -nologo -v quiet \
    -clp:"ErrorsOnly;NoSummary" -p:ArtifactsPath="$root/artifacts-bench-train" >&2
fi
ts_name=Mlops.Bench.TrainThroughput.TorchSharp
torchsharp=(dotnet "$root/artifacts-bench-train/bin/$ts_name/release/$ts_name.dll"
            "$batch" "$size" "$small" "$threads" "$warmup" "$steps" "$stride" "$channels_last" "$precision")

field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
phases=(zero_grad forward backward step readback)
log="$results/rounds-s${small}x${stride}-cl${channels_last}-${precision}.jsonl"
: > "$log"
declare -A rates=()
for r in $(seq 1 "$rounds"); do
  line="round $r:"
  for side in pytorch ours "${ts_optimizers[@]/#/torchsharp:}"; do
    case "$side" in
      pytorch) json=$("${reference[@]}") ;;
      ours) json=$("${ours[@]}") ;;
      *) json=$("${torchsharp[@]}" "${side#torchsharp:}") ;;
    esac
    echo "{\"side\": \"$side\", \"round\": $r, ${json#\{}" >> "$log"
    rates[$side]+=" $(field images_per_second <<< "$json")"
    line+=" $side $(field images_per_second <<< "$json")"
  done
  echo "$line img/s" >&2
done
side_median() { median ${rates[$1]}; }
phase_median() { median $(grep "\"side\": \"$1\"" "$log" | field "$2_ms"); }
ref_median=$(side_median pytorch) ours_median=$(side_median ours)
{
  echo "ResNet-18 training, ${size}x${size} grey, batch $batch, $threads threads, small_stem=$small" \
       "stem_stride=$stride channels_last=$channels_last precision=$precision, $rounds rounds x $steps steps (median)"
  printf '%-34s %10s img/s\n' "PyTorch 1.13.1 (python3-torch)" "$ref_median" "ours (trainer step, TorchSharp)" "$ours_median"
  awk -v o="$ours_median" -v p="$ref_median" 'BEGIN { printf "ratio ours/pytorch: %.3f (target >= 1.0)\n", o / p }'
  for opt in "${ts_optimizers[@]}"; do
    ts_median=$(side_median "torchsharp:$opt")
    printf '%-34s %10s img/s  ' "phase profile ($opt)" "$ts_median"
    awk -v t="$ts_median" -v p="$ref_median" -v o="$ours_median" \
      'BEGIN { printf "vs pytorch %.3f, vs ours %.3f\n", t / p, t / o }'
  done
  if [ "${#ts_optimizers[@]}" -gt 0 ]; then
    echo "step phases, ms (median over rounds of each run's median step):"
    printf '  %-32s' side; printf ' %9s' "${phases[@]}"; echo
    for side in pytorch "${ts_optimizers[@]/#/torchsharp:}"; do
      printf '  %-32s' "$side"
      for p in "${phases[@]}"; do printf ' %9s' "$(phase_median "$side" "$p")"; done
      echo
    done
  fi
  echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/report-s${small}x${stride}-cl${channels_last}-${precision}.txt"
