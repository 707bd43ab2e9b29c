# Shared set-up for the core benchmarks (sourced). Finds the data, the peers' venv and a release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${SENSEVEC_DATA:-$ROOT/../shared/data}"
VENV="${SENSEVEC_PEERS_VENV:-$ROOT/Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    echo "creating the peers' virtual environment in $VENV (gensim, numpy, psutil)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet gensim numpy psutil
fi
PY="$VENV/bin/python"
SENSEVEC="${SENSEVEC_BIN:-$ROOT/.build/release/sensevec}"
if [ ! -x "$SENSEVEC" ]; then
    echo "building sensevec (release)" >&2
    (cd "$ROOT" && SENSEVEC_NO_EXPLORER=1 swift build -c release >&2)
fi
need_data() {
    if [ ! -e "$1" ]; then
        echo "error: $1 is missing. These benchmarks need the shared data folder at ../shared/data beside the" >&2
        echo "project (or SENSEVEC_DATA=/path/to/data); it is not part of the repository." >&2
        exit 2
    fi
}
