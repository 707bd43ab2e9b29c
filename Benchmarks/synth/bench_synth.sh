#!/usr/bin/env bash
# The synthetic corpus: generation speed (CPU time, release build) and a quality check of its planted
# analogies with a peer trainer (gensim skip-gram, negative sampling), plus nearest neighbours of the homographs.
# Needs no shared data (the corpus is generated). Usage: Benchmarks/synth/bench_synth.sh [SPEED_TOKENS] [CHECK_TOKENS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${SENSEVEC_PEERS_VENV:-$ROOT/Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    echo "creating the peers' virtual environment in $VENV (gensim)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet gensim numpy
fi
SENSEVEC="${SENSEVEC_BIN:-$ROOT/.build/release/sensevec}"
if [ ! -x "$SENSEVEC" ]; then
    echo "building sensevec (release)" >&2
    (cd "$ROOT" && SENSEVEC_NO_EXPLORER=1 swift build -c release --product sensevec >&2)
fi
SPEED_TOKENS="${1:-10000000}"
CHECK_TOKENS="${2:-300000}"
# Write to memory when possible: a disk's fsync would dominate the wall time.
BASE="${TMPDIR:-/tmp}"; [ -d /dev/shm ] && [ -w /dev/shm ] && BASE=/dev/shm
WORK="$(mktemp -d "$BASE/sensevec-synth.XXXXXX")"; trap 'rm -rf "$WORK"' EXIT

echo "== generation speed: $SPEED_TOKENS tokens (CPU time is the number to compare; wall time includes I/O)"
"$SENSEVEC" corpus synth --tokens "$SPEED_TOKENS" --seed 1 --out "$WORK/speed" --quiet
rm -rf "$WORK/speed"

echo "== planted analogies: gensim skip-gram on $CHECK_TOKENS tokens"
"$SENSEVEC" corpus synth --tokens "$CHECK_TOKENS" --seed 1 --out "$WORK/check" --quiet > /dev/null
"$VENV/bin/python" "$ROOT/Benchmarks/synth/synth_check.py" "$WORK/check" --dim 50 --epochs 5 --window 5 2>&1 | grep -v Warning
