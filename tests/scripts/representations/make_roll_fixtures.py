#!/usr/bin/python3
"""Writes piano-roll golden fixtures for tests/MusicGen.Tests/Representations.

An independent NumPy implementation of pretty_midi's get_piano_roll as specified in
notebooks/SOURCES.md §4 (we have no pretty_midi here). Each fixture holds
a synthetic song (instruments with notes, control changes and pitch bends), the arguments
(fs, times, pedal_threshold) and the expected roll, stored sparsely as [pitch, column, value]
with value = float32(value) printed as a float64 repr, plus the shape.

Run: /usr/bin/python3 tests/scripts/representations/make_roll_fixtures.py
Output: tests/MusicGen.Tests/Fixtures/Representations/rolls.json
"""
import json
import os

import numpy as np


def instrument_end_time(inst):
    ends = [n[3] for n in inst["notes"]] + [b[1] for b in inst["bends"]] + [c[2] for c in inst["ccs"]]
    return max(ends) if ends else 0.0


def instrument_roll(inst, fs, times, pedal_threshold):
    """Section 4 steps 1-9 for one instrument; returns float64 (128, T)."""
    if not inst["notes"]:
        return np.zeros((128, 0))
    end_time = instrument_end_time(inst)
    if times is not None and times[-1] > end_time:
        end_time = times[-1]
    roll = np.zeros((128, int(fs * end_time)))
    if inst["is_drum"]:
        return roll if times is None else np.zeros((128, len(times)))
    for pitch, velocity, start, end in inst["notes"]:
        roll[pitch, int(start * fs):int(end * fs)] += velocity
    if pedal_threshold is not None:
        down, on_col = False, 0
        for number, value, time in inst["ccs"]:
            if number != 64:
                continue
            col = int(time * fs)
            if not down and value >= pedal_threshold:
                down, on_col = True, col
            elif down and value < pedal_threshold:
                roll[:, on_col:col] = np.maximum.accumulate(roll[:, on_col:col], axis=1)
                down = False
    bends = sorted(inst["bends"], key=lambda b: b[1]) + [[0, end_time]]
    for (pitch, time), (_, next_time) in zip(bends[:-1], bends[1:]):
        if abs(pitch) < 1:
            continue
        s = 2.0 * pitch / 8192
        n = int(np.sign(s) * np.floor(abs(s)))
        f = abs(s - n)
        cols = np.arange(int(time * fs), int(next_time * fs))
        cols = cols[cols < roll.shape[1]]
        x = roll[:, cols].copy()
        y = np.zeros_like(x)
        if pitch >= 0:
            if n != 0:
                y[n:] = x[:128 - n]
            else:
                y = x
            y[1:] = (1 - f) * y[1:] + f * y[:-1]
        else:
            if n != 0:
                y[:128 + n] = x[-n:]
            else:
                y = x
            y[:-1] = (1 - f) * y[:-1] + f * y[1:]
        roll[:, cols] = y
    if times is None:
        return roll
    out = np.zeros((128, len(times)))
    c = np.round(np.asarray(times) * fs).astype(int)
    for k in range(len(times) - 1):
        a, b = c[k], c[k + 1]
        if a < roll.shape[1]:
            if a == b:
                b = a + 1
            out[:, k] = roll[:, a:b].mean(axis=1)
    return out


def song_roll(song, fs, times, pedal_threshold):
    if not song:
        return np.zeros((128, 0))
    rolls = [instrument_roll(i, fs, times, pedal_threshold) for i in song]
    out = np.zeros((128, max(r.shape[1] for r in rolls)))
    for r in rolls:
        out[:, :r.shape[1]] += r
    return out


def inst(notes, ccs=(), bends=(), is_drum=False, program=0):
    return {"program": program, "is_drum": is_drum, "notes": [list(n) for n in notes],
            "ccs": [list(c) for c in ccs], "bends": [list(b) for b in bends]}


def cases():
    # The derived example of section 4 (fs = 10).
    example = [inst([(60, 100, 0.0, 0.26), (60, 50, 0.10, 0.35), (64, 90, 0.52, 0.58), (67, 70, 0.30, 0.50)],
                    ccs=[(64, 127, 0.4), (64, 0, 0.9)])]
    yield "section4-example", example, 10, None, 64
    yield "section4-example-no-pedal", example, 10, None, None
    # Overlapping notes on one pitch, notes sorted in note-off order, a zero-length note, two instruments.
    overlaps = [inst([(60, 80, 0.05, 0.47), (60, 30, 0.21, 0.33), (62, 127, 0.2, 0.2), (72, 100, 0.11, 0.19)]),
                inst([(60, 20, 0.0, 0.6), (48, 64, 0.3, 0.71)], program=32)]
    yield "overlaps-two-instruments", overlaps, 20, None, 64
    # Pedal: several down/up pairs, values around the threshold, other controllers, a pedal left down.
    pedal = [inst([(55, 40, 0.0, 0.12), (59, 90, 0.1, 0.2), (62, 60, 0.5, 0.55), (64, 30, 0.56, 0.6), (67, 99, 1.0, 1.05)],
                  ccs=[(64, 64, 0.05), (7, 100, 0.2), (64, 70, 0.3), (64, 63, 0.45), (64, 100, 0.5),
                       (64, 0, 0.8), (64, 127, 1.0), (1, 5, 1.2)])]
    yield "pedal", pedal, 20, None, 64
    yield "pedal-threshold-100", pedal, 20, None, 100
    # Pitch bends up and down, integer and fractional parts, bends out of time order, a bend
    # with |pitch| < 1 (ignored), the largest bends.
    bends = [inst([(60, 100, 0.0, 1.0), (64, 50, 0.2, 0.9), (0, 10, 0.0, 1.0), (127, 20, 0.0, 1.0)],
                  bends=[(3000, 0.1), (-5000, 0.3), (0, 0.5), (8191, 0.6), (-8192, 0.8), (6000, 0.4),
                         (-1000, 0.7), (4096, 0.2)])]
    yield "pitch-bends", bends, 10, None, 64
    bends_pedal = [inst([(60, 100, 0.0, 0.3), (65, 60, 0.35, 0.5)], ccs=[(64, 127, 0.1), (64, 0, 0.7)],
                        bends=[(-2500, 0.2), (1200, 0.55)])]
    yield "bends-after-pedal", bends_pedal, 20, None, 64
    # Drums give zeros (and widen a song's roll); an instrument without notes gives (128, 0).
    drums = [inst([(36, 100, 0.0, 0.1), (38, 100, 0.5, 1.5)], is_drum=True), inst([(60, 90, 0.2, 0.4)]), inst([])]
    yield "drums-and-empty", drums, 10, None, 64
    yield "drums-and-empty-times", drums, 10, [0.0, 0.1, 0.25, 0.4, 0.5], 64
    # times: means over column ranges, equal columns (one column), times past the end, last column empty,
    # round-half-even of times*fs, and times extending the end time.
    timed = [inst([(60, 100, 0.0, 0.26), (60, 50, 0.10, 0.35), (67, 70, 0.30, 0.50), (71, 33, 0.05, 0.95)],
                  ccs=[(64, 127, 0.4), (64, 0, 0.9)], bends=[(2048, 0.6)])]
    yield "times-variant", timed, 10, [0.0, 0.15, 0.25, 0.25, 0.3, 0.55, 0.8, 1.2, 1.6], 64
    yield "times-grid", timed, 20, list(np.arange(0, 1.0, 1 / 20)), 64
    yield "empty-song", [], 10, None, 64
    yield "song-of-empty-instrument-times", [inst([])], 10, [0.0, 0.5], 64


def main():
    out = []
    for name, song, fs, times, threshold in cases():
        roll = song_roll(song, fs, times, threshold).astype(np.float32)
        nz = np.nonzero(roll)
        out.append({
            "name": name, "fs": fs, "times": None if times is None else [float(t) for t in times],
            "pedalThreshold": threshold, "instruments": song,
            "shape": list(roll.shape),
            "values": [[int(p), int(c), float(roll[p, c])] for p, c in zip(*nz)],
        })
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "MusicGen.Tests", "Fixtures", "Representations", "rolls.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out)} cases to {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
