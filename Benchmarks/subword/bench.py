"""sensevec train --subwords vs fastText's skipgram (PyPI bindings) at the same settings; see run.sh.

Each trainer runs as its own child process. Speed: training words/s = corpus tokens × epochs / training seconds
(sensevec's --json "seconds"; fastText's train_unsupervised call timed inside its child), and whole-process CPU
seconds from os.wait4. Peak memory: the child's maximum resident set size (ru_maxrss, the number
/usr/bin/time -v prints). Runs alternate sensevec, fastText, sensevec, …; ratios are medians over the pairs.
Quality: both tools' vocabulary vectors are evaluated by the same code (`sensevec eval`), and the
out-of-vocabulary comparison scores every WS-353/SimLex pair with models trained at --min-count 100 (sensevec
through `eval similarity` on its native model, fastText through get_word_vector; Spearman with ties averaged).
"""
import argparse, json, os, statistics, subprocess, sys, textwrap, threading, time

def run_child(cmd):
    start = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks = {"out": [], "err": []}
    def pump(stream, key):
        for line in iter(stream.readline, b""):
            chunks[key].append(line)
    ts = [threading.Thread(target=pump, args=(p.stdout, "out")), threading.Thread(target=pump, args=(p.stderr, "err"))]
    for t in ts: t.start()
    _, status, ru = os.wait4(p.pid, 0)
    for t in ts: t.join()
    code = os.waitstatus_to_exitcode(status)
    out = b"".join(chunks["out"]).decode(errors="replace")
    err = b"".join(chunks["err"]).decode(errors="replace")
    if code != 0:
        sys.exit(f"error: {' '.join(cmd[:3])} failed ({code}):\n{err[-2000:]}")
    return dict(wall=time.time() - start, cpu=ru.ru_utime + ru.ru_stime, rss_mb=ru.ru_maxrss / 1024, out=out, err=err)

FASTTEXT_TRAIN = textwrap.dedent("""
    import sys, time, json
    import fasttext
    path, vec, binpath = sys.argv[1], sys.argv[2], sys.argv[3]
    a = json.loads(sys.argv[4])
    t0 = time.time(); c0 = time.process_time()
    m = fasttext.train_unsupervised(path, model=a.get("model", "skipgram"), dim=a["dim"], ws=5, neg=5, loss="ns", t=1e-4,
                                    minCount=a["min_count"], epoch=a["epochs"], thread=a["threads"], lr=a["lr"],
                                    minn=a["minn"], maxn=a["maxn"], bucket=a["buckets"], wordNgrams=1, verbose=0)
    seconds = time.time() - t0; cpu = time.process_time() - c0
    words = m.get_words()
    with open(vec, "wb") as f:
        f.write(f"{len(words)} {a['dim']}\\n".encode())
        for w in words:
            f.write(w.encode() + b" " + m.get_word_vector(w).astype("<f4").tobytes() + b"\\n")
    if binpath != "-":
        m.save_model(binpath)
    print(json.dumps(dict(seconds=seconds, trainCPU=cpu, words=len(words))))
""")

FASTTEXT_SIMILARITY = textwrap.dedent("""
    import sys, json
    import numpy as np, fasttext
    from scipy.stats import spearmanr
    m = fasttext.load_model(sys.argv[1])
    vocab = set(m.get_words())
    out = {}
    for path in sys.argv[2:]:
        human, model, oov = [], [], 0
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip(): continue
            a, b, s = line.rstrip("\\n").split("\\t")[:3]
            try: s = float(s)
            except ValueError: continue
            va, vb = m.get_word_vector(a), m.get_word_vector(b)
            na, nb = np.linalg.norm(va), np.linalg.norm(vb)
            if na == 0 or nb == 0: continue
            human.append(s); model.append(float(va @ vb / (na * nb)))
            if a not in vocab or b not in vocab: oov += 1
        out[path] = dict(spearman=100 * spearmanr(model, human).correlation, scored=len(model), oov=oov)
    print(json.dumps(out))
""")

def sensevec_quality(sv, vectors, data, sets):
    r = subprocess.run([sv, "eval", "analogy", vectors, f"{data}/eval/analogy/questions-words.txt", "--json", "--quiet"],
                       capture_output=True, text=True, check=True)
    j = json.loads(r.stdout)
    sem = [s for s in j["sections"] if not s["name"].startswith("gram")]
    syn = [s for s in j["sections"] if s["name"].startswith("gram")]
    acc = lambda ss: 100 * sum(s["correct"] for s in ss) / max(1, sum(s["answered"] for s in ss))
    q = dict(semantic=acc(sem), syntactic=acc(syn))
    for name, path in sets.items():
        r = subprocess.run([sv, "eval", "similarity", vectors, path, "--json"], capture_output=True, text=True, check=True)
        s = json.loads(r.stdout)["scores"][0]
        q[name] = 100 * (s["spearman"] or 0)
        q[name + "_scored"] = s["scored"]
        q[name + "_oov"] = s.get("outOfVocabulary")
    return q

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--sensevec", required=True)
    ap.add_argument("--bytes", type=int, default=20_000_000, help="corpus prefix in bytes (0: all)")
    ap.add_argument("--runs", type=int, default=3, help="paired speed runs at --min-count 5")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--minn", type=int, default=3)
    ap.add_argument("--maxn", type=int, default=6)
    ap.add_argument("--buckets", type=int, default=2_000_000)
    ap.add_argument("--lr", type=float, default=0.05, help="starting learning rate of both (fastText's skipgram default)")
    ap.add_argument("--update", default="classic", help="sensevec's --update (classic, the default with --subwords, or batched)")
    ap.add_argument("--skip-oov", action="store_true", help="skip the --min-count 100 comparison")
    ap.add_argument("--cbow", action="store_true", help="CBOW for both (sensevec --cbow, fastText cbow) instead of skip-gram")
    ap.add_argument("--work", default="Benchmarks/out/subword")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    lines = f"{a.work}/corpus-{a.bytes or 'all'}.txt"
    if not os.path.exists(lines):
        head = f"head -c {a.bytes} |" if a.bytes else ""
        subprocess.run(f"zcat {a.data}/corpus/gutenberg-19m.txt.gz | {head} tr ' ' '\\n' | grep -v '^$' | "
                       f"paste -d' ' $(printf -- '- %.0s' $(seq 1000)) > {lines}.tmp && mv {lines}.tmp {lines}",
                       shell=True, check=True, executable="/bin/bash")
    tokens = int(subprocess.run(["wc", "-w", lines], capture_output=True, text=True).stdout.split()[0])
    # Lowercased copies of the similarity sets (the corpus is lowercase; both tools see the same words).
    sets = {}
    for name, f in [("ws353", "wordsim353.tsv"), ("simlex", "simlex999.txt")]:
        dst = f"{a.work}/{f}"
        with open(f"{a.data}/eval/similarity/{f}", encoding="utf-8") as src, open(dst, "w", encoding="utf-8") as out:
            out.write(src.read().lower())
        sets[name] = dst
    load = open("/proc/loadavg").read().split()[:3]
    print(f"corpus: {lines}, {tokens} tokens; {'cbow' if a.cbow else 'skipgram'}, epochs {a.epochs}, threads {a.threads}, dim {a.dim}, minn {a.minn}, "
          f"maxn {a.maxn}, buckets {a.buckets}, lr {a.lr}, update {a.update}; load at start {' '.join(load)}", file=sys.stderr)
    words = tokens * a.epochs

    # Speed runs write the vocabulary's vectors only; the --min-count 100 runs also save the full model (n-grams).
    def sensevec(min_count, tag, save_model=False):
        vec, model = f"{a.work}/sensevec-{tag}.bin", f"{a.work}/sensevec-{tag}.sgm"
        cmd = [a.sensevec, "train", lines, "--subwords", "--minn", str(a.minn), "--maxn", str(a.maxn),
               "--buckets", str(a.buckets), "--output", vec] + (["--model", model] if save_model else []) + [ "--dim", str(a.dim), "--window", "5",
               "--negative", "5", "--sample", "1e-4", "--min-count", str(min_count), "--epochs", str(a.epochs),
               "--threads", str(a.threads), "--alpha", str(a.lr), "--quiet", "--json"] + (["--cbow"] if a.cbow else ["--update", a.update])
        r = run_child(cmd)
        j = json.loads(r["out"].strip().splitlines()[-1])
        return dict(tool="sensevec", train_s=j["seconds"], wps=words / j["seconds"], cpu=r["cpu"], rss=r["rss_mb"],
                    train_cpu=j["cpuSeconds"],
                    vec=vec, model=model, vocab=j["words"])

    def fasttext(min_count, tag, save_model=False):
        vec, binpath = f"{a.work}/fasttext-{tag}.bin", (f"{a.work}/fasttext-{tag}.model.bin" if save_model else "-")
        args = dict(dim=a.dim, min_count=min_count, epochs=a.epochs, threads=a.threads, lr=a.lr, minn=a.minn,
                    maxn=a.maxn, buckets=a.buckets, model="cbow" if a.cbow else "skipgram")
        r = run_child([sys.executable, "-c", FASTTEXT_TRAIN, lines, vec, binpath, json.dumps(args)])
        j = json.loads(r["out"].strip().splitlines()[-1])
        return dict(tool="fasttext", train_s=j["seconds"], wps=words / j["seconds"], cpu=r["cpu"], rss=r["rss_mb"],
                    train_cpu=j["trainCPU"],
                    vec=vec, model=binpath, vocab=j["words"])

    pairs = []
    for i in range(a.runs):
        for f in ((sensevec, fasttext) if i % 2 == 0 else (fasttext, sensevec)):
            r = f(5, f"mc5-{i}")
            r["load"] = open("/proc/loadavg").read().split()[0]
            print(json.dumps({k: v for k, v in r.items() if k not in ("vec", "model")}), file=sys.stderr, flush=True)
            pairs.append(r)
    sv = [r for r in pairs if r["tool"] == "sensevec"]
    ft = [r for r in pairs if r["tool"] == "fasttext"]
    wall_ratios = [s["wps"] / f["wps"] for s, f in zip(sv, ft)]
    cpu_ratios = [f["cpu"] / s["cpu"] for s, f in zip(sv, ft)]
    train_cpu_ratios = [f["train_cpu"] / s["train_cpu"] for s, f in zip(sv, ft)]
    med = statistics.median
    print(f"\n## Speed ({a.runs} paired runs, {tokens} tokens x {a.epochs} epochs, {a.threads} threads)\n")
    print("| tool | training words/s (median) | process CPU s (median) | peak RSS MB (max) | vocabulary |")
    print("|---|---:|---:|---:|---:|")
    for name, rs in (("sensevec --subwords" + (" --cbow" if a.cbow else ""), sv), ("fastText " + ("cbow" if a.cbow else "skipgram"), ft)):
        print(f"| {name} | {med([r['wps'] for r in rs]):,.0f} | {med([r['cpu'] for r in rs]):.1f} | "
              f"{max(r['rss'] for r in rs):.0f} | {rs[0]['vocab']} |")
    print(f"\nwords/s ratio sensevec/fastText: median {med(wall_ratios):.2f} (runs: {', '.join(f'{x:.2f}' for x in wall_ratios)}); "
          f"process-CPU ratio fastText/sensevec: median {med(cpu_ratios):.2f}; training-CPU ratio (fastText's includes "
          f"its dictionary pass): median {med(train_cpu_ratios):.2f} (runs: {', '.join(f'{x:.2f}' for x in train_cpu_ratios)})")

    print(f"\n## Quality (min-count 5, models of run 1; percentages and Spearman x 100)\n")
    print("| tool | analogy semantic | analogy syntactic | WS-353 | SimLex |")
    print("|---|---:|---:|---:|---:|")
    quality = {}
    for r in (sv[0], ft[0]):
        q = sensevec_quality(a.sensevec, r["vec"], a.data, sets)
        quality[r["tool"]] = q
        print(f"| {r['tool']} | {q['semantic']:.1f} | {q['syntactic']:.1f} | {q['ws353']:.1f} ({q['ws353_scored']} pairs) | "
              f"{q['simlex']:.1f} ({q['simlex_scored']} pairs) |")

    if not a.skip_oov:
        print("\n## Out-of-vocabulary words (models trained at --min-count 100; every pair scored)\n")
        s = sensevec(100, "mc100", save_model=True)
        f = fasttext(100, "mc100", save_model=True)
        for r in (s, f):
            print(json.dumps({k: v for k, v in r.items() if k not in ("vec", "model")}), file=sys.stderr, flush=True)
        sq = {}
        for name, path in sets.items():
            r = subprocess.run([a.sensevec, "eval", "similarity", s["model"], path, "--json"], capture_output=True, text=True, check=True)
            sc = json.loads(r.stdout)["scores"][0]
            sq[name] = dict(spearman=100 * (sc["spearman"] or 0), scored=sc["scored"], oov=sc.get("outOfVocabulary"))
        r = run_child([sys.executable, "-c", FASTTEXT_SIMILARITY, f["model"]] + list(sets.values()))
        fq = {name: v for name, v in zip(sets, json.loads(r["out"].strip().splitlines()[-1]).values())}
        print("| tool | vocabulary | WS-353 (scored, OOV pairs) | SimLex (scored, OOV pairs) | words/s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, run, q in (("sensevec", s, sq), ("fastText", f, fq)):
            print(f"| {name} | {run['vocab']} | {q['ws353']['spearman']:.1f} ({q['ws353']['scored']}, {q['ws353']['oov']}) | "
                  f"{q['simlex']['spearman']:.1f} ({q['simlex']['scored']}, {q['simlex']['oov']}) | {run['wps']:,.0f} | {run['rss']:.0f} |")
    print(f"\nload at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")

if __name__ == "__main__":
    main()
