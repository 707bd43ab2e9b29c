#!/usr/bin/env bash
# Multi-sense benchmarks on the real data (../shared/data beside the project root); see docs/senses.md.
# Usage: Benchmarks/senses/run.sh [MB of gutenberg-19m to use, default 20]
# Runs: pseudo-words (20 pairs), throughput and peak RSS at T=30 vs T=1 (the same loop with one sense =
# hierarchical-softmax skip-gram), the list of words that get several senses, and SemEval-2010 WSI through
# `sensevec eval wsi`. No Python peer is needed (AdaGram has no maintained PyPI package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/../shared/data"
corpus_gz="$data/corpus/gutenberg-19m.txt.gz"
if [ ! -f "$corpus_gz" ]; then
  echo "missing $corpus_gz: the real data lives in ../shared/data beside the project root (not in a fresh clone)" >&2
  exit 1
fi
mb="${1:-20}"
work="${TMPDIR:-/tmp}/sensevec-senses-bench"
mkdir -p "$work"
prefix="$work/gutenberg-${mb}mb.txt"
[ -f "$prefix" ] || zcat "$corpus_gz" | head -c "$((mb * 1000000))" > "$prefix"
(cd "$here" && SENSEVEC_NO_EXPLORER=1 swift build -c release >&2)
bench="$here/.build/release/SensesBench"
echo "== pseudo-words, 20 pairs, T=30, alpha default, 2 threads, 3 epochs"
"$bench" pseudowords "$prefix" threads=2 epochs=3
echo "== throughput and peak RSS, T=30 (saves the model)"
"$bench" senses "$prefix" threads=2 senses=30 model="$work/senses.model"
echo "== the SkipGram module's hierarchical-softmax trainer at the same settings (the reference)"
"$bench" skipgram "$prefix" threads=2
echo "== throughput and peak RSS, T=1 (single-sense hierarchical softmax, same loop)"
"$bench" throughput "$prefix" threads=2 senses=1
(cd "$root" && SENSEVEC_NO_EXPLORER=1 swift build -c release >&2)
cli="$root/.build/release/sensevec"
for w in bank spring match ball fair light seal pitch bow; do
  "$cli" senses "$work/senses.model" "$w" -k 8 || true
done
wsi="$data/eval/wsi/semeval-2010"
if [ -d "$wsi" ]; then
  echo "== SemEval-2010 WSI"
  "$cli" eval wsi "$work/senses.model" "$wsi/dataset.txt" "$wsi/key.txt" || echo "(sensevec eval wsi failed)"
fi
