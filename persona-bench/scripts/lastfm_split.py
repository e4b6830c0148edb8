#!/usr/bin/env python3
"""Cuts Last.fm hetrec user_artists.dat 80/10/10 as ../shared/BASELINES.md does: every pair shuffled
with numpy default_rng(2020).permutation, then train / validation / test. Writes tab-separated
user, artist lines to persona-bench/target/lastfm-split/ (never into the repository: the data's
licence forbids redistribution).

Usage: python3 persona-bench/scripts/lastfm_split.py ../shared/data/lastfm-hetrec2011-2k
"""
import os
import sys

import numpy as np

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lastfm-hetrec2011-2k"
with open(os.path.join(src, "user_artists.dat"), encoding="utf-8") as f:
    next(f)
    pairs = [line.split("\t")[:2] for line in f if line.strip()]
order = np.random.default_rng(2020).permutation(len(pairs))
n = len(pairs)
cut1, cut2 = int(n * 0.8), int(n * 0.9)
out = os.path.join(os.path.dirname(__file__), "..", "target", "lastfm-split")
os.makedirs(out, exist_ok=True)
for name, part in (("train", order[:cut1]), ("validation", order[cut1:cut2]), ("test", order[cut2:])):
    with open(os.path.join(out, name + ".tsv"), "w", encoding="utf-8") as f:
        for i in part:
            f.write(pairs[i][0] + "\t" + pairs[i][1] + "\n")
    print(name, len(part))
