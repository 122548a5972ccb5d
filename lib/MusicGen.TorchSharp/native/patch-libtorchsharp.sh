#!/usr/bin/env bash
# patch-libtorchsharp.sh OUTDIR: makes the copy of TorchSharp's libLibTorchSharp.so under OUTDIR load on
# systems whose libstdc++ stops before GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04: GCC 12, up to 3.4.30).
# Run by the MSBuild target in MusicGen.TorchSharp.targets after each build; environment.md explains it.
#   1. No-op when the system libstdc++ has GLIBCXX_3.4.32, when OUTDIR has no libLibTorchSharp.so, or
#      when that copy is already patched. The NuGet cache's copy is never touched.
#   2. Builds libmusicgen-glibcxx-shim.so beside it: std::ios_base_library_init() at version
#      GLIBCXX_3.4.32, the only symbol of that version libLibTorchSharp.so uses (nm -D shows it).
#   3. On a temporary copy: patchelf --add-needed the shim (found through the library's RUNPATH $ORIGIN),
#      marks the GLIBCXX_3.4.32 requirement weak (weaken-version.c), then moves it over the original.
set -euo pipefail
out="${1:?usage: patch-libtorchsharp.sh OUTDIR}"
here="$(cd "$(dirname "$0")" && pwd)"
shim=libmusicgen-glibcxx-shim.so
lib=""
for candidate in "$out/runtimes/linux-x64/native/libLibTorchSharp.so" "$out/libLibTorchSharp.so"; do
  if [ -f "$candidate" ]; then lib="$candidate"; break; fi
done
[ -n "$lib" ] || exit 0
dir="$(dirname "$lib")"

libstdcxx="$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')"
[ -n "$libstdcxx" ] || libstdcxx="$(g++ -print-file-name=libstdc++.so.6 2>/dev/null || true)"
if [ -f "$libstdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$libstdcxx"; then exit 0; fi

command -v patchelf >/dev/null || { echo "patch-libtorchsharp.sh: error: patchelf is missing (apt-get install patchelf); $lib needs GLIBCXX_3.4.32 which $libstdcxx lacks" >&2; exit 1; }
command -v g++ >/dev/null || { echo "patch-libtorchsharp.sh: error: g++ is missing (apt-get install g++); $lib needs GLIBCXX_3.4.32 which $libstdcxx lacks" >&2; exit 1; }
if [ -f "$dir/$shim" ] && patchelf --print-needed "$lib" | grep -qx "$shim"; then exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
g++ -shared -fPIC -O2 -o "$work/$shim" -Wl,-soname,"$shim" -Wl,--version-script="$here/glibcxx-shim.map" "$here/glibcxx-shim.cpp"
gcc -O2 -o "$work/weaken-version" "$here/weaken-version.c"
cp "$lib" "$work/lib.so"
patchelf --add-needed "$shim" "$work/lib.so"
"$work/weaken-version" "$work/lib.so" libstdc++.so.6 GLIBCXX_3.4.32
cp "$work/$shim" "$dir/$shim.tmp" && mv -f "$dir/$shim.tmp" "$dir/$shim"
cp "$work/lib.so" "$lib.tmp" && mv -f "$lib.tmp" "$lib"
echo "patch-libtorchsharp.sh: $lib now loads with $libstdcxx (shim $shim for GLIBCXX_3.4.32)"
