#!/usr/bin/env python3
"""Writes a random word2vec binary model (words w0 … w{N-1}) for the load benchmark.
Plain Python, no third-party packages: the benchmark measures the server, not a peer library.

    make_model.py OUT.bin WORDS DIM [CLUSTERS]

CLUSTERS = 0 (default): every value is a sum of two uniforms in [0, 1) minus 1 (no structure).
CLUSTERS = C > 0, "random but clustered": C topic centres and 10 sub-centres per topic (values as above, a
sub-centre = its topic + 0.7 × an unstructured vector), and each word = its sub-centre + uniform noise in
[-0.5, 0.5) per component; word i belongs to sub-centre i mod (10·C). The noise has half the variance of a
topic, so a word's nearest neighbours are mostly in its own sub-cluster, then its topic, as in a trained
embedding's neighbourhoods (seeded: the same arguments write the same file)."""
import array, os, random, sys

def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: make_model.py OUT.bin WORDS DIM [CLUSTERS]")
    out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    clusters = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    rng = random.Random(1)
    r = rng.random
    centres = []
    if clusters > 0:
        for _ in range(clusters):
            topic = [r() + r() - 1.0 for _ in range(d)]
            for _ in range(10):
                centres.append([t + 0.7 * (r() + r() - 1.0) for t in topic])
    with open(out + ".tmp", "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for i in range(n):
            if centres:
                row = array.array("f", [c + r() - 0.5 for c in centres[i % len(centres)]])
            else:
                # Sum of two uniforms: cheap, bounded, not degenerate.
                row = array.array("f", (r() + r() - 1.0 for _ in range(d)))
            if sys.byteorder != "little":
                row.byteswap()
            f.write(f"w{i} ".encode())
            f.write(row.tobytes())
            f.write(b"\n")
    os.replace(out + ".tmp", out)

if __name__ == "__main__":
    main()
