#!/usr/bin/env bash
# Format compatibility with gensim, both ways: files written by gensim's save_word2vec_format (binary and text)
# are read by `sensevec convert`, and files written by sensevec are read by gensim's load_word2vec_format;
# words and Float32 bits must match exactly. Exits non-zero on any mismatch. Needs no shared data.
source "$(dirname "$0")/common.sh"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$PY" "$ROOT/Benchmarks/core/measure.py" compat "$SENSEVEC" "$WORK"
