"""Measurements for the core benchmarks (run through the *.sh wrappers, which set up the venv and the build).

Every measured program runs in its own child process; its CPU time (user+sys) and peak RSS come from
os.wait4's rusage, so Python start-up of the peer is included for both sides alike only where stated.
Timings on a shared machine are noisy: compare the ratios measured in the same run.
"""
import json
import os
import subprocess
import sys
import time


def run(cmd, stdin_path=None, env=None):
    """Runs cmd; returns (stdout, wall seconds, cpu seconds, peak RSS MiB)."""
    start = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out_chunks = []
    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        out_chunks.append(chunk)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.stderr.write(err.decode(errors="replace"))
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    cpu = usage.ru_utime + usage.ru_stime
    return b"".join(out_chunks).decode(), wall, cpu, usage.ru_maxrss / 1024


GENSIM_VOCAB = r"""
import sys, time, resource
from gensim.models import Word2Vec
t0 = time.process_time()
m = Word2Vec(min_count=int(sys.argv[2]), workers=1)
m.build_vocab(corpus_file=sys.argv[1])
t1 = time.process_time()
print(len(m.wv.index_to_key), m.corpus_total_words, t1 - t0)
"""


def vocab(sensevec, path, min_count):
    out, wall, cpu, rss = run([sensevec, "vocab", path, "--min-count", min_count, "--json", "--quiet", "--top", "5"])
    ours = json.loads(out)
    print(f"sensevec vocab: {ours['words']} words, {ours['tokens']} tokens; wall {wall:.2f} s, "
          f"CPU {cpu:.2f} s, peak RSS {rss:.0f} MiB, {ours['tokens'] / cpu / 1e6:.1f} M tokens per CPU-second")
    out, gwall, gcpu, grss = run([sys.executable, "-c", GENSIM_VOCAB, path, min_count])
    words, tokens, inner = out.split()
    print(f"gensim build_vocab: {words} words, {tokens} tokens; wall {gwall:.2f} s, CPU {gcpu:.2f} s "
          f"(build_vocab alone {float(inner):.2f} s), peak RSS {grss:.0f} MiB")
    if int(words) != ours["words"] or int(tokens) != ours["tokens"]:
        print("warning: the two vocabularies differ in size or token count")
    print(f"ratio gensim/sensevec: CPU {gcpu / cpu:.1f}x (build_vocab alone {float(inner) / cpu:.1f}x), "
          f"wall {gwall / wall:.1f}x, peak RSS {grss / rss:.1f}x")
    # Calibration on this (shared, noisy) machine: a plain word count that neither hashes nor counts.
    _, wwall, wcpu, _ = run(["wc", "-w", path], env=dict(os.environ, LC_ALL="C"))
    print(f"calibration: LC_ALL=C wc -w on the same file: CPU {wcpu:.2f} s "
          f"({ours['tokens'] / wcpu / 1e6:.1f} M tokens per CPU-second); sensevec vocab / wc -w CPU = {cpu / wcpu:.2f}")


GENSIM_QUERIES = r"""
import sys, time
from gensim.models import KeyedVectors
t0 = time.process_time(); w0 = time.monotonic()
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
kv.fill_norms()
t1 = time.process_time(); w1 = time.monotonic()
words = open(sys.argv[2]).read().split()
for w in words:
    kv.most_similar(w, topn=10)
t2 = time.process_time(); w2 = time.monotonic()
print(t1 - t0, t2 - t1, w1 - w0, w2 - w1, len(words))
"""


def queries(sensevec, work, n, d, q):
    import numpy as np
    n, d, q = int(n), int(d), int(q)
    rng = np.random.default_rng(1)
    path = os.path.join(work, "v.bin")
    vectors = rng.standard_normal((n, d), dtype=np.float32)
    with open(path, "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for i in range(n):
            f.write(f"w{i} ".encode() + vectors[i].tobytes() + b"\n")
    qpath = os.path.join(work, "queries.txt")
    with open(qpath, "w") as f:
        f.write("\n".join(f"w{int(i)}" for i in rng.integers(0, n, q)) + "\n")
    empty = os.path.join(work, "empty.txt")
    open(empty, "w").close()
    _, lwall, lcpu, lrss = run([sensevec, "neighbors", path, "-k", "10", "--json"], stdin_path=empty)
    out, wall, cpu, rss = run([sensevec, "neighbors", path, "-k", "10", "--json"], stdin_path=qpath)
    assert len(out.splitlines()) == q
    print(f"sensevec: {n} x {d} binary file: load+index wall {lwall:.2f} s (CPU {lcpu:.2f} s, RSS {lrss:.0f} MiB); "
          f"{q} top-10 queries: wall {(wall - lwall) / q * 1e3:.2f} ms/query, CPU {(cpu - lcpu) / q * 1e3:.2f} ms/query")
    out, bwall, bcpu, _ = run([sensevec, "neighbors", path, "-k", "10", "--json", "--batch"], stdin_path=qpath)
    assert len(out.splitlines()) == q
    print(f"sensevec --batch: {q} top-10 queries: wall {(bwall - lwall) / q * 1e3:.2f} ms/query, "
          f"CPU {(bcpu - lcpu) / q * 1e3:.2f} ms/query")
    out, gwall, gcpu, grss = run([sys.executable, "-c", GENSIM_QUERIES, path, qpath])
    gl_cpu, gq_cpu, gl_wall, gq_wall, _ = map(float, out.split())
    print(f"gensim: load+norms wall {gl_wall:.2f} s (CPU {gl_cpu:.2f} s, RSS {grss:.0f} MiB); "
          f"most_similar wall {gq_wall / q * 1e3:.2f} ms/query, CPU {gq_cpu / q * 1e3:.2f} ms/query")
    print(f"ratio gensim/sensevec: load wall {gl_wall / lwall:.1f}x; per query wall {gq_wall / (wall - lwall):.1f}x, "
          f"CPU {gq_cpu / max(cpu - lcpu, 1e-9):.1f}x; batch per query wall {gq_wall / max(bwall - lwall, 1e-9):.1f}x, "
          f"CPU {gq_cpu / max(bcpu - lcpu, 1e-9):.1f}x (sensevec splits big queries over every core; gensim's BLAS may too)")


def compat(sensevec, work):
    import numpy as np
    from gensim.models import KeyedVectors
    rng = np.random.default_rng(7)
    words = ["the", "élan", "日本", "naïve", "x", "a_b", "Z"] + [f"w{i}" for i in range(50)]
    vectors = rng.standard_normal((len(words), 11), dtype=np.float32) * np.float32(3)
    vectors[0, :3] = [0.0, -0.0, 1e-40]
    kv = KeyedVectors(11)
    kv.add_vectors(words, vectors)
    failures = 0

    def same(path, binary, what):
        nonlocal failures
        back = KeyedVectors.load_word2vec_format(path, binary=binary)
        ok = back.index_to_key == words and np.array_equal(back.vectors.view(np.uint32), vectors.view(np.uint32))
        print(f"{'ok ' if ok else 'FAIL'} {what}")
        failures += 0 if ok else 1

    def ours_same(path, what):
        # sensevec reads `path`, writes text; compare bits through gensim's text reader of OUR output.
        nonlocal failures
        out = path + ".sv.txt"
        run([sensevec, "convert", path, out])
        same(out, False, what)

    gbin, gtxt = os.path.join(work, "g.bin"), os.path.join(work, "g.txt")
    kv.save_word2vec_format(gbin, binary=True)
    kv.save_word2vec_format(gtxt, binary=False)
    ours_same(gbin, "gensim binary (no newline after vectors) -> sensevec")
    ours_same(gtxt, "gensim text -> sensevec")
    sbin, stxt = os.path.join(work, "s.bin"), os.path.join(work, "s.txt")
    run([sensevec, "convert", gtxt, sbin])
    run([sensevec, "convert", gbin, stxt])
    same(sbin, True, "sensevec binary (word2vec C layout) -> gensim")
    same(stxt, False, "sensevec text -> gensim")
    # Byte-level: sensevec's binary = gensim's layout plus one newline per vector.
    g = open(gbin, "rb").read()
    s = open(sbin, "rb").read()
    header = f"{len(words)} 11\n".encode()
    expected = header + b"".join(w.encode() + b" " + vectors[i].tobytes() + b"\n" for i, w in enumerate(words))
    ok = s == expected and g == header + b"".join(w.encode() + b" " + vectors[i].tobytes() for i, w in enumerate(words))
    print(f"{'ok ' if ok else 'FAIL'} byte layouts: sensevec = word2vec C (newline after each vector), gensim = none")
    failures += 0 if ok else 1
    if failures:
        raise SystemExit(f"{failures} compatibility checks failed")
    print("all compatibility checks passed")


GENSIM_ANALOGIES = r"""
import sys, time, logging
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
kv.fill_norms()
t0 = time.process_time(); w0 = time.monotonic()
score, sections = kv.evaluate_word_analogies(sys.argv[2], restrict_vocab=30000, case_insensitive=False)
t1 = time.process_time(); w1 = time.monotonic()
n = sum(len(s["correct"]) + len(s["incorrect"]) for s in sections if s["section"] == "Total accuracy")
print(t1 - t0, w1 - w0, n, score)
"""


def analogies(sensevec, work, questions_path, d):
    import numpy as np
    d = int(d)
    questions = []
    words = []
    seen = set()
    for line in open(questions_path):
        if line.startswith(":"):
            continue
        q = line.split()
        if len(q) != 4:
            continue
        questions.append(q)
        for w in q:
            if w not in seen:
                seen.add(w)
                words.append(w)
    n = 30000
    words += [f"filler{i}" for i in range(n - len(words))]
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((n, d), dtype=np.float32)
    path = os.path.join(work, "v.bin")
    with open(path, "wb") as f:
        f.write(f"{n} {d}\n".encode())
        for i, w in enumerate(words):
            f.write(w.encode() + b" " + vectors[i].tobytes() + b"\n")
    qpath = os.path.join(work, "q.txt")
    with open(qpath, "w") as f:
        f.write("".join(f"{a} {b} {c}\n" for a, b, c, _ in questions))
    empty = os.path.join(work, "empty.txt")
    open(empty, "w").close()
    _, lwall, lcpu, _ = run([sensevec, "analogy", path, "--batch", "--json", "-k", "1"], stdin_path=empty)
    out, wall, cpu, rss = run([sensevec, "analogy", path, "--batch", "--json", "-k", "1", "--restrict", "30000"],
                              stdin_path=qpath)
    assert len(out.splitlines()) == len(questions)
    print(f"sensevec analogy --batch: {len(questions)} questions over 30000 x {d}: "
          f"wall {wall - lwall:.2f} s, CPU {cpu - lcpu:.2f} s (load excluded), peak RSS {rss:.0f} MiB")
    out, gwall, gcpu, grss = run([sys.executable, "-c", GENSIM_ANALOGIES, path, questions_path])
    gcpu_q, gwall_q, gn, _ = out.split()
    print(f"gensim evaluate_word_analogies: {gn} questions: wall {float(gwall_q):.2f} s, CPU {float(gcpu_q):.2f} s")
    print(f"ratio gensim/sensevec: wall {float(gwall_q) / (wall - lwall):.1f}x, CPU {float(gcpu_q) / (cpu - lcpu):.1f}x")


if __name__ == "__main__":
    mode = sys.argv[1]
    {"vocab": vocab, "queries": queries, "compat": compat, "analogies": analogies}[mode](*sys.argv[2:])
