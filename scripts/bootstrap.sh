#!/usr/bin/env bash
# Installs what is missing and builds. Idempotent and fast when nothing changed.
#   scripts/bootstrap.sh runtime   what `./mlops` needs
#   scripts/bootstrap.sh test      plus the reference tools and peers the tests use
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-runtime}"
log() { printf '[bootstrap] %s\n' "$*" >&2; }

wanted_packages() {
  grep -hv '^\s*#' "$root/scripts/apt-runtime.txt"
  if [ "$mode" = test ]; then grep -hv '^\s*#' "$root/scripts/apt-test.txt"; fi
}

install_apt_packages() {
  local missing=()
  for pkg in $(wanted_packages); do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local start=$SECONDS
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  log "apt: $((SECONDS - start)) s"
}

run_extra_steps() {
  # Each scripts/steps/<mode>-*.sh (and runtime-*.sh for every mode) installs one non-apt dependency.
  local step
  for step in "$root"/scripts/steps/runtime-*.sh; do [ -e "$step" ] && timed bash "$step"; done
  if [ "$mode" = test ]; then
    for step in "$root"/scripts/steps/test-*.sh; do [ -e "$step" ] && timed bash "$step"; done
  fi
  return 0
}

timed() { # runs a command; says how long it took when that was long enough to matter (a real install, not a no-op)
  local start=$SECONDS
  "$@"
  [ $((SECONDS - start)) -lt 2 ] || log "$(basename "${*: -1}"): $((SECONDS - start)) s"
}

build_if_changed() {
  local stamp="$root/.deps/build.stamp"
  mkdir -p "$root/.deps"
  if [ -f "$stamp" ] && [ -f "$root/artifacts/bin/Mlops.Cli/release/mlops.dll" ] \
     && [ -z "$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" -newer "$stamp" -type f -print -quit)" ]; then
    return 0
  fi
  log "building (Release)"
  dotnet build "$root/src/Cli/Mlops.Cli.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
  touch "$stamp"
}

install_apt_packages
run_extra_steps
if [ "$mode" = runtime ]; then build_if_changed; fi
