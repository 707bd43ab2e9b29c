#!/usr/bin/env bash
# Load benchmark of `sensevec serve` (issue 7): neighbour queries (k = 10) against a random 100k-word × 300-dim
# model on loopback, with wrk (Debian package `wrk`) as the client.
#
#   Benchmarks/explorer/run.sh [WORDS] [DIM] [SECONDS]      (defaults 100000 300 60)
#   SHORT_SECONDS=20 sets the length of scenarios 1 and 2; SENSEVEC_BIN=path uses that binary instead of a release build.
#
# Scenarios (each prints wrk's requests/s and latency percentiles):
#   1. one word, repeated      — every request after the first is answered from the response cache;
#   2. random words            — almost every request misses the cache and scans the whole matrix (exact search);
#   3. memory                  — scenario 1's load for SECONDS seconds while the server's RSS is sampled every 5 s.
# The server and wrk share this machine's cores; numbers are only comparable within one run.
# Needs: wrk, python3 (to write the random model; no third-party package), a release build of sensevec with the
# explorer (this script builds it). The real data in ../shared/data is not needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORDS=${1:-100000}
DIM=${2:-300}
SECONDS_LONG=${3:-60}
OUT=Benchmarks/out/explorer
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

MODEL="$OUT/random-${WORDS}x${DIM}.bin"
if [ ! -f "$MODEL" ]; then
  echo "writing $MODEL …" >&2
  python3 Benchmarks/explorer/make_model.py "$MODEL" "$WORDS" "$DIM"
fi

if [ -n "${SENSEVEC_BIN:-}" ]; then
  BIN=$SENSEVEC_BIN   # e.g. a debug binary for a smoke run of this script (its numbers mean nothing)
else
  swift build -c release --product sensevec >&2
  BIN=$(swift build -c release --show-bin-path)/sensevec
fi
SHORT=${SHORT_SECONDS:-20}

LOG="$OUT/serve.log"
"$BIN" serve "$MODEL" --port 0 --map-size 0 --quiet > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "http://" "$LOG" && break
  kill -0 $PID 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.1
done
URL=$(grep -o "http://[^ ]*" "$LOG" | head -1)
URL=${URL%/}
echo "server: $URL (pid $PID), model $WORDS × $DIM, RSS after load: $(ps -o rss= -p $PID) KiB"

rss() { ps -o rss= -p $PID | tr -d ' '; }
cpu() { ps -o times= -p $PID | tr -d ' '; }

echo "== 1. one word repeated (cache hits), 2 threads × 32 connections, ${SHORT} s"
wrk -t2 -c32 -d${SHORT}s --latency "$URL/api/neighbors?word=w123&k=10" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"

echo "== 2. random words (cache misses: full exact scan per request), 2 threads × 8 connections, ${SHORT} s"
WORDS=$WORDS wrk -t2 -c8 -d${SHORT}s --latency -s Benchmarks/explorer/random-words.lua "$URL" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"

echo "== 3. memory over ${SECONDS_LONG} s of scenario 1 (RSS in KiB every 5 s)"
wrk -t2 -c32 -d${SECONDS_LONG}s --latency "$URL/api/neighbors?word=w7&k=10" > "$OUT/wrk-long.txt" &
WRK=$!
samples=""
while kill -0 $WRK 2>/dev/null; do samples="$samples $(rss)"; sleep 5; done
wait $WRK || true
grep -E "Requests/sec|Latency|50%|99%" "$OUT/wrk-long.txt"
echo "RSS samples:$samples"
echo "server CPU time (user+sys): $(cpu)"
