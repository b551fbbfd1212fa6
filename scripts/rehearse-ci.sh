#!/usr/bin/env bash
# Rehearses CI on a truly fresh Debian 12: debootstraps bookworm once (the reusable "base": only what the CI
# machine has before our scripts run), then for every rehearsal copies that base afresh, clones the repo's
# committed HEAD into the copy and runs `bash .ci/run` inside it, printing its output, times and exit code.
#
#   scripts/rehearse-ci.sh [DIR]        default DIR=/var/tmp/mlops-fresh (DIR/base is kept, DIR/root is per run)
#   KEEP_ROOT=1 scripts/rehearse-ci.sh  leave DIR/root after the run (to look inside); removed otherwise
#   REHEARSE_CMD='...' ...              run another command inside instead of `bash .ci/run` (debugging)
#
# Run as root on a Debian 12 host whose apt, NuGet and npm registries answer. The base carries over from the host
# exactly what the CI machine has and nothing of ours: the .NET SDK (bind-mounted /usr/share/dotnet), node 20 + npm
# (NodeSource's nodejs package as installed here, npm upgraded), git, g++/cmake (apt, in the base), the host's apt
# mirror settings and apt/dpkg tuning, extra CA certificates and npm/NuGet client settings.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-/var/tmp/mlops-fresh}"
base="$dir/base"
root="$dir/root"
log() { printf '[rehearse %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Packages a CI machine has before our scripts run (see /work/.library/env/machines/dotnet.md, "On a new machine"):
# the .NET SDK's own dependencies, git, g++ with cmake, and python3 + ca-certificates (NodeSource's nodejs depends
# on both). Changing this list rebuilds the base.
base_packages="ca-certificates,git,g++,make,cmake,python3,libicu72,libssl3,zlib1g,tzdata,curl,xz-utils,procps"
mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
recipe="bookworm $mirror $base_packages nodejs=$(dpkg-query -W -f='${Version}' nodejs) npm=$(npm --version) $(ls /etc/apt/apt.conf.d /etc/dpkg/dpkg.cfg.d | grep -c docker-) v2"

in_root() { # runs a command inside a tree with a clean, CI-like environment
  local tree="$1"; shift
  chroot "$tree" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    $(env | grep -E '^(DOTNET|NUGET)_[A-Z_]+=' | tr '\n' ' ') "$@"
}

mounted=()
mount_into() { # mount_into TREE: what a booted VM has — /proc, /sys (cgroups included), /dev, a tmpfs /run, the SDK
  local tree="$1"
  # On a VM "/" is a mount point; in a plain chroot it is not, and podman's layer unpacking (it chroots into the
  # layer and remounts / private) then fails with "remount /, flags: 0x44000: invalid argument".
  mount --bind "$tree" "$tree"; mount --make-private "$tree"; mounted+=("$tree")
  mount -t proc proc "$tree/proc"; mounted+=("$tree/proc")
  mount --rbind /sys "$tree/sys"; mount --make-rslave "$tree/sys"; mounted+=("$tree/sys")
  mount --rbind /dev "$tree/dev"; mount --make-rslave "$tree/dev"; mounted+=("$tree/dev")
  mount -t tmpfs -o mode=755 tmpfs "$tree/run"; mounted+=("$tree/run")
  mkdir -p "$tree/usr/share/dotnet" "$tree/opt/nuget/packages"
  mount --bind -o ro /usr/share/dotnet "$tree/usr/share/dotnet"; mounted+=("$tree/usr/share/dotnet")
  mount --bind -o ro /opt/nuget/packages "$tree/opt/nuget/packages"; mounted+=("$tree/opt/nuget/packages")
}

cleanup() {
  local tree pid i
  # Processes a test left behind inside the tree would pin its mounts: end them, one id at a time.
  for tree in "$root" "$base.tmp"; do
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
      [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$tree" ] && kill -9 "$pid" 2>/dev/null || true
    done
  done
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -R "${mounted[$i]}" 2>/dev/null || umount -R -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
  if [ -d "$root" ] && [ "${KEEP_ROOT:-0}" != 1 ] && ! grep -qE " $root[/ ]" /proc/mounts; then rm -rf "$root"; fi
  rm -rf "$base.tmp" 2>/dev/null || true
}
trap cleanup EXIT

copy_node_from_host() { # node + npm exactly as this machine has them (a NodeSource .deb, npm upgraded in place)
  local tree="$1"
  { dpkg -L nodejs | while read -r f; do [ -f "$f" ] || [ -L "$f" ] && echo "$f"; done
    echo /usr/lib/node_modules; echo /usr/etc/npmrc; echo /root/.npmrc; } \
    | sort -u | tar -C / --no-recursion -cf - -T - 2>/dev/null | tar -C "$tree" -xf -
  tar -C / -cf - usr/lib/node_modules | tar -C "$tree" -xf -
  # Registered with dpkg as on the CI machine, so apt sees nodejs (and its Provides: npm) installed.
  { echo; dpkg-query -s nodejs; } >> "$tree/var/lib/dpkg/status"
  cp -a /var/lib/dpkg/info/nodejs.* "$tree/var/lib/dpkg/info/"
}

make_base() {
  [ -f "$base/.recipe" ] && [ "$(cat "$base/.recipe")" = "$recipe" ] && { log "reusing base $base"; return 0; }
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
  log "debootstrapping bookworm from $mirror into $base.tmp"
  rm -rf "$base.tmp"
  debootstrap --include="$base_packages" bookworm "$base.tmp" "$mirror" >&2 \
    || { tail -n 30 "$base.tmp/debootstrap/debootstrap.log" >&2; exit 1; }
  # The host's apt sources and settings (a dated snapshot mirror: its Release files are "expired").
  rm -f "$base.tmp/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$base.tmp/etc/apt/sources.list.d/"
  cp /etc/apt/apt.conf.d/99artifact-registry "$base.tmp/etc/apt/apt.conf.d/"
  # The machine image's apt/dpkg tuning (it is built from Debian's Docker image): no fsync per file, no translations,
  # no kept .debs. Without it dpkg here is slower than on the CI machine.
  cp /etc/apt/apt.conf.d/docker-* "$base.tmp/etc/apt/apt.conf.d/" 2>/dev/null || true
  cp /etc/dpkg/dpkg.cfg.d/docker-* "$base.tmp/etc/dpkg/dpkg.cfg.d/" 2>/dev/null || true
  # The CAs this network's TLS needs (registries are reached through them), as the CI machine has them.
  cp /usr/local/share/ca-certificates/*.crt "$base.tmp/usr/local/share/ca-certificates/" 2>/dev/null || true
  in_root "$base.tmp" update-ca-certificates >/dev/null
  copy_node_from_host "$base.tmp"
  ln -sfn /usr/share/dotnet/dotnet "$base.tmp/usr/bin/dotnet"
  mkdir -p "$base.tmp/root/.nuget/NuGet"
  cp /root/.nuget/NuGet/NuGet.Config "$base.tmp/root/.nuget/NuGet/" 2>/dev/null || true
  cp /etc/resolv.conf "$base.tmp/etc/resolv.conf"
  cp /etc/hosts "$base.tmp/etc/hosts"
  in_root "$base.tmp" apt-get clean
  echo "$recipe" > "$base.tmp/.recipe"
  rm -rf "$base"
  mv "$base.tmp" "$base"
  log "base ready: $(du -sh "$base" | cut -f1)"
}

mkdir -p "$dir"
# One rehearsal per folder at a time: the lock is held until this process has finished cleaning up.
exec 9>"$dir/.lock"
flock -n 9 || { log "another rehearsal is using $dir"; exit 1; }
make_base

log "fresh copy of the base into $root"
rm -rf "$root"
cp -a "$base" "$root"
mount_into "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
commit="$(git -C "$repo" rev-parse HEAD)"
log "cloning committed HEAD $commit"
git clone -q --no-hardlinks "$repo" "$root/root/mlops"
git -C "$root/root/mlops" remote remove origin

# By default the install part (what .ci/run's bootstrap does first) is timed on its own, then .ci/run runs whole
# (its bootstrap is then a no-op, which also proves every step is idempotent).
default_cmd='s=$(date +%s); scripts/bootstrap.sh test || exit $?; echo "[rehearse] install part: $(( $(date +%s) - s )) s"; exec bash .ci/run'
cmd="${REHEARSE_CMD:-$default_cmd}"
log "running: $cmd"
start=$(date +%s)
set +e
in_root "$root" /bin/bash -c "cd /root/mlops && $cmd"
code=$?
set -e
log "exit code $code after $(( $(date +%s) - start )) s in all (commit $commit)"
log "rehearsal tree used $(du -sh --one-file-system "$root" 2>/dev/null | cut -f1) (base included); largest parts:"
du -sh --one-file-system "$root"/{usr,var/cache/apt,tmp,root/mlops/artifacts,root/mlops/.deps,root/.nuget,root/.npm,root/.cache} 2>/dev/null \
  | sed "s|$root||" >&2
exit $code
