#!/usr/bin/python3
"""Golden MusPy metrics (SOURCES.md §5.2) for MusicGen.Evaluation.

Random multi-track songs in integer steps (resolution 24) and the 14 metrics computed with NumPy
following the definitions of muspy/metrics/metrics.py (salu133445/muspy), quirks included:
pitch_range -127 with only drums, polyphony_rate's strict '>', NaN cases. Writes
tests/MusicGen.Tests/Fixtures/Evaluation/muspy.json; the C# test rebuilds each song in seconds at
120 bpm (one step = 1/48 s) and converts it back to steps.
Run: /usr/bin/python3 tests/scripts/evaluation/make_muspy_fixtures.py
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "MusicGen.Tests", "Fixtures", "Evaluation", "muspy.json")
RES = 24


def length(song):
    return max([max([n[1] for n in t["notes"]], default=0) for t in song["tracks"]], default=0)


def pitched(song):
    return [n for t in song["tracks"] if not t["is_drum"] for n in t["notes"]]


def pitch_range(song):
    if not song["tracks"] or not any(t["notes"] for t in song["tracks"]):
        return 0
    hi, lo = 0, 127
    for n in pitched(song):
        hi, lo = max(hi, n[2]), min(lo, n[2])
    return hi - lo


def roll(song):
    r = np.zeros((length(song), 128), bool)
    for t0, t1, p in pitched(song):
        r[t0:t1, p] = 1
    return r


def polyphony(song):
    r = roll(song)
    den = np.count_nonzero(r.sum(1) > 0)
    return math.nan if den < 1 else r.sum() / den


def polyphony_rate(song, threshold=2):
    r = roll(song)
    return math.nan if len(r) < 1 else np.count_nonzero(r.sum(1) > threshold) / len(r)


def scale(root, mode):
    c = {"major": [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1], "minor": [1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]}[mode]
    return np.roll(np.array(c, bool), root)


def in_scale(song, root, mode):
    s = scale(root, mode)
    notes = pitched(song)
    return math.nan if not notes else sum(1 for n in notes if s[n[2] % 12]) / len(notes)


def scale_consistency(song):
    best = 0.0
    for mode in ("major", "minor"):
        for root in range(12):
            r = in_scale(song, root, mode)
            if math.isnan(r):
                return math.nan
            best = max(best, r)
    return best


def entropy(counter):
    total = counter.sum()
    if total < 1:
        return math.nan
    p = counter / total
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.nansum(p * np.log2(p)))


def pitch_entropy(song):
    c = np.zeros(128)
    for n in pitched(song):
        c[n[2]] += 1
    return entropy(c)


def pitch_class_entropy(song):
    c = np.zeros(12)
    for n in pitched(song):
        c[n[2] % 12] += 1
    return entropy(c)


def empty_rate(song, unit):
    L = length(song)
    if L < 1:
        return math.nan
    n = L // unit + 1
    empty = [True] * n
    count = 0
    for t in song["tracks"]:
        for t0, t1, _ in t["notes"]:
            for b in range(t0 // unit, t1 // unit + 1):
                if empty[b]:
                    empty[b] = False
                    count += 1
    return 1 - count / n


def groove(song, mres):
    n = length(song) // mres + 1
    if n < 2:
        return math.nan
    g = np.zeros((n, mres), bool)
    for t in song["tracks"]:
        for t0, _, _ in t["notes"]:
            m, pos = divmod(t0, mres)
            g[m, pos] = 1
    return 1 - np.count_nonzero(g[:-1] != g[1:]) / (mres * (n - 1))


def drum_pattern(meter):
    d = np.zeros(RES, bool)
    d[0] = 1
    if meter == "duple":
        if RES % 4 == 0:
            d[::RES // 4] = 1
        if RES % 2 == 0:
            d[::RES // 2] = 1
    else:
        if RES % 3 == 0:
            d[::RES // 3] = 1
    return d


def drum_rate(song, meter):
    d = drum_pattern(meter)
    notes = [n for t in song["tracks"] if t["is_drum"] for n in t["notes"]]
    return math.nan if not notes else sum(1 for n in notes if d[n[0] % RES]) / len(notes)


def drum_consistency(song):
    duple = drum_rate(song, "duple")
    if math.isnan(duple):
        return math.nan
    return max(duple, drum_rate(song, "triple"))


def metrics(song):
    m = 4 * RES
    values = {
        "pitch_range": pitch_range(song),
        "n_pitches_used": len({n[2] for n in pitched(song)}),
        "n_pitch_classes_used": len({n[2] % 12 for n in pitched(song)}),
        "polyphony": polyphony(song),
        "polyphony_rate": polyphony_rate(song),
        "pitch_in_scale_rate": in_scale(song, 0, "major"),
        "scale_consistency": scale_consistency(song),
        "pitch_entropy": pitch_entropy(song),
        "pitch_class_entropy": pitch_class_entropy(song),
        "empty_beat_rate": empty_rate(song, RES),
        "empty_measure_rate": empty_rate(song, m),
        "groove_consistency": groove(song, m),
        "drum_in_pattern_rate": drum_rate(song, "duple"),
        "drum_pattern_consistency": drum_consistency(song),
    }
    return {k: (None if isinstance(v, float) and math.isnan(v) else float(v)) for k, v in values.items()}


def random_song(rng, tracks):
    out = []
    for is_drum in tracks:
        notes = []
        t = 0
        for _ in range(rng.randint(3, 25)):
            t += int(rng.choice([0, 0, 3, 6, 8, 12, 24, 50, 130, 250]))
            d = int(rng.choice([1, 3, 6, 12, 24, 48, 96]))
            notes.append([t, t + d, int(rng.randint(35, 50) if is_drum else rng.randint(40, 85))])
        out.append({"is_drum": bool(is_drum), "notes": notes})
    return {"tracks": out}


def main():
    rng = np.random.RandomState(2020)
    songs = [random_song(rng, tracks) for tracks in
             ([False], [False, True], [False, False], [True], [False, False, True], [False], [True, True])]
    songs.append({"tracks": [{"is_drum": False, "notes": []}]})
    cases = [{"song": s, "metrics": metrics(s)} for s in songs]
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"generator": "tests/scripts/evaluation/make_muspy_fixtures.py", "resolution": RES, "cases": cases}, f, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
