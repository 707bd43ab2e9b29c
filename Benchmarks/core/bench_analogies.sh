#!/usr/bin/env bash
# Batch analogies: the 19,544 Google analogy questions answered with `sensevec analogy VECTORS --batch` (3CosAdd,
# answers among the first 30,000 rows) vs gensim's evaluate_word_analogies (restrict_vocab=30000) on the same
# file of vectors: random 30,000 × DIM vectors whose vocabulary holds every question word (a timing run, not a
# quality run). Needs ../shared/data/eval/analogy/questions-words.txt.
# Usage: Benchmarks/core/bench_analogies.sh [DIM]
source "$(dirname "$0")/common.sh"
need_data "$DATA/eval/analogy/questions-words.txt"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$PY" "$ROOT/Benchmarks/core/measure.py" analogies "$SENSEVEC" "$WORK" "$DATA/eval/analogy/questions-words.txt" "${1:-300}"
