#!/usr/bin/env python3
"""Probe: do two senses of a word have the same *slot fillers*?

For every sense k of word x in a multi-sense model, the occurrences the model gives to k (`sensevec disambiguate
--contexts`, ±20 words of context) are collected, and for each occurrence t with left neighbour l and right
neighbour r the words w that fill the same slot elsewhere in the corpus are counted:

  bigram (default):  p(w | l, r) ∝ c(l, w) c(w, r) / c(w)^(1 + gamma)
  --exact:           p(w | l, r) ∝ c(l, w, r) / c(w)^gamma     (the words seen between exactly l and r)

x itself and the `--stop` most frequent words excluded. F_k = Σ_t p(· | l_t, r_t); printed: each sense's ten
commonest fillers and, for every pair of senses, the cosine of F_k and F_l. Two senses of one meaning (a word in
different books or registers) are filled by the same words; two meanings are not.

Usage: probe-slot-fillers.py CORPUS MODEL WORD[,WORD…] [--exact] [--stop 100] [--gamma 0] [--occurrences 600]
CORPUS is plain text (whitespace-separated tokens, as the model was trained on); needs the release `sensevec`.
"""
import argparse, collections, json, math, os, random, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("corpus"); ap.add_argument("model"); ap.add_argument("words")
ap.add_argument("--exact", action="store_true"); ap.add_argument("--stop", type=int, default=100)
ap.add_argument("--gamma", type=float, default=0.0); ap.add_argument("--occurrences", type=int, default=600)
ap.add_argument("--sensevec", default=os.path.join(os.path.dirname(__file__), "../../.build/release/sensevec"))
a = ap.parse_args()
words = a.words.split(",")
toks = open(a.corpus, encoding="utf-8", errors="replace").read().split()
N = len(toks)
uni = collections.Counter(toks)
stop = {w for w, _ in uni.most_common(a.stop)}
random.seed(1)
positions = collections.defaultdict(list)
wanted = set(words)
for i, t in enumerate(toks):
    if t in wanted and 0 < i < N - 1: positions[t].append(i)
assigned = {}
for x in words:
    pos = positions[x]
    random.shuffle(pos); pos = pos[:a.occurrences]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for p in pos: f.write(" ".join(toks[max(0, p - 20):p]) + "\t" + " ".join(toks[p + 1:p + 21]) + "\n")
    out = subprocess.run([a.sensevec, "disambiguate", a.model, x, "--contexts", f.name, "--json"],
                         capture_output=True, text=True).stdout
    os.unlink(f.name)
    assigned[x] = (pos, [json.loads(line)["best"] for line in out.splitlines()])
if a.exact:
    slots = {(toks[p - 1], toks[p + 1]) for pos, _ in assigned.values() for p in pos}
    fill = collections.defaultdict(collections.Counter)
    for i in range(1, N - 1):
        s = (toks[i - 1], toks[i + 1])
        if s in slots: fill[s][toks[i]] += 1
else:
    succ = collections.defaultdict(collections.Counter); pred = collections.defaultdict(collections.Counter)
    for i in range(N - 1):
        succ[toks[i]][toks[i + 1]] += 1; pred[toks[i + 1]][toks[i]] += 1

def fillers(x, l, r):
    if a.exact:
        return {w: c / uni[w] ** a.gamma for w, c in fill[(l, r)].items() if w != x and w not in stop}
    left, right = succ[l], pred[r]
    small, big = (left, right) if len(left) < len(right) else (right, left)
    return {w: c * big[w] / uni[w] ** (1 + a.gamma) for w, c in small.items() if w in big and w != x and w not in stop}

for x in words:
    pos, senses = assigned[x]
    if not senses: print(f"== {x}: no contexts"); continue
    K = max(senses) + 1
    F = [collections.Counter() for _ in range(K)]
    n = [0] * K
    for p, s in zip(pos, senses):
        n[s] += 1
        c = fillers(x, toks[p - 1], toks[p + 1]); total = sum(c.values())
        for w, v in c.items(): F[s][w] += v / total
    print(f"== {x}: {K} senses, occurrences {n}")
    for k in range(K): print(f"   #{k}: {', '.join(w for w, _ in F[k].most_common(10))}")
    for k in range(K):
        for j in range(k + 1, K):
            dot = sum(v * F[j][w] for w, v in F[k].items())
            norm = math.sqrt(sum(v * v for v in F[k].values()) * sum(v * v for v in F[j].values())) or 1
            print(f"   {k}-{j}: cosine {dot / norm:.2f}")
