#!/usr/bin/env python3
"""Probe: pseudo-words from the substitutes of an order-aware (structured) skip-gram.

Every pair 'a b' of PAIRS is merged into one token a|b in CORPUS (plain text). A skip-gram with negative sampling is
trained on the merged text (words seen at least 5 times, dim 100, 5 negatives drawn by count^0.75, no subsampling,
learning rate 0.025 decaying linearly), either *structured* (Ling et al. 2015, "Two/Too Simple Adaptations of
Word2Vec for Syntax Problems": one output matrix U_o per offset o in ±1…±OFFSETS, so the model knows where a context
word stands) or *plain* (one output matrix for every offset: ordinary skip-gram on the same pairs, the control).

Every occurrence i of a merged token gets the substitutes that best fill its slot,

    s(w) = PRIOR · log p(w) + Σ_o U_o[c_{i+o}] · V_w      (the score of w as the centre of the observed context),

the top TOP of them (the merged token itself and the STOP most frequent words excluded) form a bag, weighted by
IDF over the token's occurrences; the bags are clustered in two by spherical k-means (best of 10 starts) over all
occurrences of the token (transductive, as the substitute clustering of Amrami & Goldberg 2018). Prints purity and
ARI against the true word per pair and their means.

Usage: probe-structured-substitutes.py CORPUS PAIRS [--mode structured|plain] [--offsets 3] [--epochs 2]
                                       [--top 50] [--prior 1] [--stop 100]
PAIRS: 'first second' lines, e.g. from `sensevec eval pseudowords … --json` (its pairs' first/second).
Needs numpy, numba and scikit-learn (the benchmarks' environment plus `pip install numba`). The trained matrices are
cached beside CORPUS (CORPUS.ssg-MODE-OFFSETS-EPOCHS.npz).
"""
import argparse, collections, math, os, sys, time
import numpy as np
from numba import njit
from sklearn.metrics import adjusted_rand_score
from pseudo_pairs import merge_pairs, purity, spherical_kmeans

ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("pairs")
ap.add_argument("--mode", choices=["structured", "plain"], default="structured")
ap.add_argument("--offsets", type=int, default=3)
ap.add_argument("--epochs", type=int, default=2)
ap.add_argument("--top", type=int, default=50)
ap.add_argument("--prior", type=float, default=1.0)
ap.add_argument("--stop", type=int, default=100)
a = ap.parse_args()

pairs = [l.split() for l in open(a.pairs) if l.strip()]
tokens = open(a.corpus).read().split()
n_tokens = len(tokens)
tokens, label = merge_pairs(tokens, pairs)
frequency = collections.Counter(tokens)
words = [w for w, c in frequency.most_common() if c >= 5]
index = {w: i for i, w in enumerate(words)}
ids = np.array([index.get(t, -1) for t in tokens], np.int32)
counts = np.array([frequency[w] for w in words], np.float64)
dimension = 100
offsets = np.array([o for o in range(-a.offsets, a.offsets + 1) if o != 0], np.int32)
noise = counts ** 0.75; noise /= noise.sum()
noise_table = np.searchsorted(np.cumsum(noise), (np.arange(10_000_000) + 0.5) / 1e7).astype(np.int32)


@njit(fastmath=True, cache=True)
def train(ids, V, U, table, offsets, structured, rate0, epochs, seed):
    np.random.seed(seed)
    n = ids.shape[0]; d = V.shape[1]; total = epochs * n; done = 0
    grad = np.zeros(d, np.float32)
    for _ in range(epochs):
        for i in range(n):
            done += 1
            centre = ids[i]
            if centre < 0:
                continue
            rate = rate0 * max(1e-4, 1.0 - done / total)
            for k in range(offsets.shape[0]):
                j = i + offsets[k]
                if j < 0 or j >= n or ids[j] < 0:
                    continue
                m = k if structured else 0
                for q in range(d):
                    grad[q] = 0.0
                for s in range(6):
                    if s == 0:
                        target = ids[j]; y = 1.0
                    else:
                        target = table[np.random.randint(0, table.shape[0])]
                        if target == ids[j]:
                            continue
                        y = 0.0
                    f = 0.0
                    for q in range(d):
                        f += V[centre, q] * U[m, target, q]
                    p = 1.0 if f > 6 else (0.0 if f < -6 else 1.0 / (1.0 + math.exp(-f)))
                    g = (y - p) * rate
                    for q in range(d):
                        grad[q] += g * U[m, target, q]
                        U[m, target, q] += g * V[centre, q]
                for q in range(d):
                    V[centre, q] += grad[q]


cache = f"{a.corpus}.ssg-{a.mode}-{a.offsets}-{a.epochs}.npz"
t0 = time.time()
if os.path.exists(cache):
    z = np.load(cache); V, U = z["V"], z["U"]
else:
    rng = np.random.default_rng(1)
    V = ((rng.random((len(words), dimension)) - 0.5) / dimension).astype(np.float32)
    U = np.zeros((len(offsets) if a.mode == "structured" else 1, len(words), dimension), np.float32)
    train(ids, V, U, noise_table, offsets, a.mode == "structured", 0.025, a.epochs, 1)
    np.savez(cache, V=V, U=U)
print(f"vectors: {time.time() - t0:.1f} s", file=sys.stderr)

log_prior = np.log(counts / counts.sum())
rng = np.random.default_rng(1)


results = []
for x, y in pairs:
    token = index[x + "|" + y]
    positions = np.where(ids == token)[0]
    truth = label[positions].astype(int)
    S = np.tile(a.prior * log_prior, (len(positions), 1)).astype(np.float32)
    for k, o in enumerate(offsets):
        j = positions + o
        inside = (j >= 0) & (j < n_tokens)
        context = ids[np.clip(j, 0, n_tokens - 1)]
        ok = inside & (context >= 0)
        S[ok] += U[k if a.mode == "structured" else 0][context[ok]] @ V.T
    S[:, token] = -np.inf
    if a.stop:
        S[:, :a.stop] = -np.inf
    top = np.argpartition(-S, a.top, axis=1)[:, :a.top]
    vocabulary, where = np.unique(top, return_inverse=True)
    B = np.zeros((len(positions), len(vocabulary)), np.float32)
    B[np.repeat(np.arange(len(positions)), a.top), where.ravel()] = 1
    B *= np.log(len(positions) / B.sum(0))[None, :]
    B /= np.maximum(1e-12, np.linalg.norm(B, axis=1, keepdims=True))
    assign = spherical_kmeans(B, rng)
    results.append((purity(truth, assign), adjusted_rand_score(truth, assign)))
    example = " ".join(words[w] for w in np.argsort(-S[0])[:6])
    print(f"{x}|{y}\t{len(positions)}\tpurity {results[-1][0]:.3f}\tARI {results[-1][1]:.3f}\t(first occurrence: {example})")
r = np.array(results)
print(f"mean over {len(pairs)} pairs ({a.mode}, offsets ±{a.offsets}, {a.epochs} epochs, top {a.top}, prior {a.prior}, "
      f"stop {a.stop}): purity {r[:, 0].mean():.3f}  ARI {r[:, 1].mean():.3f}")
