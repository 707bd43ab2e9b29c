#!/usr/bin/env bash
# Subword benchmark: sensevec train --subwords vs fastText skipgram (PyPI) with the same minn/maxn/buckets/threads/dim/epochs
# on the same Gutenberg text. Prints words/s ratios (median of paired, alternating runs), peak memory, and quality
# (Google analogy semantic/syntactic, WS-353, SimLex-999, and all pairs of WS-353/SimLex with models trained at
# --min-count 100, out-of-vocabulary words scored from their n-grams).
# Usage: Benchmarks/subword/run.sh [--bytes N] [--runs R] [--epochs E] [--threads T] [--buckets B] [--lr A] [--cbow] [--skip-oov]
# Needs ../shared/data beside the project root and a release build (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${SENSEVEC_DATA:-../shared/data}"
if [ ! -f "$DATA/corpus/gutenberg-19m.txt.gz" ]; then
  echo "error: $DATA/corpus/gutenberg-19m.txt.gz is missing: this benchmark needs the project's shared data folder" >&2
  exit 1
fi
VENV="${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV (fasttext-numpy2, numpy, scipy)" >&2
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import fasttext, numpy, scipy" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet fasttext-numpy2 numpy scipy
fi
if [ ! -x .build/release/sensevec ]; then
  SENSEVEC_NO_EXPLORER=1 swift build -c release >&2
fi
exec "$VENV/bin/python" Benchmarks/subword/bench.py --data "$DATA" --sensevec .build/release/sensevec "$@"
