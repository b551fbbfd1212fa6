#!/usr/bin/env bash
# Writes a copy of TorchSharp's libLibTorchSharp.so that loads with a libstdc++ older than GCC 13
# (Debian 12), plus the compat library it then needs, into OUT_DIR; the package's file is only read.
# Where the system libstdc++ has GLIBCXX_3.4.32 it writes nothing (and removes an older patch).
# usage: patch-libtorchsharp.sh PACKAGED_LIBLIBTORCHSHARP OUT_DIR
set -euo pipefail
packaged="$1"
out="${2%/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compat=libmlops_glibcxx_compat.so
mkdir -p "$out"
rm -f "$out/libLibTorchSharp.so" "$out/$compat"

libstdcxx="$(/sbin/ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
if [[ -z "$libstdcxx" ]]; then echo "error: patch-libtorchsharp: no libstdc++.so.6 known to ldconfig" >&2; exit 1; fi
if grep -qa GLIBCXX_3.4.32 "$libstdcxx"; then
  echo "patch-libtorchsharp: $libstdcxx has GLIBCXX_3.4.32, TorchSharp's library is used as shipped"
  exit 0
fi

if ! command -v patchelf >/dev/null; then
  echo "error: patch-libtorchsharp: patchelf is missing (apt-get install patchelf)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
g++ -O2 -Wall -Wextra -Werror -shared -fPIC -o "$work/$compat" "$here/glibcxx_compat.cpp"
g++ -O2 -Wall -Wextra -Werror -o "$work/rename-version-need" "$here/version_need.cpp"
cp "$packaged" "$work/libLibTorchSharp.so"
chmod u+w "$work/libLibTorchSharp.so"
# The one GCC 13 symbol now comes from our library (found through the copy's RUNPATH $ORIGIN) ...
patchelf --clear-symbol-version _ZSt21ios_base_library_initv --add-needed "$compat" "$work/libLibTorchSharp.so"
# ... so nothing else needs GLIBCXX_3.4.32; ask libstdc++ for a version it has instead.
"$work/rename-version-need" "$work/libLibTorchSharp.so" libstdc++.so.6 GLIBCXX_3.4.32 GLIBCXX_3.4.30
mv "$work/$compat" "$work/libLibTorchSharp.so" "$out/"
echo "patch-libtorchsharp: $out/libLibTorchSharp.so patched for $libstdcxx"
