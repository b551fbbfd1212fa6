#!/usr/bin/env bash
# Issue 6 targets, measured in one run on this machine:
#   1. image size, compressed (base + runtime + model layers), with ResNet-18 fp32 and, when given, int8;
#   2. bytes pushed when only the model changes (a "retrain"), against the model layer and the model file;
#   3. start -> first correct prediction of the image's server (ServePublisher's publish) against a reference publish
#      (session 1's: trimmed, JIT only, server GC, endpoints bound by expression trees), both as host processes and as
#      podman containers, alternating round by round; plus podman's own cost (a container that only runs ld.so --version).
# Usage: bench/deploy/run.sh [repeats=5] [int8-model.onnx]
#   The model defaults to .mlops/quickstart/model/model.int8.onnx (what `./mlops quickstart` leaves), predicting a
#   Fashion-MNIST test image it classifies right; without any, a tiny band classifier stands in (start cost without a real model).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repeats="${1:-5}"
int8="${2:-$root/.mlops/quickstart/model/model.int8.onnx}"
results="$root/bench/results/deploy"
artifacts="$root/artifacts-bench-deploy"
work="$(mktemp -d /tmp/bd-XXXXXX)"
mkdir -p "$results"
py=/usr/bin/python3
bench="$artifacts/bin/Mlops.Bench.Deploy/release/Mlops.Bench.Deploy.dll"
log() { printf '[bench/deploy] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  if [ -f "$work/containers.conf" ]; then podman_cmd rm --all --force --time 0 >/dev/null 2>&1 || true; podman_cmd system reset --force >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

log "building the bench (src/Deploy only)"
dotnet build "$here/Mlops.Bench.Deploy.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" -p:ArtifactsPath="$artifacts" >&2

log "models: ResNet-18 twice (two seeds = a retrain), and the band classifier"
[ -f "$results/resnet18-seed0.onnx" ] || $py "$here/make_models.py" "$results" 0 1 >&2
$py "$root/tests/Deploy.Tests/Reference/band_model.py" "$work" 3

log "serve publishes: the image's (ServePublisher) and the reference"
publish="$artifacts/serve-publish"
reference="$artifacts/serve-publish-reference"
dotnet "$bench" publish "$root" "$publish" "$artifacts/serve" >&2
rm -rf "$reference"
# The reference undoes, property by property, what src/Serve/Mlops.Serve.csproj and ServePublisher set for a fast start.
dotnet publish "$root/src/Serve/Mlops.Serve.csproj" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true -p:TrimMode=partial \
  -p:SuppressTrimAnalysisWarnings=true -p:JsonSerializerIsReflectionEnabledByDefault=true -p:DebugType=none \
  -p:PublishReadyToRun=false -p:ServerGarbageCollection=true -p:TieredPGO=true -p:EnableRequestDelegateGenerator=false \
  -p:ArtifactsPath="$artifacts/serve-reference" -o "$reference" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2

port=$(free_port)
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
sleep 1

build_push() { # model version name [publish] [repository] -> JSON
  dotnet "$bench" "${4:-$publish}" "$work/layout" "$1" "$3" "$2" "127.0.0.1:$port/mlops/${5:-$3}:v$2"
}
field() { $py -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
mb() { awk "BEGIN {printf \"%.1f\", $1/1048576}"; }
layers_of() { echo "$1" | field "' + '.join(f\"{l['name']} {l['bytes']/1048576:.1f} MB\" for l in d['layers'])"; }

log "1+2: push v1 (seed 0), then v2 (seed 1): only the model layer should travel"
v1=$(build_push "$results/resnet18-seed0.onnx" 1 fashion)
v2=$(build_push "$results/resnet18-seed1.onnx" 2 fashion)
image_bytes=$(echo "$v1" | field "d['compressedBytes']")
model_file=$(stat -c %s "$results/resnet18-seed1.onnx")
model_layer=$(echo "$v2" | field "d['layers'][2]['bytes']")
pushed_v2=$(echo "$v2" | field "d['bytesUploaded']")
if [ -f "$int8" ]; then
  q=$(build_push "$int8" 1 fashion-int8)
  int8_line="with the int8 model ($(basename "$int8")): $(mb "$(echo "$q" | field "d['compressedBytes']")") MB ($(layers_of "$q"))"
else
  int8_line="no int8 model given (run ./mlops quickstart, or pass one as the 2nd argument)"
fi

log "3: start -> first correct prediction"
if [ -f "$int8" ]; then
  model="$int8"; name=fashion
  $py "$here/fashion_png.py" "$work/fm" 20
  labels=$($py -c "import json,onnx,sys; m=onnx.load(sys.argv[1]); print(json.dumps(json.loads({p.key: p.value for p in m.metadata_props}['mlops.labels'])))" "$model")
else
  model="$work/bands.onnx"; name=bands
fi
cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
printf '[[registry]]\nlocation = "127.0.0.1:%s"\ninsecure = true\n' "$port" > "$work/registries.conf"
mkdir -p "$work/p"
podman_argv=(env CONTAINERS_CONF="$work/containers.conf" CONTAINERS_REGISTRIES_CONF="$work/registries.conf" podman --root "$work/p/r" --runroot "$work/p/rr")
podman_cmd() { "${podman_argv[@]}" "$@"; }
tuned_image=$(build_push "$model" 1 "$name" | field "d['image']")
reference_image=$(build_push "$model" 1 "$name" "$reference" "$name-reference" | field "d['image']")
podman_cmd pull -q "$tuned_image" >/dev/null
podman_cmd pull -q "$reference_image" >/dev/null
host_env=(DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1)

# The PNG to classify: the band image, or the first Fashion-MNIST test image the model gets right (asked of a warm server).
if [ "$name" = fashion ]; then
  p=$(free_port)
  env "${host_env[@]}" PORT=$p MLOPS_MODELS="$name=$model" "$publish/mlops-serve" >/dev/null 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$p/ready" >/dev/null; do sleep 0.1; done
  png=""; label=""
  while read -r i truth; do
    expected=$(echo "$labels" | field "d[$truth]")
    got=$(curl -s -X POST -H 'Content-Type: image/png' --data-binary @"$work/fm/test-$i.png" "http://127.0.0.1:$p/v1/models/$name/predict?top_k=1" | field "d['predictions'][0]['top'][0]['label']")
    if [ "$got" = "$expected" ]; then png="$work/fm/test-$i.png"; label="$expected"; break; fi
  done < "$work/fm/labels.txt"
  kill "$server"; wait "$server" 2>/dev/null || true
  [ -n "$png" ] || { log "the model gets none of the first 20 test images right"; exit 1; }
else
  png="$work/band.png"; label=three
fi

first_prediction() { # port command... -> ms from the command's start to the correct answer
  local p=$1; shift
  $py "$here/first_prediction.py" "http://127.0.0.1:$p/v1/models/$name/predict?top_k=1" "$png" "$label" 120 -- "$@"
}
timeline_of() { grep -o 'startup, ms since the process started: .*' "$1" | head -1 | sed 's/^startup, ms since the process started: //' || true; }
declare -A runs
tuned_timelines=()
timed() { # key log command... -> appends the ms to runs[key]; on failure shows the log and stops
  local key=$1 logfile=$2 ms; shift 2
  ms=$("$@" 2>"$logfile") || { log "$key failed:"; tail -20 "$logfile" >&2; podman_cmd logs "bd-$variant-$i" 2>&1 | tail -20 >&2 || true; exit 1; }
  runs[$key]+=" $ms"
}
for i in $(seq "$repeats"); do
  for variant in tuned reference; do
    if [ $variant = tuned ]; then dir=$publish; image=$tuned_image; else dir=$reference; image=$reference_image; fi
    p=$(free_port)
    timed "host-$variant" "$work/host.log" first_prediction "$p" env "${host_env[@]}" PORT=$p MLOPS_MODELS="$name=$model" "$dir/mlops-serve"
    [ $variant = tuned ] && tuned_timelines+=("host: $(timeline_of "$work/host.log")")
    p=$(free_port)
    timed "podman-$variant" "$work/podman-run.log" first_prediction "$p" "${podman_argv[@]}" run -d --name "bd-$variant-$i" -p "127.0.0.1:$p:8080" "$image"
    podman_cmd logs "bd-$variant-$i" >"$work/container.log" 2>&1 || true
    [ $variant = tuned ] && tuned_timelines+=("podman: $(timeline_of "$work/container.log")")
    podman_cmd rm -f -t 0 "bd-$variant-$i" >/dev/null
  done
  start=$(now_ms)
  podman_cmd run --rm --entrypoint /lib64/ld-linux-x86-64.so.2 "$tuned_image" --version >/dev/null
  runs[podman-trivial]+=" $(( $(now_ms) - start ))"
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for key in "${!runs[@]}"; do declare "median_${key//-/_}=$(median "${runs[$key]}")"; done
ratio() { awk "BEGIN {printf \"%.2f\", $1/$2}"; }
verdict() { [ "$1" -le 1500 ] && echo PASS || echo FAIL; }

{
  echo "bench/deploy ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "1. image, compressed, with ResNet-18 fp32 ONNX: $(mb "$image_bytes") MB ($(layers_of "$v1"))"
  echo "   $int8_line   target <= 60 MB"
  echo "2. retrain push: $pushed_v2 bytes uploaded; model layer $model_layer bytes; model file $model_file bytes; ratio pushed/model file = $(ratio "$pushed_v2" "$model_file")   target <= 1.05"
  echo "3. start -> first correct prediction, model '$name' ($(basename "$model"), $(stat -c %s "$model") bytes), median of $repeats alternating rounds:"
  echo "   host process: image's publish ${median_host_tuned} ms, reference ${median_host_reference} ms, ratio $(ratio "$median_host_tuned" "$median_host_reference")"
  echo "   podman:       image's publish ${median_podman_tuned} ms, reference ${median_podman_reference} ms, ratio $(ratio "$median_podman_tuned" "$median_podman_reference")   target <= 1500 ms: $(verdict "$median_podman_tuned")"
  echo "   podman's own cost (run to exit of a container doing nothing): ${median_podman_trivial} ms"
  echo "   runs (ms): host${runs[host-tuned]} | host reference${runs[host-reference]} | podman${runs[podman-tuned]} | podman reference${runs[podman-reference]} | trivial${runs[podman-trivial]}"
  echo "   where the image's server spends its start (its own log, ms since its process started), last round:"
  echo "     ${tuned_timelines[-2]}"
  echo "     ${tuned_timelines[-1]}"
} | tee "$results/report.txt"
