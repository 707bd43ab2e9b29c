#!/usr/bin/env python3
"""Probe: pseudo-words from clusters of the merged word's associates (HyperLex-style sense induction).

Every pair 'a b' of PAIRS is merged into one token a|b in CORPUS (plain text); gensim skip-gram vectors are trained
on the merged text (cached beside CORPUS). For each merged token, on 90% of its occurrences: the context words
within ±W with c(x, y) ≥ 5 and PMI(x, y) = log(c(x, y) N / (c(x) 2W c(y))) > PMIMIN are its associates, the top
NASSOC by c·PMI are clustered in two by weighted spherical k-means on their unit vectors (best of 10 starts), and
each held-out occurrence goes to the cluster whose associates in its window weigh most (PMI), or to the larger
cluster when it has none. Prints purity and ARI against the true word per pair and their means.

Usage: probe-associates.py CORPUS PAIRS [W=10] [NASSOC=100] [PMIMIN=1]   (needs numpy, gensim, scikit-learn)
PAIRS: 'first second' lines, e.g. from `sensevec eval pseudowords … --json` (its pairs' first/second).
"""
import sys, numpy as np, collections, math, time, os
from sklearn.metrics import adjusted_rand_score
from pseudo_pairs import merge_pairs, purity, spherical_kmeans
corpus, pairsfile = sys.argv[1], sys.argv[2]
W = int(sys.argv[3]) if len(sys.argv) > 3 else 10
NASSOC = int(sys.argv[4]) if len(sys.argv) > 4 else 100
PMIMIN = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
pairs = [l.split() for l in open(pairsfile) if l.strip()]
toks = open(corpus).read().split()
N = len(toks)
toks, labels = merge_pairs(toks, pairs)
cnt = collections.Counter(toks)
# vectors: gensim SGNS on the merged text (sentences of 1000 tokens)
from gensim.models import Word2Vec
t0 = time.time()
sents = [toks[i:i + 1000] for i in range(0, N, 1000)]
vecfile = corpus + ".merged.kv"
if os.path.exists(vecfile):
    from gensim.models import KeyedVectors; kv = KeyedVectors.load(vecfile)
else:
    kv = Word2Vec(sents, vector_size=100, window=5, min_count=5, workers=2, epochs=3, sample=1e-4, seed=1).wv; kv.save(vecfile)
print("vectors", time.time() - t0, file=sys.stderr)
rng = np.random.default_rng(1)
tot_p, tot_ari, res = [], [], []
for a, b in pairs:
    x = a + "|" + b
    pos = [i for i, t in enumerate(toks) if t == x]
    rng.shuffle(pos)
    nho = max(1, len(pos) // 10)
    held, fit = pos[:nho], pos[nho:]
    co = collections.Counter()
    for i in fit:
        for j in range(max(0, i - W), min(N, i + W + 1)):
            if j != i: co[toks[j]] += 1
    nx = len(fit)
    scored = []
    for y, c in co.items():
        if c < 5 or y not in kv.key_to_index or y == x: continue
        pmi = math.log(c * N / (nx * 2 * W * cnt[y]))
        if pmi <= PMIMIN: continue
        scored.append((c * pmi, pmi, y))
    scored.sort(reverse=True)
    assoc = scored[:NASSOC]
    words = [y for _, _, y in assoc]; wts = np.array([p for _, p, _ in assoc])
    V = np.array([kv[y] / np.linalg.norm(kv[y]) for y in words])
    z = spherical_kmeans(V, rng, weights=wts)  # weighted spherical 2-means, best of 10 starts
    group = dict(zip(words, z)); weight = dict(zip(words, wts))
    def assign(i):
        s = np.zeros(2)
        for j in range(max(0, i - W), min(N, i + W + 1)):
            y = toks[j]
            if j != i and y in group: s[group[y]] += weight[y]
        return int(np.argmax(s)) if s.max() > 0 else -1
    # majority cluster for empty contexts: the cluster more fitted occurrences go to
    fz = [assign(i) for i in fit[:2000]]
    maj = (collections.Counter([f for f in fz if f >= 0]).most_common(1) or [(0, 0)])[0][0]
    pred = [assign(i) for i in held]; pred = [p if p >= 0 else maj for p in pred]
    gold = [int(labels_i) for labels_i in (labels[i] for i in held)]
    pur = purity(gold, pred)
    ari = adjusted_rand_score(gold, pred)
    cov = sum(1 for i in held if assign(i) >= 0) / len(held)
    g0 = [w for w in words[:40] if group[w] == 0][:6]; g1 = [w for w in words[:40] if group[w] == 1][:6]
    print(f"{x:24s} n={len(pos):5d} purity {pur:.3f} ARI {ari:.3f} cover {cov:.2f}  {g0} | {g1}")
    tot_p.append(pur); tot_ari.append(ari)
print(f"MEAN purity {np.mean(tot_p):.3f} ARI {np.mean(tot_ari):.3f}  (W={W}, associates {NASSOC})")
