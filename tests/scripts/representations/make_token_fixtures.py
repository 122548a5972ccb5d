#!/usr/bin/python3
"""Writes tests/MusicGen.Tests/Fixtures/Representations/tokens.json for the chord-set tokenizer
(Lorinczi & Brailovsky 2021, notebooks/SOURCES.md §2.2):

* "numpyStr": pitch sets and numpy's str() of the int64 array np.where(...) returns, including
  mixed widths ("[ 9 60]") and chords long enough to wrap at 75 characters;
* "songs": synthetic songs, their chord-set token list computed as the paper does
  (times = np.arange(0, end_time, 1/20), whole-song roll with pedal, tokens per column) using the
  numpy reference of make_roll_fixtures.py, and the first-seen ids ('e' = 0) over all songs.

Run: /usr/bin/python3 tests/scripts/representations/make_token_fixtures.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_roll_fixtures import inst, instrument_end_time, song_roll  # noqa: E402


def numpy_cases():
    rng = np.random.default_rng(2021)
    sets = [[60], [9, 60], [57, 64, 88], [0, 127], [5, 9, 100, 101], list(range(21, 45)),
            list(range(21, 46)), list(range(21, 109)), list(range(0, 128, 3)), [7, 8, 9, 10, 11, 12, 99]]
    for size in (2, 3, 5, 8, 26, 40):
        sets.append(sorted(rng.choice(128, size=size, replace=False).tolist()))
    for s in sets:
        roll = np.zeros(128)
        roll[s] = 1
        yield {"pitches": s, "str": str(np.where(roll > 0)[0])}


def chord_tokens(song, fs=20):
    end = max([instrument_end_time(i) for i in song] + [0.0])
    times = np.arange(0, end, 1. / fs)
    roll = song_roll(song, fs, list(times), 64)
    out = []
    for t in range(roll.shape[1]):
        active = np.where(roll[:, t] > 0)[0]
        out.append(str(active) if len(active) else "e")
    return out


def main():
    songs = [
        [inst([(60, 100, 0.0, 0.5), (64, 90, 0.25, 0.5), (67, 80, 0.25, 0.75), (9, 50, 0.5, 0.6)])],
        [inst([(57, 70, 0.1, 0.3), (64, 70, 0.1, 0.3), (88, 70, 0.1, 0.42)], ccs=[(64, 127, 0.2), (64, 0, 0.5)]),
         inst([(36, 100, 0.0, 0.9)], is_drum=True)],
    ]
    token_lists = [chord_tokens(s) for s in songs]
    ids, table = [], {"e": 0}
    for tokens in token_lists:
        row = []
        for tok in tokens:
            if tok not in table:
                table[tok] = len(table)
            row.append(table[tok])
        ids.append(row)
    out = {
        "numpyStr": list(numpy_cases()),
        "songs": [{"instruments": s, "tokens": t, "ids": i} for s, t, i in zip(songs, token_lists, ids)],
        "vocabulary": list(table.keys()),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "MusicGen.Tests", "Fixtures", "Representations", "tokens.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path), len(out["numpyStr"]), "strings,", [len(t) for t in token_lists], "frames")


if __name__ == "__main__":
    main()
