#!/usr/bin/env bash
# Peak memory of `musicgen midi notes BIG.mid --json` (issue 14: 2.66 GB when the JSON was built in
# memory; the goal is under 500 MB). Writes a valid 30 MB type-0 file of 10 M events (5 M notes, running
# status, 3 bytes an event) to a temp folder — never into the repository — and reports the process's
# peak RSS (ru_maxrss) and the JSON size.
#   tests/scripts/midi/json_memory.sh [EVENTS]     default 10000000
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
events="${1:-10000000}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
dotnet build "$root/lib/MusicGen.Cli" -c Release -v q -nologo >/dev/null
dll="$(dotnet msbuild "$root/lib/MusicGen.Cli" -p:Configuration=Release -getProperty:TargetPath)"
/usr/bin/python3 - "$tmp/big.mid" "$events" <<'PY'
import struct, sys
path, events = sys.argv[1], int(sys.argv[2])
body = bytearray(b"\x00\x90")            # first note-on with its status byte
pairs = events // 2
one = bytes([0x3C, 0x40, 0x01, 0x3C, 0x00, 0x01])  # on (60, 64), +1 tick off (velocity 0), +1 tick next on
body += bytes([0x3C, 0x40, 0x01, 0x3C, 0x00])
body += (bytes([0x01, 0x3C, 0x40, 0x01, 0x3C, 0x00])) * (pairs - 1)
body += b"\x00\xFF\x2F\x00"
with open(path, "wb") as f:
    f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96))
    f.write(b"MTrk" + struct.pack(">I", len(body)) + body)
PY
ls -l "$tmp/big.mid" | awk '{printf "input: %.1f MB\n", $5 / 1e6}'
/usr/bin/python3 - "$dll" "$tmp/big.mid" "$tmp/big.json" <<'PY'
import os, resource, subprocess, sys, time
start = time.time()
with open(sys.argv[3], "wb") as out:
    p = subprocess.run(["dotnet", sys.argv[1], "midi", "notes", sys.argv[2], "--json"], stdout=out, stderr=subprocess.PIPE)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f'{{"exit": {p.returncode}, "json_mb": {os.path.getsize(sys.argv[3]) / 1e6:.1f}, "peak_rss_mb": {peak:.0f}, "seconds": {time.time() - start:.1f}}}')
if p.returncode != 0: print(p.stderr.decode()[:500], file=sys.stderr)
PY
