#!/usr/bin/env bash
# Reading speed of every piano-midi.de file, whole process, warm, best of 3, in one run so the ratio is
# fair under any load: `musicgen midi notes FILES` (read every file into notes, print a summary per
# file) against Debian's python3-mido parsing the same files (mido.MidiFile: messages only, no notes).
# Also reported: `musicgen midi notes FILES --json`, which writes every note as JSON (≈ 61 MB).
#   tests/scripts/midi/read_speed.sh [FOLDER]     default: $MUSICGEN_DATA/piano-midi
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
folder="${1:-${MUSICGEN_DATA:?set MUSICGEN_DATA or pass a folder}/piano-midi}"
mapfile -t files < <(find "$folder" -iname '*.mid' | sort)
[ ${#files[@]} -gt 0 ] || { echo "read_speed.sh: no .mid files under $folder" >&2; exit 2; }
dotnet build "$root/lib/MusicGen.Cli" -c Release -v q -nologo >/dev/null
dll="$(dotnet msbuild "$root/lib/MusicGen.Cli" -p:Configuration=Release -getProperty:TargetPath)"
dotnet "$dll" midi notes "${files[@]}" --json >/dev/null   # warm the file cache and the runtime
best() { local b=999999; for _ in 1 2 3; do local s=$(date +%s.%N); "$@" >/dev/null; local t=$(echo "$(date +%s.%N) - $s" | bc); (( $(echo "$t < $b" | bc) )) && b=$t; done; echo "$b"; }
ours=$(best dotnet "$dll" midi notes "${files[@]}")
json=$(best dotnet "$dll" midi notes "${files[@]}" --json)
mido=$(best /usr/bin/python3 -c 'import sys, mido
for f in sys.argv[1:]: mido.MidiFile(f, clip=True)' "${files[@]}")
printf '{"files": %d, "musicgen_s": %.3f, "musicgen_json_s": %.3f, "mido_s": %.3f, "ratio": %.1f, "load": "%s"}\n' \
  "${#files[@]}" "$ours" "$json" "$mido" "$(echo "$mido / $ours" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
