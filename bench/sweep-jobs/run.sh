#!/usr/bin/env bash
# Issue 22's target: what running a sweep's trials as job tasks (`--target local-jobs`: one podman container per
# trial, the run store a gs:// bucket in the GCS emulator) costs against the same sweep in-process, with its runs in a
# folder and in the same kind of bucket (which splits the engine's cost from the store's), on the same trials,
# alternating round by round. Per trial: start -> first training step (a task: its process start;
# in-process: the trial's start in the sweep's process), and per sweep the total, with the ratio jobs / in-process.
# Usage: bench/sweep-jobs/run.sh [rounds=2] [trials=4] [epochs=1] [subset=1024]
#   The training image is built once beforehand (`mlops deploy build --training`); loading it into podman is part of
#   every local-jobs sweep, as pulling it is part of every Cloud Run execution.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"
trials="${2:-4}"
epochs="${3:-1}"
subset="${4:-1024}"
results="$root/bench/results/sweep-jobs"
work="$(mktemp -d /tmp/bsj-XXXXXX)"
mkdir -p "$results"
py=/usr/bin/python3
log() { printf '[bench/sweep-jobs] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "building the CLI and the training image (Fashion-MNIST baked in)"
"$root/mlops" --version >/dev/null # installs and builds what is missing: never inside a timing below
mlops() { dotnet "$root/artifacts/bin/Mlops.Cli/release/mlops.dll" "$@"; }
image="$work/training.oci.tar"
mlops deploy build --training --out "$image" --json >"$work/image.json"

log "starting the GCS emulator"
mkfifo "$work/emulator.stdin"
sleep infinity >"$work/emulator.stdin" &
emulator_pid=$!
TMPDIR="$work" node "$root/tests/Registry.Tests/gcs-emulator.js" "$root/.deps/firebase-tools" \
  <"$work/emulator.stdin" >"$work/emulator.out" 2>&1 &
for _ in $(seq 100); do grep -q '^READY ' "$work/emulator.out" && break; sleep 0.2; done
port="$(sed -n 's/^READY //p' "$work/emulator.out")"
[ -n "$port" ] || { cat "$work/emulator.out" >&2; exit 1; }
export STORAGE_EMULATOR_HOST="127.0.0.1:$port"
export MLOPS_GCS_CHUNK_MB=128 # the emulator cuts a resumable upload at its first chunk

lrs="$($py -c "print(', '.join(f'{0.1 / 2 ** i:g}' for i in range($trials)))")"
cat >"$work/base.yaml" <<YAML
name: bench
seed: 1
model: { arch: resnet18, num_classes: 10, in_channels: 1 }
data: { subset: $subset, val_fraction: 0.1, test_subset: 256 }
optim: { name: sgd, momentum: 0.9 }
train: { epochs: $epochs, batch_size: 64, threads: 2 }
YAML
cat >"$work/sweep.yaml" <<YAML
name: bench
base: base.yaml
parallel: 2
metric: { name: val_loss, goal: minimize }
parameters:
  optim.lr: { values: [$lrs] }
YAML

cd "$work" # the in-process sweep writes its sweeps/ folder here
report="$results/report-t${trials}-e${epochs}-s${subset}.txt"
: >"$work/rows.tsv"
for round in $(seq "$rounds"); do
  for mode in in-process in-process-gs local-jobs; do
    log "round $round/$rounds: $mode"
    out="$work/out-$mode-$round.txt"
    start=$(now_ms)
    case "$mode" in
      in-process) mlops sweep --config "$work/sweep.yaml" --runs "$work/runs-$round" >"$out" ;;
      in-process-gs) MLOPS_CACHE_HOME="$work/cache-gs" mlops sweep --config "$work/sweep.yaml" \
        --runs "gs://bench/$mode-$round" >"$out" ;;
      local-jobs) MLOPS_STATE_HOME="$work/state" MLOPS_CACHE_HOME="$work/cache" mlops sweep --config "$work/sweep.yaml" \
        --target local-jobs --image "$image" --cpu 1 --runs "gs://bench/$mode-$round" >"$out" ;;
    esac
    total=$(($(now_ms) - start))
    cp "$out" "$results/"
    $py "$here/trial_starts.py" "$mode" "$round" "$total" "$work/runs-$round" "$STORAGE_EMULATOR_HOST" \
      "$mode-$round" >>"$work/rows.tsv"
  done
done
$py "$here/trial_starts.py" --summary "$work/rows.tsv" "$(cat /proc/loadavg)" | tee "$report"
log "report: $report"
