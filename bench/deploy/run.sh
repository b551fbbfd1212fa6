#!/usr/bin/env bash
# Issue 6 targets, measured in one run on this machine:
#   1. image size, compressed (base + runtime + model layers), with a ResNet-18 ONNX model;
#   2. bytes pushed when only the model changes (a "retrain"), against the model layer and the model file;
#   3. container start -> first correct prediction (podman run), against the same server started as a host process.
# Usage: bench/deploy/run.sh [repeats=3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repeats="${1:-3}"
results="$root/bench/results/deploy"
work="$(mktemp -d /tmp/bd-XXXXXX)"
mkdir -p "$results"
py=/usr/bin/python3
log() { printf '[bench/deploy] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }

registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  if [ -f "$work/containers.conf" ]; then podman_cmd rm --all --force --time 0 >/dev/null 2>&1 || true; podman_cmd system reset --force >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bash "$root/scripts/steps/runtime-onnxruntime.sh"
log "building the bench (src/Deploy only)"
dotnet build "$here/Mlops.Bench.Deploy.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" -p:ArtifactsPath="$root/artifacts-bench-deploy" >&2

log "models: ResNet-18 twice (two seeds = a retrain), and the band classifier for the prediction check"
[ -f "$results/resnet18-seed0.onnx" ] || $py "$here/make_models.py" "$results" 0 1 >&2
$py "$root/tests/Deploy.Tests/Reference/band_model.py" "$work" 3

log "serve publish (trimmed, self-contained linux-x64)"
publish="$root/artifacts-bench-deploy/serve-publish"
dotnet "$root/artifacts-bench-deploy/bin/Mlops.Bench.Deploy/release/Mlops.Bench.Deploy.dll" publish "$root" "$publish" "$root/artifacts-bench-deploy/serve" >&2

port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
sleep 1

build_push() { # model version name -> JSON
  dotnet "$root/artifacts-bench-deploy/bin/Mlops.Bench.Deploy/release/Mlops.Bench.Deploy.dll" "$publish" "$root/.deps/onnxruntime/libonnxruntime.so.1" \
    "$work/layout" "$1" "$3" "$2" "127.0.0.1:$port/mlops/$3:v$2"
}
field() { $py -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

log "1+2: push v1 (seed 0), then v2 (seed 1): only the model layer should travel"
v1=$(build_push "$results/resnet18-seed0.onnx" 1 fashion)
v2=$(build_push "$results/resnet18-seed1.onnx" 2 fashion)
image_bytes=$(echo "$v1" | field "d['compressedBytes']")
model_file=$(stat -c %s "$results/resnet18-seed1.onnx")
model_layer=$(echo "$v2" | field "d['layers'][2]['bytes']")
pushed_v2=$(echo "$v2" | field "d['bytesUploaded']")
layers=$(echo "$v1" | field "' + '.join(f\"{l['name']} {l['bytes']/1048576:.1f} MB\" for l in d['layers'])")

log "3: container start -> first correct prediction, and the same server as a host process"
band=$(build_push "$work/bands.onnx" 1 bands)
image=$(echo "$band" | field "d['image']")
cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
printf '[[registry]]\nlocation = "127.0.0.1:%s"\ninsecure = true\n' "$port" > "$work/registries.conf"
mkdir -p "$work/p"
podman_cmd() { CONTAINERS_CONF="$work/containers.conf" CONTAINERS_REGISTRIES_CONF="$work/registries.conf" podman --root "$work/p/r" --runroot "$work/p/rr" "$@"; }
podman_cmd pull -q "$image" >/dev/null

first_prediction_ms() { # port start_ms -> ms until the PNG is classified "three"
  until curl -s -m 1 -X POST -H 'Content-Type: image/png' --data-binary @"$work/band.png" "http://127.0.0.1:$1/v1/models/bands/predict?top_k=1" 2>/dev/null | grep -q '"label":"three"'; do sleep 0.01; done
  echo $(( $(now_ms) - $2 ))
}
container_runs=(); host_runs=()
for i in $(seq "$repeats"); do
  p=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(now_ms)
  id=$(podman_cmd run -d -p "127.0.0.1:$p:8080" "$image")
  container_runs+=("$(first_prediction_ms "$p" "$start")")
  podman_cmd rm -f -t 0 "$id" >/dev/null
  start=$(now_ms)
  PORT=$p MLOPS_MODELS="bands=$work/bands.onnx" MLOPS_ONNXRUNTIME_LIB="$root/.deps/onnxruntime/libonnxruntime.so.1" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    "$publish/mlops-serve" >/dev/null 2>&1 &
  server=$!
  host_runs+=("$(first_prediction_ms "$p" "$start")")
  kill "$server"; wait "$server" 2>/dev/null || true
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
container_ms=$(median "${container_runs[@]}"); host_ms=$(median "${host_runs[@]}")

{
  echo "bench/deploy ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "1. image, compressed, with ResNet-18 fp32 ONNX: $(awk "BEGIN {printf \"%.1f\", $image_bytes/1048576}") MB ($layers)   target <= 60 MB"
  echo "2. retrain push: $pushed_v2 bytes uploaded; model layer $model_layer bytes; model file $model_file bytes; ratio pushed/model file = $(awk "BEGIN {printf \"%.3f\", $pushed_v2/$model_file}")   target <= 1.05"
  echo "3. start -> first correct prediction (median of $repeats): container ${container_ms} ms, host process ${host_ms} ms, ratio $(awk "BEGIN {printf \"%.2f\", $container_ms/$host_ms}")   target <= 1500 ms (runs: container ${container_runs[*]}; host ${host_runs[*]})"
} | tee "$results/report.txt"
