#!/usr/bin/env bash
# Vocabulary pass: `sensevec vocab` vs gensim's Word2Vec.build_vocab on the decompressed gutenberg-19m corpus
# (broken into lines of 1000 words, as word2vec reads it and as gensim needs it). Reports CPU time
# (user+sys of each child process), wall time and peak RSS, and the ratio gensim/sensevec.
# Usage: Benchmarks/core/bench_vocab.sh [MIN_COUNT]
source "$(dirname "$0")/common.sh"
MIN_COUNT="${1:-5}"
need_data "$DATA/corpus/gutenberg-19m.txt.gz"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
echo "decompressing into $WORK (lines of 1000 words)" >&2
zcat "$DATA/corpus/gutenberg-19m.txt.gz" | tr ' ' '\n' | paste -d' ' $(printf -- '- %.0s' $(seq 1000)) > "$WORK/g19.txt"
"$PY" "$ROOT/Benchmarks/core/measure.py" vocab "$SENSEVEC" "$WORK/g19.txt" "$MIN_COUNT"
