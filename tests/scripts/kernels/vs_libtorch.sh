#!/bin/sh
# Training throughput, musicgen vs LibTorch 2.10 (TorchSharp 0.107, in the same process), on the three bench shapes:
# each repetition runs `musicgen bench train --preset ID --peer torchsharp --json` (3 rounds of: ours on all cores,
# then LibTorch with 1 and 2 threads, back to back, the same number of timed steps: about 3 s of ours, after a warm-up
# of at least 2 steps and 1 s each; each side's median round is reported, every round is in "rounds") and prints one
# JSON line with the date, commit and load average around it. Each preset runs in a process of its own, where
# LibTorch starts fresh; `musicgen bench train` without --preset runs all three in one process, and there LibTorch
# ran the later shapes faster (lib/MusicGen/Nn/README.md, "What rounds showed about the peer").
# On a shared machine compare within a line, not across lines.
# Usage: tests/scripts/kernels/vs_libtorch.sh [repetitions] [musicgen.dll]   (from the repository root)
set -eu
reps=${1:-1}
dll=${2:-}
if [ -z "$dll" ]; then
  dotnet build lib/MusicGen.Cli -c Release >&2
  dll=$(find "${MUSICGEN_ARTIFACTS:-lib/MusicGen.Cli/bin}" -name musicgen.dll -path '*elease*' | head -n 1)
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
for r in $(seq 1 "$reps"); do
  for preset in pitch-step-duration chord-stacked-lstm notes-and-chords; do
    printf '{"repetition":%s,"date":"%s","commit":"%s","load_before":"%s","result":' \
      "$r" "$(date -u +%FT%TZ)" "$commit" "$(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$dll" bench train --preset "$preset" --batch 64 --json --peer torchsharp 2>/dev/null | tr -d '\n'
    printf ',"load_after":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
