#!/usr/bin/env python3
"""Trains gensim skip-gram on a SenseVec synthetic corpus and reports planted-analogy accuracy per section,
and nearest neighbours of the planted homographs and controls. A quality check of the generator's design
(the skip-gram engineer's own test uses SenseVec's trainer).

usage: synth_check.py DIR [--dim 50] [--epochs 5] [--window 5] [--threads 1]
"""
import argparse, sys, time, resource
from gensim.models import Word2Vec

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--dim", type=int, default=50)
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--window", type=int, default=5)
ap.add_argument("--negative", type=int, default=5)
ap.add_argument("--min-count", type=int, default=5)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
sentences = [line.split() for line in open(f"{a.dir}/corpus.txt")]
t = time.process_time()
m = Word2Vec(sentences, vector_size=a.dim, window=a.window, min_count=a.min_count, sg=1, negative=a.negative,
             epochs=a.epochs, workers=a.threads, seed=a.seed, sample=1e-3)
print(f"trained {sum(map(len, sentences))} tokens in {time.process_time() - t:.1f} s CPU")
score, sections = m.wv.evaluate_word_analogies(f"{a.dir}/questions-words.txt", restrict_vocab=30000)
for s in sections:
    n = len(s["correct"]) + len(s["incorrect"])
    if n:
        print(f"{s['section']:32s} {len(s['correct']) / n:6.1%}  ({n})")
        if s["section"] != "Total accuracy" and s["incorrect"][:3]:
            print("    e.g. wrong:", s["incorrect"][:3])
for w in ["python", "apple", "bank", "waterloo", "jam", "date", "bow", "platform", "tiger", "laptop", "king", "paris"]:
    if w in m.wv:
        print(w, [x for x, _ in m.wv.most_similar(w, topn=8)])
