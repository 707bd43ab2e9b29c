"""Train a small gensim Word2Vec model and score it with gensim's own evaluations.

Usage: gensim_reference.py CORPUS_GZ OUT_DIR EVAL_DIR [MEGABYTES]

Writes OUT_DIR/gensim.vec (word2vec text format, rows in frequency order) and prints one JSON object with
gensim's evaluate_word_analogies(restrict_vocab=30000) and evaluate_word_pairs results and timings.
"""
import gzip
import json
import os
import resource
import sys
import time


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def sentences(path, megabytes):
    # The corpus is one single line: cut it into sentences of 1000 words (word2vec's own length).
    with gzip.open(path, "rb") as f:
        data = f.read(megabytes * 1_000_000).decode("utf-8", "ignore")
    words = data.split()[:-1]  # the last word may be cut
    return [words[i:i + 1000] for i in range(0, len(words), 1000)]


def main():
    corpus, out_dir, eval_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    megabytes = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    from gensim.models import Word2Vec, KeyedVectors

    os.makedirs(out_dir, exist_ok=True)
    vec_path = os.path.join(out_dir, "gensim.vec")
    report = {"corpus_megabytes": megabytes}
    if not os.path.exists(vec_path):
        sents = sentences(corpus, megabytes)
        t = time.time()
        model = Word2Vec(sents, vector_size=100, window=5, min_count=5, sg=1, negative=5, sample=1e-4,
                         epochs=1, workers=2, seed=1)
        report["train_seconds"] = time.time() - t
        model.wv.save_word2vec_format(vec_path, binary=False)
    kv = KeyedVectors.load_word2vec_format(vec_path, binary=False)
    report["vocabulary"] = len(kv.index_to_key)

    analogy_file = os.path.join(eval_dir, "analogy", "questions-words.txt")
    c0, t0 = cpu(), time.time()
    score, sections = kv.evaluate_word_analogies(analogy_file, restrict_vocab=30000)
    report["analogy"] = {
        "accuracy": score,
        "seconds": time.time() - t0,
        "cpu_seconds": cpu() - c0,
        "sections": [{"name": s["section"], "correct": len(s["correct"]),
                      "answered": len(s["correct"]) + len(s["incorrect"])} for s in sections],
    }
    for name in ("wordsim353.tsv", "simlex999.txt"):
        path = os.path.join(eval_dir, "similarity", name)
        pearson, spearman, oov = kv.evaluate_word_pairs(path)
        report[name] = {"spearman": float(spearman[0]), "pearson": float(pearson[0]), "oov_percent": float(oov)}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
