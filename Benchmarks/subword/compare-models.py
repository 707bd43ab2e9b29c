#!/usr/bin/env python3
"""Compare a SenseVec subword model with a fastText model trained on the same text, beyond benchmark scores.

1. Held-out objective: for every (centre, context) pair within ±5 words of HELDOUT (text neither model trained on;
   words both models keep), the expected negative-sampling loss

       −log σ(u_c · h_w) − k Σ_n P(n) log σ(−u_n · h_w),   k = 5,  P(n) ∝ count(n)^0.5 (each tool's own counts),

   with h_w the word's vector (mean of its word row and n-gram rows) and u the output rows, read from both files.
2. Composition (with --similarity): on the pairs of a similarity file whose words both models keep, Spearman × 100 of
   the word rows alone, of the mean of the n-gram rows alone and of the full vectors; the mean norms of the three and
   the mean cosine between a word's row and its n-gram mean.

Usage: compare-models.py SENSEVEC_MODEL FASTTEXT_BIN HELDOUT [--similarity FILE] [--sensevec PATH]
Needs numpy, scipy and fasttext (the benchmarks' environment).
"""
import argparse, struct, subprocess
import numpy as np
import fasttext
from scipy.stats import spearmanr

ap = argparse.ArgumentParser()
ap.add_argument("sensevec_model"); ap.add_argument("fasttext_bin"); ap.add_argument("heldout")
ap.add_argument("--similarity")
ap.add_argument("--sensevec", default=".build/release/sensevec")
a = ap.parse_args()


def sections(path):
    """The named sections of a native SenseVec file (layout in NativeModelFile.swift)."""
    b = open(path, "rb").read()
    o = 12
    o += 2 + struct.unpack_from("<H", b, o)[0]
    count = struct.unpack_from("<I", b, o)[0]; o += 4
    out = {}
    for _ in range(count):
        length = struct.unpack_from("<H", b, o)[0]; o += 2
        name = b[o:o + length].decode(); o += length
        size = struct.unpack_from("<Q", b, o)[0]; o += 8
        out[name] = b[o:o + size]; o += size
    return out


def matrix(payload, d):
    rows = struct.unpack_from("<Q", payload, 0)[0]
    return np.frombuffer(payload, np.float32, rows * d, 8).reshape(rows, d)


class SenseVecModel:
    def __init__(self, path):
        s = sections(path)
        v = s["vocabulary"]; n = struct.unpack_from("<Q", v, 0)[0]; o = 8
        self.words, counts = [], []
        for _ in range(n):
            length = struct.unpack_from("<I", v, o)[0]; o += 4
            self.words.append(v[o:o + length].decode()); o += length
            counts.append(struct.unpack_from("<Q", v, o)[0]); o += 8
        self.counts = np.array(counts, float)
        out = s["output"]
        self.d = (len(out) - 8) // 4 // struct.unpack_from("<Q", out, 0)[0]
        self.output = matrix(out, self.d)
        self.input = matrix(s["input"], self.d)
        nb = s["ngram-buckets"]
        stored = np.frombuffer(nb, np.uint32, struct.unpack_from("<Q", nb, 0)[0], 8)
        self.row_of_bucket = {int(b): n + i for i, b in enumerate(stored)}
        self.index = {w: i for i, w in enumerate(self.words)}
        self.path = path

    def vectors(self, words):
        r = subprocess.run([a.sensevec, "vectors", self.path], input="\n".join(words) + "\n",
                           capture_output=True, text=True, check=True)
        return np.array([[float(x) for x in line.split()[1:]] for line in r.stdout.strip().split("\n")], np.float32)

    def parts(self, words):
        """Word row and n-gram rows of each word (ids as fastText's: vocabulary, then buckets)."""
        r = subprocess.run([a.sensevec, "vectors", self.path, "--ngrams"], input="\n".join(words) + "\n",
                           capture_output=True, text=True, check=True)
        rows, current = {}, None
        for line in r.stdout.split("\n"):
            if not line:
                continue
            f = line.split("\t")
            if len(f) == 1:
                current = f[0]; rows[current] = []
            elif int(f[1]) >= len(self.words) and (int(f[1]) - len(self.words)) in self.row_of_bucket:
                rows[current].append(self.row_of_bucket[int(f[1]) - len(self.words)])
        return {w: (self.input[self.index[w]], self.input[rows[w]]) for w in words}


class FastTextModel:
    def __init__(self, path):
        self.m = fasttext.load_model(path)
        words, counts = self.m.get_words(include_freq=True)
        self.words, self.counts = list(words), np.array(counts, float)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.output = self.m.get_output_matrix()
        self.input = self.m.get_input_matrix()

    def vectors(self, words):
        return np.array([self.m.get_word_vector(w) for w in words])

    def parts(self, words):
        out = {}
        for w in words:
            _, ids = self.m.get_subwords(w)
            out[w] = (self.input[self.index[w]], self.input[[i for i in ids if i != self.index[w]]])
        return out


def log_sigmoid(x):
    return -np.logaddexp(0, -x)


models = [("SenseVec", SenseVecModel(a.sensevec_model)), ("fastText", FastTextModel(a.fasttext_bin))]
common = set(models[0][1].index) & set(models[1][1].index)
text = [t for t in open(a.heldout).read().split() if t in common]
print(f"held-out tokens kept by both models: {len(text)}")
for name, m in models:
    seq = np.array([m.index[t] for t in text])
    present = np.unique(seq)
    H = np.zeros((len(m.words), m.output.shape[1]), np.float32)
    H[present] = m.vectors([m.words[i] for i in present])
    noise = m.counts ** 0.5; noise /= noise.sum()
    negative = np.zeros(len(m.words))
    for k in range(0, len(present), 512):
        block = present[k:k + 512]
        negative[block] = 5 * (log_sigmoid(-(H[block] @ m.output.T)) @ noise)
    pos = neg = 0.0; pairs = 0
    for offset in range(1, 6):
        for centre, context in ((seq[:-offset], seq[offset:]), (seq[offset:], seq[:-offset])):
            pos -= log_sigmoid(np.einsum("ij,ij->i", H[centre], m.output[context])).sum()
            neg -= negative[centre].sum(); pairs += len(centre)
    print(f"{name}: {pairs} pairs, loss {(pos + neg) / pairs:.4f} nats (positive {pos / pairs:.4f}, negatives {neg / pairs:.4f})")

if a.similarity:
    rows = []
    for line in open(a.similarity):
        f = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(f) < 3:
            continue
        if f[0] in common and f[1] in common:
            rows.append((f[0], f[1], float(f[2])))
    words = sorted({w for p in rows for w in p[:2]})
    cos = lambda u, v: float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-12))
    for name, m in models:
        parts = m.parts(words)
        kinds = {w: (r, g.mean(0) if len(g) else np.zeros_like(r), (r + g.sum(0)) / (1 + len(g))) for w, (r, g) in parts.items()}
        human = [h for _, _, h in rows]
        scores = [100 * spearmanr([cos(kinds[x][k], kinds[y][k]) for x, y, _ in rows], human).correlation for k in range(3)]
        norms = [np.mean([np.linalg.norm(kinds[w][k]) for w in words]) for k in range(3)]
        agreement = np.mean([cos(kinds[w][0], kinds[w][1]) for w in words])
        print(f"{name}: {len(rows)} pairs; Spearman x 100 word rows {scores[0]:.1f}, n-gram mean {scores[1]:.1f}, "
              f"full {scores[2]:.1f}; mean norms {norms[0]:.2f} / {norms[1]:.2f} / {norms[2]:.2f}; "
              f"cos(word row, n-gram mean) {agreement:.3f}")
