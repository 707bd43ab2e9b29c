"""Runs sensevec, gensim Word2Vec and fastText at matched skip-gram settings and prints a Markdown table.

Each trainer runs as its own child process; wall time, CPU time (user+sys) and peak RSS come from os.wait4
for that child. All vectors are evaluated by gensim: questions-words accuracy (30k most frequent words,
case-insensitive) and Spearman on WordSim-353 and SimLex-999.
"""
import argparse, json, os, subprocess, sys, time, textwrap

def run_child(cmd, env=None):
    start = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = b"", b""
    # communicate() reaps the child; use wait4 to get its own rusage.
    import threading
    chunks = {"out": [], "err": []}
    def pump(stream, key):
        for line in iter(stream.readline, b""):
            chunks[key].append(line)
    ts = [threading.Thread(target=pump, args=(p.stdout, "out")), threading.Thread(target=pump, args=(p.stderr, "err"))]
    for t in ts: t.start()
    _, status, ru = os.wait4(p.pid, 0)
    for t in ts: t.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.time() - start
    out = b"".join(chunks["out"]).decode(errors="replace")
    err = b"".join(chunks["err"]).decode(errors="replace")
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd[:3])} failed ({p.returncode}):\n{err[-2000:]}")
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, rss_mb=ru.ru_maxrss / 1024, out=out, err=err)

GENSIM = textwrap.dedent("""
    import sys, logging
    from gensim.models import Word2Vec
    path, out, layer, epochs, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    hs = 1 if layer == "hs" else 0
    m = Word2Vec(corpus_file=path, sg=1, vector_size=100, window=5, negative=0 if hs else 5, hs=hs, sample=1e-4,
                 min_count=5, epochs=epochs, workers=threads, alpha=0.025, min_alpha=0.025 * 1e-4, seed=1)
    m.wv.save_word2vec_format(out, binary=True)
""")

FASTTEXT = textwrap.dedent("""
    import sys, struct
    import fasttext
    path, out, layer, epochs, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    m = fasttext.train_unsupervised(path, model="skipgram", dim=100, ws=5, neg=5, loss=layer, t=1e-4, minCount=5,
                                    epoch=epochs, thread=threads, lr=0.025, minn=0, maxn=0, verbose=0)
    words = m.get_words()
    with open(out, "wb") as f:
        f.write(f"{len(words)} 100\\n".encode())
        for w in words:
            f.write(w.encode() + b" " + m.get_word_vector(w).astype("<f4").tobytes() + b"\\n")
""")

def evaluate(path, data):
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(path, binary=True)
    acc, _ = kv.evaluate_word_analogies(f"{data}/eval/analogy/questions-words.txt", restrict_vocab=30000, case_insensitive=True)
    ws = kv.evaluate_word_pairs(f"{data}/eval/similarity/wordsim353.tsv", delimiter="\t", case_insensitive=True)
    sl = kv.evaluate_word_pairs(f"{data}/eval/similarity/simlex999.txt", delimiter="\t", case_insensitive=True)
    return dict(words=len(kv.index_to_key), analogy=100 * acc, wordsim=100 * ws[1][0], simlex=100 * sl[1][0])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--sensevec", required=True)
    ap.add_argument("--bytes", type=int, default=0, help="use only this many bytes of the corpus (0: all)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--layers", default="ns,hs")
    ap.add_argument("--tools", default="sensevec,gensim,fasttext", help="also: sensevec-classic (word2vec per-pair update)")
    ap.add_argument("--work", default="Benchmarks/out/skipgram")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    lines = f"{a.work}/corpus-{a.bytes or 'all'}.txt"
    if not os.path.exists(lines):
        head = f"head -c {a.bytes} |" if a.bytes else ""
        # One line of 1000 words per sentence (gensim's corpus_file mode trains on almost nothing with one huge line).
        subprocess.run(f"zcat {a.data}/corpus/gutenberg-19m.txt.gz | {head} tr ' ' '\\n' | grep -v '^$' | "
                       f"paste -d' ' $(printf -- '- %.0s' $(seq 1000)) > {lines}.tmp && mv {lines}.tmp {lines}",
                       shell=True, check=True, executable="/bin/bash")
    tokens = int(subprocess.run(["wc", "-w", lines], capture_output=True, text=True).stdout.split()[0])
    print(f"corpus: {lines}, {tokens} tokens, epochs {a.epochs}, threads {a.threads}", file=sys.stderr)
    rows = []
    for layer in a.layers.split(","):
        for tool in a.tools.split(","):
            out = f"{a.work}/{tool}-{layer}.bin"
            if tool.startswith("sensevec"):
                cmd = [a.sensevec, "train", lines, "--output", out, "--dim", "100", "--window", "5", "--negative", "5",
                       "--sample", "1e-4", "--min-count", "5", "--epochs", str(a.epochs), "--threads", str(a.threads),
                       "--alpha", "0.025", "--quiet", "--json"] + (["--hs"] if layer == "hs" else []) \
                      + (["--update", "classic"] if tool == "sensevec-classic" else [])
            elif tool == "gensim":
                cmd = [sys.executable, "-c", GENSIM, lines, out, layer, str(a.epochs), str(a.threads)]
            else:
                cmd = [sys.executable, "-c", FASTTEXT, lines, out, layer, str(a.epochs), str(a.threads)]
            print(f"running {tool} {layer} …", file=sys.stderr, flush=True)
            r = run_child(cmd)
            q = evaluate(out, a.data)
            words = tokens * a.epochs
            row = dict(tool=tool, layer=layer, wall=r["wall"], cpu=r["cpu"], rss=r["rss_mb"],
                       wps=words / r["wall"], wpcpu=words / r["cpu"], **q)
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    print("| layer | tool | wall s | CPU s | words/s (wall) | words per CPU-s | ratio (CPU) vs best peer | peak RSS MB | analogy % | WS-353 ρ | SimLex ρ |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for layer in a.layers.split(","):
        rs = [r for r in rows if r["layer"] == layer]
        peers = [r["wpcpu"] for r in rs if not r["tool"].startswith("sensevec")]
        best = max(peers) if peers else None
        for r in rs:
            ratio = f"{r['wpcpu'] / best:.2f}" if best else "-"
            print(f"| {layer} | {r['tool']} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['wps']:,.0f} | {r['wpcpu']:,.0f} | {ratio} | "
                  f"{r['rss']:.0f} | {r['analogy']:.1f} | {r['wordsim']:.1f} | {r['simlex']:.1f} |")

if __name__ == "__main__":
    main()
