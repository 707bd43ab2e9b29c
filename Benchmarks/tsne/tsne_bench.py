"""SenseVec t-SNE vs openTSNE (FFT, n_jobs=2) vs scikit-learn, on the same input, same run.

Recipe for every tool: perplexity 30, 250 early-exaggeration iterations at 12, then 500 more, PCA init,
2 threads. Every embedding is scored the same way here (not with each tool's own estimate):
  KL(P||Q): P = openTSNE's perplexity-30 affinities of the input (exact neighbours for digits; Annoy for
            Fashion-MNIST, as openTSNE itself uses), Q with the exact normalization Z over all pairs;
  10-NN preservation: share of each point's 10 nearest input-space neighbours (exact, Euclidean) that are
            among its 10 nearest map neighbours (all points for digits; 10,000 random query points for
            Fashion-MNIST, neighbours searched among all 70,000).
Each tool runs in its own child process; wall time, CPU time (user+sys) and peak RSS come from wait4().
Timings on a shared machine are noisy: compare the ratios measured in the same run.
"""
import argparse, gzip, json, os, struct, subprocess, sys, tempfile, time
import numpy as np


def read_idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    nd = b[3]
    dims = struct.unpack(">" + "I" * nd, b[4:4 + 4 * nd])
    a = np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd)
    return a.reshape(dims[0], -1) if nd > 1 else a


def write_idx(path, a):
    with open(path, "wb") as f:
        if a.ndim == 1:
            f.write(struct.pack(">BBBBI", 0, 0, 8, 1, a.shape[0]))
        else:
            f.write(struct.pack(">BBBBII", 0, 0, 8, 2, a.shape[0], a.shape[1]))
        f.write(a.astype(np.uint8).tobytes())


def load(name, data, rows=None):
    if name == "digits":
        m = np.loadtxt(gzip.open(os.path.join(data, "digits/digits.csv.gz"), "rt"), delimiter=",")
        return m[:, :-1].astype(np.float32), m[:, -1].astype(int)
    fm = os.path.join(data, "fashion-mnist")
    x = np.vstack([read_idx(os.path.join(fm, "train-images-idx3-ubyte.gz")), read_idx(os.path.join(fm, "t10k-images-idx3-ubyte.gz"))])
    y = np.concatenate([read_idx(os.path.join(fm, "train-labels-idx1-ubyte.gz")), read_idx(os.path.join(fm, "t10k-labels-idx1-ubyte.gz"))])
    if rows:
        x, y = x[:rows], y[:rows]
    return x.astype(np.float32), y.astype(int)


def run_child(cmd):
    """Runs cmd; returns (stdout, wall seconds, cpu seconds, peak RSS MB) of that child alone."""
    print(f"   [{time.strftime('%H:%M:%S')}] load average {os.getloadavg()[0]:.1f} before {os.path.basename(cmd[0])} {cmd[-1] if 'peer' in ' '.join(cmd) else ''}", flush=True)
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t0
    print(f"   [{time.strftime('%H:%M:%S')}] load average {os.getloadavg()[0]:.1f} after ({wall:.0f} s wall)", flush=True)
    if status != 0:
        raise RuntimeError(f"{cmd[0]} failed with status {status}")
    return out.decode(), wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def peer_main(args):
    """Child mode: run one Python peer on the saved input, save the embedding."""
    x = np.load(args.peer_input)
    if args.peer == "opentsne":
        from openTSNE import TSNE
        emb = TSNE(perplexity=30, n_jobs=2, initialization="pca", negative_gradient_method="fft",
                   early_exaggeration=12, early_exaggeration_iter=250, n_iter=500,
                   initial_momentum=0.5, final_momentum=0.8, random_state=1).fit(x)
        y = np.asarray(emb)
    else:
        from sklearn.manifold import TSNE
        y = TSNE(perplexity=30, n_jobs=2, init="pca", learning_rate="auto", max_iter=750,
                 early_exaggeration=12, random_state=1).fit_transform(x)
    np.save(args.peer_output, y)


def kl_divergence(P, y, chunk=500):
    """KL(P||Q), Student-t (Cauchy) Q with exact Z, P sparse CSR summing to 1."""
    y = y.astype(np.float64)
    n = y.shape[0]
    z = 0.0
    sq = (y ** 2).sum(1)
    for s in range(0, n, chunk):
        d2 = sq[s:s + chunk, None] + sq[None, :] - 2 * y[s:s + chunk] @ y.T
        np.maximum(d2, 0, out=d2)
        z += (1.0 / (1.0 + d2)).sum() - min(chunk, n - s)  # remove i == j terms (w = 1)
    P = P.tocoo()
    d2 = ((y[P.row] - y[P.col]) ** 2).sum(1)
    p = P.data.astype(np.float64)
    ok = p > 0
    return float((p[ok] * np.log(p[ok])).sum() + (p * np.log1p(d2)).sum() + p.sum() * np.log(z))


def knn_preservation(x, y, queries, k=10):
    from sklearn.neighbors import NearestNeighbors
    hi = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(x).kneighbors(x[queries], return_distance=False)
    lo = NearestNeighbors(n_neighbors=k + 1).fit(y).kneighbors(y[queries], return_distance=False)
    total = 0
    for q, a, b in zip(queries, hi, lo):
        total += len(set(a[a != q][:k]) & set(b[b != q][:k]))
    return total / (k * len(queries))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data"); ap.add_argument("--sensevec")
    ap.add_argument("--skip-fashion", action="store_true")
    ap.add_argument("--fashion-rows", type=int, default=None)
    ap.add_argument("--sklearn-fashion", action="store_true", help="also run scikit-learn on Fashion-MNIST (very slow)")
    ap.add_argument("--map", default=None, help="write the SenseVec Fashion-MNIST coordinates (TSV) here")
    ap.add_argument("--peer"); ap.add_argument("--peer-input"); ap.add_argument("--peer-output")
    args = ap.parse_args()
    if args.peer:
        return peer_main(args)
    from openTSNE.affinity import PerplexityBasedNN
    tmp = tempfile.mkdtemp(prefix="tsne-bench-")
    sets = ["digits"] + ([] if args.skip_fashion else ["fashion"])
    rows = []
    for name in sets:
        x, labels = load(name, args.data, args.fashion_rows if name == "fashion" else None)
        n = x.shape[0]
        print(f"== {name}: {n} × {x.shape[1]}", flush=True)
        np.save(os.path.join(tmp, "x.npy"), x)
        if name == "digits":
            inp = os.path.join(args.data, "digits/digits.csv.gz")
            extra = ["--label-column", "last"]
        else:
            inp = os.path.join(tmp, "x.idx"); write_idx(inp, x)
            write_idx(os.path.join(tmp, "y.idx"), labels)
            extra = ["--labels", os.path.join(tmp, "y.idx")]
        coords = os.path.join(tmp, "sensevec.tsv") if not (name == "fashion" and args.map) else args.map
        results = {}
        out, wall, cpu, rss = run_child([args.sensevec, "tsne", inp, *extra, "--output", coords, "--threads", "2",
                                         "--perplexity", "30", "--early-iterations", "250", "--iterations", "750",
                                         "--exaggeration", "12", "--json", "--quiet"])
        info = json.loads(out.strip().splitlines()[-1])
        if info.get("neighbors"):
            rec = info.get("neighborRecall")
            print(f"   SenseVec neighbours: {info['neighbors']}" + (f", recall {rec:.4f} (measured by SenseVec on 1,000 sampled points)" if rec is not None else ""), flush=True)
        print(f"   SenseVec: affinities + initialization {info['affinitySeconds']:.1f} s, optimization {info['optimizationSeconds']:.1f} s (wall)", flush=True)
        ys = np.loadtxt(coords, delimiter="\t", usecols=(1, 2))
        results["SenseVec (" + info["method"] + ")"] = (ys, wall, cpu, rss, info["klDivergence"])
        peers = ["opentsne"] + (["sklearn"] if name == "digits" or args.sklearn_fashion else [])
        for peer in peers:
            outp = os.path.join(tmp, peer + ".npy")
            _, wall, cpu, rss = run_child([sys.executable, __file__, "--peer", peer, "--peer-input",
                                           os.path.join(tmp, "x.npy"), "--peer-output", outp])
            results[{"opentsne": "openTSNE 1.0 (fft)", "sklearn": "scikit-learn (bh)"}[peer]] = (np.load(outp), wall, cpu, rss, None)
        P = PerplexityBasedNN(x, perplexity=30, method="exact" if n <= 5000 else "annoy", n_jobs=2, random_state=1).P
        rng = np.random.default_rng(0)
        queries = np.arange(n) if n <= 10000 else rng.choice(n, 10000, replace=False)
        ref = None
        for tool, (y, wall, cpu, rss, own) in results.items():
            kl = kl_divergence(P, y)
            knn = knn_preservation(x, y, queries)
            rows.append((name, tool, wall, cpu, rss, kl, knn, own))
        base = [r for r in rows if r[0] == name and r[1].startswith("openTSNE")][0]
        sv = [r for r in rows if r[0] == name and r[1].startswith("SenseVec")][0]
        print(f"   SenseVec / openTSNE: wall {sv[2] / base[2]:.2f}×, CPU {sv[3] / base[3]:.2f}×, KL {sv[5] / base[5]:.4f}×, "
              f"10-NN {sv[6] - base[6]:+.4f}", flush=True)
        sk = [r for r in rows if r[0] == name and r[1].startswith("scikit")]
        if sk:
            print(f"   SenseVec KL − scikit-learn KL: {sv[5] - sk[0][5]:+.4f}", flush=True)
    print()
    print("| data | tool | wall s | CPU s | peak RSS MB | KL (same P, exact Z) | 10-NN preservation | tool's own KL |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        own = "" if r[7] is None else f"{r[7]:.4f}"
        print(f"| {r[0]} | {r[1]} | {r[2]:.1f} | {r[3]:.1f} | {r[4]:.0f} | {r[5]:.4f} | {r[6]:.4f} | {own} |")


if __name__ == "__main__":
    main()
