#!/usr/bin/env bash
# `eval wsi --induce` on SemEval-2010 (docs/senses.md, "Senses induced from the evaluated contexts").
# Usage: Benchmarks/senses/induce-semeval.sh [runs, default 3]
# Trains skip-gram vectors (3 epochs, window 10, dim 100, 2 threads, seeds 1..runs) on two corpora: gutenberg-19m
# alone, and gutenberg-19m followed by the unlabeled text of SemEval-2010's contexts (each instance as one line:
# left context, the target lemma, right context; no sense labels). Then scores `sensevec eval wsi --induce` with
# the number of senses chosen by the penalized likelihood (auto) and with K = 3, EM started from Ward's clusters
# (default) and from k-means++ seeds, and prints every run and the medians (AVG = sqrt(F * V), mean over lemmas).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${SENSEVEC_DATA:-$root/../shared/data}"
corpus_gz="$data/corpus/gutenberg-19m.txt.gz"
wsi="$data/eval/wsi/semeval-2010"
for f in "$corpus_gz" "$wsi/dataset.txt" "$wsi/key.txt"; do
  [ -e "$f" ] || { echo "missing $f: the real data lives in ../shared/data beside the project root (or SENSEVEC_DATA)" >&2; exit 2; }
done
runs="${1:-3}"
work="${TMPDIR:-/tmp}/sensevec-induce-bench"
mkdir -p "$work"
cli="${SENSEVEC_BIN:-$root/.build/release/sensevec}"
[ -x "$cli" ] || (cd "$root" && SENSEVEC_NO_EXPLORER=1 swift build -c release --product sensevec >&2)
[ -f "$work/gutenberg.txt" ] || zcat "$corpus_gz" > "$work/gutenberg.txt"
if [ ! -f "$work/gutenberg-semeval.txt" ]; then
  awk -F'\t' 'NF == 1 && $0 ~ /^[^ ]+ [0-9]+$/ { split($0, h, " "); w = h[1]; sub(/\.[a-z]+$/, "", w); next }
              NF == 2 { print $1 " " w " " $2 }' "$wsi/dataset.txt" > "$work/semeval-text.txt"
  cat "$work/gutenberg.txt" "$work/semeval-text.txt" > "$work/gutenberg-semeval.txt"
fi
results="$work/results.tsv"
: > "$results"
for corpus in gutenberg gutenberg-semeval; do
  for seed in $(seq 1 "$runs"); do
    model="$work/$corpus-$seed.sgm"
    [ -f "$model" ] || "$cli" train "$work/$corpus.txt" --model "$model" --epochs 3 --window 10 --sample 1e-4 \
        --threads 2 --seed "$seed" --quiet
    for init in ward kmeans++; do
      for senses in auto 3; do
        "$cli" eval wsi --induce "$model" "$wsi/dataset.txt" "$wsi/key.txt" --senses "$senses" --init "$init" \
            --seed "$seed" --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
print("\t".join(sys.argv[1:] + ["%.4f" % j[k] for k in ("avg", "vMeasure", "fScore", "ari", "clustersPerLemma")] + ["%.4f" % j["weighted"]["avg"]]))
' "$corpus" "$init" "$senses" "$seed" | tee -a "$results"
      done
    done
  done
done
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    corpus, init, senses, seed, avg, v, f, ari, k, wavg = line.rstrip("\n").split("\t")
    rows[(corpus, init, senses)].append(tuple(map(float, (avg, v, f, ari, k, wavg))))
print("\nvectors\tinit\tsenses\tAVG median (runs)\tV\tF\tARI\tclusters/lemma\tweighted AVG")
for (corpus, init, senses), r in rows.items():
    med = lambda i: statistics.median(x[i] for x in r)
    print(f"{corpus}\t{init}\t{senses}\t{100*med(0):.1f} ({', '.join('%.1f' % (100*x[0]) for x in r)})\t"
          f"{100*med(1):.1f}\t{100*med(2):.1f}\t{med(3):.3f}\t{med(4):.2f}\t{100*med(5):.1f}")
PY
