"""Scores finished Fashion-MNIST maps the way tsne_bench.py does (same functions), for runs made outside it.

Usage: score_maps.py --data ../shared/data/tsne NAME=COORDS [NAME=COORDS ...]
COORDS is a .npy (N × 2) or a SenseVec TSV (label, x, y). KL uses openTSNE's perplexity-30 affinities (Annoy,
as openTSNE itself uses) and the exact Z; 10-NN preservation uses 10,000 seeded random query points against
exact input-space neighbours (brute force), exactly as in tsne_bench.py.
"""
import argparse, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsne_bench as b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("maps", nargs="+")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.data, "fashion-mnist")):
        sys.exit(f"error: benchmark data not found at {args.data}/fashion-mnist")
    from openTSNE.affinity import PerplexityBasedNN
    x, _ = b.load("fashion", args.data)
    n = x.shape[0]
    P = PerplexityBasedNN(x, perplexity=30, method="annoy", n_jobs=2, random_state=1).P
    queries = np.random.default_rng(0).choice(n, 10000, replace=False)
    for spec in args.maps:
        name, path = spec.split("=", 1)
        y = np.load(path) if path.endswith(".npy") else np.loadtxt(path, delimiter="\t", usecols=(1, 2))
        print(f"| {name} | KL (same P, exact Z) {b.kl_divergence(P, y):.4f} | 10-NN preservation {b.knn_preservation(x, y, queries):.4f} |", flush=True)


if __name__ == "__main__":
    main()
