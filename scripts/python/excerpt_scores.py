"""LRAP and F1-macro of one `timbrescope-cli eval --out FOLDER` over its test excerpts, all of
them or only the polyphonic ones (two or more labels), at the thresholds the evaluation used."""

import csv
import glob
import json
import os


def excerpt_scores(folder, polyphonic):
    results = json.load(open(f"{folder}/results.json"))
    test = results["test_dir"]
    labels = {os.path.relpath(t[:-4] + ".wav", test): set(open(t).read().split()) for t in glob.glob(f"{test}/*/*.txt")}
    classes = list(results["ensemble"]["per_class"])
    th = {c: results["ensemble"]["per_class"][c]["threshold"] for c in classes}
    rows = [(r["file"], {c: float(r[c]) for c in classes}) for r in csv.DictReader(open(f"{folder}/predictions.csv"))]
    rows = [r for r in rows if not polyphonic or len(labels[r[0]]) >= 2]
    tp = {c: 0 for c in classes}; fp = dict(tp); fn = dict(tp); lrap = 0.0
    for file, p in rows:
        truth = labels[file]
        for c in classes:
            hit, actual = p[c] >= th[c], c in truth
            tp[c] += hit and actual; fp[c] += hit and not actual; fn[c] += actual and not hit
        lrap += sum(sum(1 for r in truth if p[r] >= p[c]) / sum(1 for o in classes if p[o] >= p[c]) for c in truth) / len(truth)
    f1 = lambda t, p, n: 2 * t / (2 * t + p + n) if t + p + n else 0.0
    return lrap / len(rows), sum(f1(tp[c], fp[c], fn[c]) for c in classes) / len(classes)
