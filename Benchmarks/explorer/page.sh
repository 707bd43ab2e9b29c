#!/usr/bin/env bash
# How long the page takes to draw a big map: serves the random benchmark model with a PCA map of N points
# (default 50,000), loads the page in headless Chromium, searches a word, and prints the canvas's last frame time
# (the page writes it to data-draw-ms) plus a screenshot path. Software rendering in a headless browser is slower
# than a desktop browser with a GPU, so this is an upper bound.
#
#   Benchmarks/explorer/page.sh [POINTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
POINTS=${1:-50000}
OUT=Benchmarks/out/explorer
MODEL="$OUT/random-100000x300.bin"
mkdir -p "$OUT"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }
[ -f "$MODEL" ] || python3 Benchmarks/explorer/make_model.py "$MODEL" 100000 300
swift build -c release --product sensevec >&2
BIN=$(swift build -c release --show-bin-path)/sensevec
LOG="$OUT/page-serve.log"
"$BIN" serve "$MODEL" --port 0 --map-size "$POINTS" --map-method pca --quiet > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "http://" "$LOG" && break; sleep 0.1; done
URL=$(grep -o "http://[^ ]*" "$LOG" | head -1); URL=${URL%/}
for _ in $(seq 1 600); do curl -sf "$URL/api/map" -o /dev/null && break; sleep 0.5; done
FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
       --user-data-dir="$OUT/chromium-profile" --virtual-time-budget=20000 --window-size=1280,800)
chromium "${FLAGS[@]}" --dump-dom "$URL/?q=w42" 2>/dev/null | grep -oE 'data-draw-ms="[0-9.]+"|data-points="[0-9]+"' | sort -u
chromium "${FLAGS[@]}" --screenshot="$OUT/page-${POINTS}.png" "$URL/?q=w42" 2>/dev/null
echo "screenshot: $OUT/page-${POINTS}.png"
