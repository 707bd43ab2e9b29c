#!/usr/bin/env bash
# Skip-gram benchmark: sensevec vs gensim Word2Vec vs fastText (maxn=0) on the same Gutenberg text, same settings.
# Usage: Benchmarks/skipgram/run.sh [--bytes N] [--epochs E] [--threads T] [--layers ns,hs]
# Needs ../shared/data (beside the project root) and a release build (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data
if [ ! -f "$DATA/corpus/gutenberg-19m.txt.gz" ]; then
  echo "error: $DATA/corpus/gutenberg-19m.txt.gz is missing: this benchmark needs the project's shared data folder" >&2
  exit 1
fi
VENV="${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV (gensim, fasttext-numpy2, psutil)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet gensim fasttext-numpy2 psutil
fi
if [ ! -x .build/release/sensevec ]; then
  SENSEVEC_NO_EXPLORER=1 swift build -c release >&2
fi
exec "$VENV/bin/python" Benchmarks/skipgram/bench.py --data "$DATA" --sensevec .build/release/sensevec "$@"
