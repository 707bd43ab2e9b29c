#!/usr/bin/env bash
# Frame times of the page's canvas map with a big map: serves the random benchmark model with a PCA map of N
# points (default 50,000), opens the page in headless Chromium driven over the DevTools protocol
# (frames.py, Python standard library only), and runs the page's explorerBenchmark(): FRAMES animation frames
# each of pan, wheel zoom and hover, timing the drawing of every frame, then ten full redraws of the point layer
# (what a settled zoom or a new highlight costs). Prints one JSON object and writes a screenshot.
# Headless Chromium renders in software on the CPU (no GPU), sharing the cores with the server: an upper bound
# for a desktop browser.
#
#   Benchmarks/explorer/page.sh [POINTS] [FRAMES]       (SENSEVEC_BIN=path uses that binary instead of a release build;
#                                                        MODEL=path serves that model instead of the random 100k one)
set -euo pipefail
cd "$(dirname "$0")/../.."
POINTS=${1:-50000}
FRAMES=${2:-120}
OUT=Benchmarks/out/explorer
MODEL=${MODEL:-$OUT/random-100000x300.bin}
mkdir -p "$OUT"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }
[ -f "$MODEL" ] || python3 Benchmarks/explorer/make_model.py "$MODEL" 100000 300
if [ -n "${SENSEVEC_BIN:-}" ]; then
  BIN=$SENSEVEC_BIN
else
  swift build -c release --product sensevec >&2
  BIN=$(swift build -c release --show-bin-path)/sensevec
fi
LOG="$OUT/page-serve.log"
"$BIN" serve "$MODEL" --port 0 --map-size "$POINTS" --map-method pca --neighbor-index scan --quiet > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "http://" "$LOG" && break; sleep 0.1; done
URL=$(grep -o "http://[^ ]*" "$LOG" | head -1); URL=${URL%/}
for _ in $(seq 1 600); do curl -sf "$URL/api/map" -o /dev/null && break; sleep 0.5; done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 Benchmarks/explorer/frames.py "$URL/?q=w42" --frames "$FRAMES" --screenshot "$OUT/page-${POINTS}.png"
