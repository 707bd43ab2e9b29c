#!/usr/bin/env python3
"""Writes a random word2vec binary model (words w0 … w{N-1}, Gaussian-ish values) for the load benchmark.
Plain Python, no third-party packages: the benchmark measures the server, not a peer library."""
import array, os, random, sys

def main():
    if len(sys.argv) != 4:
        sys.exit("usage: make_model.py OUT.bin WORDS DIM")
    out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(1)
    with open(out + ".tmp", "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for i in range(n):
            # Sum of two uniforms: cheap, bounded, not degenerate.
            row = array.array("f", (rng.random() + rng.random() - 1.0 for _ in range(d)))
            if sys.byteorder != "little":
                row.byteswap()
            f.write(f"w{i} ".encode())
            f.write(row.tobytes())
            f.write(b"\n")
    os.replace(out + ".tmp", out)

if __name__ == "__main__":
    main()
