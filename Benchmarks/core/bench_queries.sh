#!/usr/bin/env bash
# Queries: load a 100k × 300 word2vec binary file of random vectors and answer 1,000 top-10 neighbour queries,
# `sensevec neighbors` (queries on stdin) vs gensim's KeyedVectors.most_similar. Reports load time and time per
# query (CPU time of the process and wall time). Needs no shared data.
source "$(dirname "$0")/common.sh"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$PY" "$ROOT/Benchmarks/core/measure.py" queries "$SENSEVEC" "$WORK" "${1:-100000}" "${2:-300}" "${3:-1000}"
