#!/usr/bin/python3
"""Golden fixtures for MusicGen.Evaluation (SOURCES.md §5.1 relative measures).

Computes, with NumPy and SciPy (Debian python3-numpy / python3-scipy), the mgeval pipeline on small
fixed feature sets and writes tests/MusicGen.Tests/Fixtures/Evaluation/relative_measures.json:
  - scipy.stats.gaussian_kde: Scott factor, bandwidth, pdf at probe points;
  - kl_dist(A, B): KDE pdfs on two different 1,000-point grids, scipy.stats.entropy;
  - overlap_area(A, B): scipy.integrate.quad of min(pdf_A, pdf_B) over [min(A∪B), max(A∪B)],
    plus a dense trapezoid (2,000,001 points) of the same integral as an accuracy cross-check;
  - the full report for two sets: leave-one-out intra-set and inter-set Euclidean distances,
    mean/std (ddof 0) of the raw feature, KL and OA of intra(set i) vs inter;
  - scipy.stats.wasserstein_distance, np.histogram and np.percentile on a few samples.
Run: /usr/bin/python3 tests/scripts/evaluation/make_fixtures.py
"""
import json
import os
import warnings

import numpy as np
from scipy import integrate, stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "MusicGen.Tests", "Fixtures", "Evaluation", "relative_measures.json")
OUT_YL = os.path.join(HERE, "..", "..", "MusicGen.Tests", "Fixtures", "Evaluation", "yang_lerch.json")


def kl_dist(a, b, num_sample=1000):
    pdf_a = stats.gaussian_kde(a)
    pdf_b = stats.gaussian_kde(b)
    sample_a = np.linspace(np.min(a), np.max(a), num_sample)
    sample_b = np.linspace(np.min(b), np.max(b), num_sample)
    return float(stats.entropy(pdf_a(sample_a), pdf_b(sample_b)))


def overlap_quad(a, b):
    pdf_a = stats.gaussian_kde(a)
    pdf_b = stats.gaussian_kde(b)
    lo = min(np.min(a), np.min(b))
    hi = max(np.max(a), np.max(b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(integrate.quad(lambda x: min(pdf_a(x)[0], pdf_b(x)[0]), lo, hi)[0])


def overlap_dense(a, b, points=2_000_001):
    pdf_a = stats.gaussian_kde(a)
    pdf_b = stats.gaussian_kde(b)
    lo = min(np.min(a), np.min(b))
    hi = max(np.max(a), np.max(b))
    x = np.linspace(lo, hi, points)
    y = np.minimum(pdf_a(x), pdf_b(x))
    return float(np.trapz(y, x))


def loo_distances(set1, set2):
    """mgeval __main__: intra via LeaveOneOut on set1, inter of each set1 sample to all of set2."""
    n = len(set1)
    intra = []
    inter = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for j in others:
            intra.append(float(np.linalg.norm(set1[i] - set1[j])))
        for j in range(len(set2)):
            inter.append(float(np.linalg.norm(set1[i] - set2[j])))
    return intra, inter


def kde_case(name, data, probes):
    kde = stats.gaussian_kde(data)
    return {
        "name": name,
        "data": [float(v) for v in data],
        "factor": float(kde.factor),
        "bandwidth": float(np.sqrt(kde.covariance[0, 0])),
        "probes": [float(p) for p in probes],
        "pdf": [float(v) for v in kde(probes)],
    }


def pair_case(name, a, b):
    return {
        "name": name,
        "a": [float(v) for v in a],
        "b": [float(v) for v in b],
        "kl": kl_dist(a, b),
        "oa_quad": overlap_quad(a, b),
        "oa_dense": overlap_dense(a, b),
    }


def set_case(name, set1, set2):
    set1 = np.asarray(set1, dtype=float)
    set2 = np.asarray(set2, dtype=float)
    n = min(len(set1), len(set2))
    set1, set2 = set1[:n], set2[:n]
    intra1, inter = loo_distances(set1, set2)
    intra2, _ = loo_distances(set2, set1)
    flat1 = set1.reshape(n, -1)
    flat2 = set2.reshape(n, -1)
    return {
        "name": name,
        "set1": flat1.tolist(),
        "set2": flat2.tolist(),
        "intra1": intra1,
        "intra2": intra2,
        "inter": inter,
        "mean1": np.mean(flat1, axis=0).tolist(),
        "std1": np.std(flat1, axis=0).tolist(),
        "mean2": np.mean(flat2, axis=0).tolist(),
        "std2": np.std(flat2, axis=0).tolist(),
        "kl_intra1_inter": kl_dist(intra1, inter),
        "oa_intra1_inter": overlap_quad(intra1, inter),
        "oa_intra1_inter_dense": overlap_dense(intra1, inter),
        "kl_intra2_inter": kl_dist(intra2, inter),
        "oa_intra2_inter": overlap_quad(intra2, inter),
        "oa_intra2_inter_dense": overlap_dense(intra2, inter),
    }


def main():
    rng = np.random.RandomState(20200415)
    out = {"generator": "tests/scripts/evaluation/make_fixtures.py",
           "numpy": np.__version__, "scipy": __import__("scipy").__version__}

    a = rng.normal(0.0, 1.0, 15)
    b = rng.normal(0.7, 1.6, 22)
    c = np.array([1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0])
    out["kde"] = [
        kde_case("normal15", a, np.linspace(-4, 4, 17)),
        kde_case("normal22", b, np.linspace(-5, 6, 23)),
        kde_case("fibonacci", c, np.array([-2.0, 0.0, 1.0, 2.5, 7.0, 13.0, 20.0])),
    ]
    out["pairs"] = [
        pair_case("normal15_vs_normal22", a, b),
        pair_case("normal22_vs_normal15", b, a),
        pair_case("fibonacci_vs_normal15", c, a),
        pair_case("far_apart", np.array([0.0, 0.5, 1.0, 1.2]), np.array([10.0, 10.4, 11.0, 12.5, 13.0])),
    ]

    # Scalar features (e.g. pitch counts) of two sets of 8 songs.
    pc1 = rng.randint(5, 15, size=8).astype(float)
    pc2 = rng.randint(8, 25, size=10).astype(float)  # longer set: only the first 8 are used
    # 12-bin histogram features (e.g. pitch class histograms) of two sets of 6 songs.
    h1 = rng.dirichlet(np.ones(12) * 0.8, size=6)
    h2 = rng.dirichlet(np.ones(12) * 2.0, size=6)
    # 3x3 matrices (Frobenius distances).
    m1 = rng.poisson(3.0, size=(5, 3, 3))
    m2 = rng.poisson(5.0, size=(5, 3, 3))
    out["sets"] = [
        set_case("scalar", pc1.reshape(-1, 1), pc2.reshape(-1, 1)),
        set_case("histogram12", h1, h2),
        set_case("matrix3x3", m1, m2),
    ]

    u = rng.exponential(1.0, 13)
    v = rng.exponential(1.5, 9) + 0.2
    out["wasserstein"] = [
        {"u": u.tolist(), "v": v.tolist(), "value": float(stats.wasserstein_distance(u, v))},
        {"u": [0.0, 1.0, 3.0], "v": [5.0, 6.0, 8.0], "value": float(stats.wasserstein_distance([0, 1, 3], [5, 6, 8]))},
        {"u": [1.0, 1.0, 2.0, 7.0], "v": [1.0, 3.0], "value": float(stats.wasserstein_distance([1, 1, 2, 7], [1, 3]))},
    ]
    p = rng.randint(0, 20, size=12).astype(float)
    q = rng.randint(1, 20, size=12).astype(float)
    out["entropy"] = [{"p": p.tolist(), "q": q.tolist(), "value": float(stats.entropy(p, q))}]

    x = np.concatenate([rng.normal(60, 7, 200).round(), [40.0, 90.0]])
    e = np.linspace(0, 2.0, 21)
    steps = np.concatenate([rng.exponential(0.25, 150), [0.0, 0.0, 3.0]])
    out["histograms"] = [
        {"values": x.tolist(), "bins": 20, "edges": np.histogram_bin_edges(x, 20).tolist(),
         "counts": np.histogram(x, 20)[0].tolist(), "density": np.histogram(x, 20, density=True)[0].tolist()},
        {"values": steps.tolist(), "explicit_edges": e.tolist(), "edges": e.tolist(),
         "counts": np.histogram(steps, e)[0].tolist(), "density": np.histogram(steps, e, density=True)[0].tolist()},
    ]
    out["percentile"] = [
        {"values": steps.tolist(), "q": 97.5, "value": float(np.percentile(steps, 97.5))},
        {"values": [3.0, 1.0, 2.0, 10.0], "q": 50.0, "value": float(np.percentile([3, 1, 2, 10], 50))},
    ]

    write(OUT, out)
    write(OUT_YL, yang_lerch_fixture(rng))


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)
    print("wrote", os.path.normpath(path))


# ---------------------------------------------------------------- Yang & Lerch features
# Songs are note lists at a constant 120 bpm, resolution 480 (960 ticks per second), written as
# JSON so the C# test builds the same MidiSong. The features follow mgeval's core.py on
# pretty_midi's objects (roll at fs = 100 with the sustain pedal, SOURCES.md §4 steps 5-6).

FS = 100
RES = 480
CLASSES = [96, 48, 24, 12, 6, 72, 36, 18, 9, 32, 16, 8]


def pm_roll(notes, ccs):
    """pretty_midi Instrument.get_piano_roll(fs=100) without pitch bends."""
    if not notes:
        return np.zeros((128, 0))
    end = max([n[3] for n in notes] + [c[2] for c in ccs])
    roll = np.zeros((128, int(FS * end)))
    for p, v, s, e in notes:
        roll[p, int(s * FS):int(e * FS)] += v
    on = False
    t_on = 0
    for num, val, t in ccs:
        if num != 64:
            continue
        now = int(t * FS)
        down = val >= 64
        if not on and down:
            t_on, on = now, True
        elif on and not down:
            roll[:, t_on:now] = np.maximum.accumulate(roll[:, t_on:now], axis=1)
            on = False
    return roll


def pctm(instruments, thresh=0.05):
    total = np.zeros((12, 12))
    for inst in instruments:
        notes = inst["notes"]
        if inst["is_drum"] or len(notes) <= 1:
            continue
        starts = np.array([n[2] for n in notes])
        ends = np.array([n[3] for n in notes])
        nodes = np.array([n[0] % 12 for n in notes])
        src, dst = np.where(np.abs(np.subtract.outer(ends, starts)) < thresh)
        m, _, _ = np.histogram2d(nodes[src], nodes[dst], bins=np.arange(13))
        total += m
    return total


def song_features(song):
    inst0 = song["instruments"][0]
    roll = pm_roll(inst0["notes"], inst0["ccs"])
    sums = np.sum(roll, axis=1)
    used = np.where(sums > 0)[0]
    pch = np.zeros(12)
    for i in range(128):
        pch[i % 12] += sums[i]
    pch = pch / np.sum(pch)
    # Note-on order of one track: by onset, ties by pitch, then stored order (stable sort).
    order = sorted((n for n in inst0["notes"] if n[1] != 0), key=lambda n: (n[2], n[0]))
    pitches = [n[0] for n in order]
    onsets = np.sort(np.concatenate([[n[2] for n in inst["notes"]] for inst in song["instruments"]]))
    num, den = song["time_signature"]
    bar_length = num * RES * 4 / 2 ** int(np.log2(den))
    unit = bar_length / 96.0
    hist_list = np.array(CLASSES) * unit
    classes = []
    for p, v, s, e in order:
        length = round(e * 960) - round(s * 960)
        classes.append(int(np.abs(hist_list - length).argmin()))
    nlh = np.zeros(12)
    for c in classes:
        nlh[c] += 1
    nlh = nlh / np.sum(nlh)
    nltm = np.zeros((12, 12))
    for a, b in zip(classes[:-1], classes[1:]):
        nltm[a][b] += 1
    return {
        "total_used_pitch": [float(np.sum(sums > 0))],
        "total_pitch_class_histogram": pch.tolist(),
        "pitch_class_transition_matrix": pctm(song["instruments"]).reshape(-1).tolist(),
        "pitch_range": [float(np.max(used) - np.min(used))],
        "avg_pitch_shift": [float(np.mean(np.abs(np.diff(pitches))))],
        "total_used_note": [float(len(order))],
        "avg_IOI": [float(np.mean(np.diff(onsets)))],
        "note_length_hist": nlh.tolist(),
        "note_length_transition_matrix": nltm.reshape(-1).tolist(),
    }


def random_song(rng, n_notes, pedal, extra_track, time_signature):
    def notes(n, lo, hi):
        out = []
        t = 0.0
        for _ in range(n):
            t = round(t + rng.choice([0.0, 0.125, 0.25, 0.5, 0.75]) + rng.randint(0, 3) * 0.001, 3)
            d = float(rng.choice([0.03, 0.125, 0.25, 1.0 / 3, 0.5, 0.75, 1.0, 2.0]))
            out.append([int(rng.randint(lo, hi)), int(rng.randint(20, 128)), t, round(t + d, 6)])
        return out
    inst0 = {"is_drum": False, "notes": notes(n_notes, 40, 90), "ccs": []}
    if pedal:
        end = max(n[3] for n in inst0["notes"])
        inst0["ccs"] = [[64, 100, round(end * 0.2, 2)], [64, 0, round(end * 0.5, 2)], [64, 127, round(end * 0.7, 2)]]
    instruments = [inst0]
    if extra_track:
        instruments.append({"is_drum": False, "notes": notes(8, 30, 60), "ccs": []})
        instruments.append({"is_drum": True, "notes": notes(6, 35, 50), "ccs": []})
    return {"time_signature": time_signature, "instruments": instruments}


def yang_lerch_fixture(rng):
    set1 = [random_song(rng, rng.randint(10, 25), k % 2 == 0, k == 1, [4, 4] if k != 2 else [3, 4]) for k in range(5)]
    set2 = [random_song(rng, rng.randint(20, 40), k % 3 == 0, k == 2, [4, 4] if k != 3 else [6, 8]) for k in range(6)]
    f1 = [song_features(s) for s in set1]
    f2 = [song_features(s) for s in set2]
    names = list(f1[0].keys())
    report = {}
    for name in names:
        r = set_case(name, [np.array(f[name]) for f in f1], [np.array(f[name]) for f in f2])
        report[name] = {k: r[k] for k in ("mean1", "std1", "mean2", "std2", "kl_intra1_inter", "oa_intra1_inter",
                                         "kl_intra2_inter", "oa_intra2_inter")}
    return {"generator": "tests/scripts/evaluation/make_fixtures.py", "bpm": 120, "resolution": RES,
            "set1": set1, "set2": set2, "features1": f1, "features2": f2, "report": report}


if __name__ == "__main__":
    main()
