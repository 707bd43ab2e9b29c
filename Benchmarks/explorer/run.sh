#!/usr/bin/env bash
# Load benchmark of `sensevec serve` (issue 7): neighbour queries (k = 10) against a random 100k-word × 300-dim
# model on loopback, with wrk (Debian package `wrk`) as the client.
#
#   Benchmarks/explorer/run.sh [WORDS] [DIM] [SECONDS]      (defaults 100000 300 60)
#   SHORT_SECONDS=20 sets the length of the short scenarios; SENSEVEC_BIN=path uses that binary instead of a
#   release build; TABLE_K=100 the server's --neighbor-table; INDEX=table|ivf the neighbour index of part B
#   (default table); CLUSTERS=C writes a "random but clustered" model (make_model.py) instead of an unstructured
#   one; SKIP_SCANS=1 skips part A; PAGE=1 first runs part U.
#
#   U. time to a usable page: `serve MODEL` with its default map (t-SNE of the 5,000 most frequent words), the
#      time until /healthz answers, until /api/map gives the points, and until the page itself is served, with
#      the server's RSS at that moment; a first start (no map cache) and a second (the map and index caches).
# Scenarios (each prints wrk's requests/s and latency percentiles):
#   A. server with --neighbor-table 0 (every uncached query is an exact scan, micro-batched):
#      A1. one word repeated (response cache), 2 threads × 32 connections;
#      A2. random words, 2 threads × 8 connections and 2 × 64 connections (batching needs concurrent queries);
#   B. server with the exact top-K neighbour table (default K = 100): the time to compute it on the first start
#      (and to read it back from its cache file on a second start), then
#      B1. random words, 2 threads × 32 connections, for SECONDS with the server's RSS sampled every 5 s.
# The server and wrk share this machine's cores; numbers are only comparable within one run. The load average
# is printed before each scenario.
# Needs: wrk, python3 (to write the random model; no third-party package), curl, a release build of sensevec with
# the explorer (this script builds it). The real data in ../shared/data is not needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORDS=${1:-100000}
DIM=${2:-300}
SECONDS_LONG=${3:-60}
SHORT=${SHORT_SECONDS:-20}
TABLE_K=${TABLE_K:-100}
OUT=Benchmarks/out/explorer
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

INDEX=${INDEX:-table}
CLUSTERS=${CLUSTERS:-0}
if [ "$CLUSTERS" -gt 0 ]; then MODEL="$OUT/clustered-${WORDS}x${DIM}.bin"; else MODEL="$OUT/random-${WORDS}x${DIM}.bin"; fi
if [ ! -f "$MODEL" ]; then
  echo "writing $MODEL …" >&2
  python3 Benchmarks/explorer/make_model.py "$MODEL" "$WORDS" "$DIM" "$CLUSTERS"
fi
if [ -n "${SENSEVEC_BIN:-}" ]; then
  BIN=$SENSEVEC_BIN   # e.g. a debug binary for a smoke run of this script (its numbers mean nothing)
else
  swift build -c release --product sensevec >&2
  BIN=$(swift build -c release --show-bin-path)/sensevec
fi

PID=""
LOG="$OUT/serve.log"
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi; }
trap stop EXIT
# start ARGS…: starts the server on a free port (no map unless ARGS ask for one), sets PID and URL.
start() {
  "$BIN" serve "$MODEL" --port 0 --map-size 0 "$@" > "$LOG" 2> "$LOG.err" &
  PID=$!
  for _ in $(seq 1 600); do
    grep -q "http://" "$LOG" && break
    kill -0 $PID 2>/dev/null || { cat "$LOG" "$LOG.err" >&2; exit 1; }
    sleep 0.1
  done
  URL=$(grep -o "http://[^ ]*" "$LOG" | head -1)
  URL=${URL%/}
}
rss() { ps -o rss= -p $PID | tr -d ' '; }
cpu() { ps -o times= -p $PID | tr -d ' '; }
load() { echo "   (load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
summary() { grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket"; }

since() { echo "$(date +%s.%N) - $1" | bc; }
if [ -n "${PAGE:-}" ]; then
  echo "== U. time to a usable page: serve $MODEL (default map: t-SNE of 5,000 words; --neighbor-index $INDEX)"
  rm -f "$MODEL".map-*.tsv "$MODEL".neighbors-*.bin "$MODEL".ivf-*.bin
  for RUN in first second; do
    load
    T0=$(date +%s.%N)
    start --map-size 5000 --neighbor-index "$INDEX"
    until curl -sf "$URL/healthz" > /dev/null; do sleep 0.1; done
    echo "   $RUN start: /healthz answers after $(since $T0) s"
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/map")" = 200 ]; do
      kill -0 $PID 2>/dev/null || { cat "$LOG.err" >&2; exit 1; }
      sleep 0.2
    done
    echo "   $RUN start: /api/map gives the points after $(since $T0) s"
    curl -sf "$URL/" > /dev/null && curl -sf "$URL/app.js" > /dev/null
    echo "   $RUN start: page served after $(since $T0) s (server CPU $(cpu), RSS $(rss) KiB); neighbours: $(curl -s "$URL/healthz" | grep -o '"neighbors":"[^"]*"')"
    # Let the first start finish and cache its neighbour index too, so the second start reads both caches.
    for _ in $(seq 1 1200); do curl -s "$URL/healthz" | grep -q '"neighbors":"\(scan\|[a-z]* ready\)' && break; sleep 0.5; done
    for _ in $(seq 1 600); do grep -aq "cached the \|could not write the \|read the \|neighbors\":\"scan" "$LOG.err" && break; [ "$INDEX" = scan ] && break; sleep 0.5; done
    stop
  done
fi

if [ -z "${SKIP_SCANS:-}" ]; then
echo "== A. exact scans only (--neighbor-index scan), model $WORDS × $DIM"
T0=$(date +%s.%N)
start --neighbor-index scan --quiet
echo "server: $URL (pid $PID), listening after $(echo "$(date +%s.%N) - $T0" | bc) s, RSS $(rss) KiB"
echo "== A1. one word repeated (cache hits), 2 threads × 32 connections, ${SHORT} s"; load
wrk -t2 -c32 -d${SHORT}s --latency "$URL/api/neighbors?word=w123&k=10" | summary
for C in 8 64; do
  echo "== A2. random words (batched exact scans), 2 threads × $C connections, ${SHORT} s"; load
  WORDS=$WORDS wrk -t2 -c$C -d${SHORT}s --latency -s Benchmarks/explorer/random-words.lua "$URL" | summary
done
echo "   server CPU time so far (user+sys): $(cpu), RSS $(rss) KiB"
stop
fi

echo "== B. neighbour index: $INDEX (exact top-$TABLE_K table, or the inverted file)"
rm -f "$MODEL".neighbors-*.bin "$MODEL".ivf-*.bin
for RUN in first second; do
  T0=$(date +%s.%N)
  start --neighbor-table "$TABLE_K" --neighbor-index "$INDEX"
  until curl -s "$URL/healthz" | grep -q '"neighbors":"[a-z]* ready'; do
    kill -0 $PID 2>/dev/null || { cat "$LOG.err" >&2; exit 1; }
    sleep 0.5
  done
  echo "   $RUN start: index ready after $(since $T0) s (server CPU $(cpu) s, RSS $(rss) KiB); $(curl -s "$URL/healthz" | grep -o '"neighbors":"[^"]*"')"; load
  # The index is written to its cache file after it is ready: wait for that before stopping the server.
  for _ in $(seq 1 600); do grep -aq "cached the \|could not write the \|read the " "$LOG.err" && break; sleep 0.5; done
  [ "$RUN" = second ] || stop
done
tr '\r' '\n' < "$LOG.err" | grep -a -o '\(top-[0-9]* table\|inverted-file index of\|read the \).*' | tail -1 || true
ls -l "$MODEL".neighbors-*.bin "$MODEL".ivf-*.bin 2>/dev/null | awk '{print "   index file: " $5 " bytes"}' || true
echo "== B1. random words from the index, 2 threads × 32 connections, ${SECONDS_LONG} s, RSS (KiB) every 5 s"; load
WORDS=$WORDS wrk -t2 -c32 -d${SECONDS_LONG}s --latency -s Benchmarks/explorer/random-words.lua "$URL" > "$OUT/wrk-long.txt" &
WRK=$!
samples=""
while kill -0 $WRK 2>/dev/null; do samples="$samples $(rss)"; sleep 5; done
wait $WRK || true
summary < "$OUT/wrk-long.txt"
echo "RSS samples:$samples"
echo "server CPU time (user+sys): $(cpu)"; load
