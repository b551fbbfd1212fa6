#!/usr/bin/env bash
# Regenerates src/Serve/Startup/startup-assemblies.txt: the assemblies a published server has mapped once it has
# started and answered one prediction (read from /proc/PID/maps). Only these are precompiled (ReadyToRun) in the
# image; the rest stay IL, which keeps the image small. Rerun after adding a dependency on the start path.
# Usage: bench/deploy/startup_assemblies.sh PUBLISH_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
publish="$1"
work="$(mktemp -d /tmp/sa-XXXXXX)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
/usr/bin/python3 "$root/tests/Deploy.Tests/Reference/band_model.py" "$work" 3
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PORT=$port MLOPS_MODELS="bands=$work/bands.onnx" \
  "$publish/mlops-serve" >"$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do sleep 0.1; done
curl -sf -X POST -H 'Content-Type: image/png' --data-binary @"$work/band.png" "http://127.0.0.1:$port/v1/models/bands/predict" | grep -q '"label":"three"'
grep -o '[^/]*\.dll$' "/proc/$server/maps" | sort -u > "$root/src/Serve/Startup/startup-assemblies.txt"
echo "$(wc -l < "$root/src/Serve/Startup/startup-assemblies.txt") assemblies written to src/Serve/Startup/startup-assemblies.txt"
