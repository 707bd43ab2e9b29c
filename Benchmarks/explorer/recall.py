#!/usr/bin/env python3
"""Recall@k of one explorer server's /api/neighbors against another's (e.g. `--neighbor-index ivf` against
`--neighbor-index scan`, which answers exactly), on QUERIES seeded random words w0 … w{WORDS-1}.
Python standard library only.

    recall.py APPROX_URL EXACT_URL WORDS [QUERIES=200] [K=10] [SEED=7]"""
import json, random, sys, urllib.request

def neighbors(url, word, k):
    with urllib.request.urlopen(f"{url}/api/neighbors?word={word}&k={k}", timeout=600) as r:
        return [n["word"] for n in json.load(r)["neighbors"]]

def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    approx, exact, n = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/"), int(sys.argv[3])
    queries = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    k = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    rng = random.Random(int(sys.argv[6]) if len(sys.argv) > 6 else 7)
    words = [f"w{rng.randrange(n)}" for _ in range(queries)]
    total, identical = 0.0, 0
    for w in words:
        a, e = neighbors(approx, w, k), neighbors(exact, w, k)
        total += len(set(a) & set(e)) / max(1, len(e))
        identical += a == e
    print(json.dumps({"queries": queries, "k": k, "recall": round(total / queries, 5),
                      "identical_lists": identical}))

if __name__ == "__main__":
    main()
