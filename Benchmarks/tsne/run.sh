#!/usr/bin/env bash
# t-SNE benchmark: SenseVec vs openTSNE (FFT) vs scikit-learn on the same data, same run.
# Usage: Benchmarks/tsne/run.sh [--skip-fashion] [--fashion-rows N] [--sklearn-fashion]
# Needs ../shared/data/tsne (not part of a fresh clone). Uses the Python venv at
# ${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}, creating it (pip install openTSNE scikit-learn psutil) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
DATA="${SENSEVEC_DATA:-$ROOT/../shared/data}"
if [ ! -d "$DATA/tsne" ]; then
  echo "error: benchmark data not found at $DATA/tsne (set SENSEVEC_DATA or put the shared data folder beside the project)" >&2
  exit 2
fi
VENV="${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating Python venv $VENV (openTSNE, scikit-learn, psutil)…" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet openTSNE scikit-learn psutil numpy
fi
if [ -z "${SENSEVEC_BIN:-}" ]; then
  SENSEVEC_NO_EXPLORER=1 swift build -c release --product sensevec >&2
  SENSEVEC_BIN="$ROOT/.build/release/sensevec"
fi
exec "$VENV/bin/python" "$ROOT/Benchmarks/tsne/tsne_bench.py" --data "$DATA/tsne" --sensevec "$SENSEVEC_BIN" "$@"
