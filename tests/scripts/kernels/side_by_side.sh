#!/bin/sh
# Side-by-side training throughput, musicgen vs PyTorch (tests/MusicGen.Benchmarks/peers/torch_peer.py), on the three
# bench presets: each repetition runs `musicgen bench train --peer` (ours, then torch with THREADS=1
# and THREADS=2, back to back) and prints one JSON line. On a shared machine run several repetitions
# and compare within a line, not across lines.
# Usage: tests/scripts/kernels/side_by_side.sh [repetitions] [musicgen.dll]   (from the repository root)
set -eu
reps=${1:-3}
dll=${2:-}
if [ -z "$dll" ]; then
  dotnet build lib/MusicGen.Cli -c Release >&2
  dll=$(find "${MUSICGEN_ARTIFACTS:-lib/MusicGen.Cli/bin}" -name musicgen.dll -path '*elease*' | head -n 1)
fi
for r in $(seq 1 "$reps"); do
  # pitch-step-duration takes ~15 ms a step: 200 timed steps amortise JIT tier-up after the 2 warm-up steps.
  for spec in pitch-step-duration:200 chord-stacked-lstm:5 notes-and-chords:3; do
    preset=${spec%%:*}
    steps=${spec##*:}
    printf '{"repetition":%s,"load":"%s","result":' "$r" "$(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$dll" bench train --preset "$preset" --batch 64 --steps "$steps" --json --peer 2>/dev/null | tr -d '\n'
    echo '}'
  done
done
