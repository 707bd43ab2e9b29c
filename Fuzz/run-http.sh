#!/usr/bin/env bash
# Builds the explorer's raw-HTTP fuzz target (Fuzz/ExplorerHTTP: the server's channel pipeline and router on an
# EmbeddedChannel) through SwiftPM with libFuzzer and AddressSanitizer, every module instrumented (Swift and C,
# NIO's HTTP parser included), in its own build folder .build-fuzz, and runs it for SECONDS (default 60).
# Usage: Fuzz/run-http.sh [SECONDS] [libFuzzer option…]
# Crashes are written to Fuzz/out/ExplorerHTTP/ (ignored by git); the script exits non-zero if one was found.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
out="Fuzz/out/ExplorerHTTP"; mkdir -p "$out/corpus"
cp -n Fuzz/seeds/ExplorerHTTP/* "$out/corpus/" 2>/dev/null
flags=(-c release --scratch-path .build-fuzz --product FuzzExplorerHTTP
       -Xswiftc -enable-testing -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
echo "== ExplorerHTTP: building"
if ! SENSEVEC_FUZZ=1 swift build "${flags[@]}" > "$out/build.log" 2>&1; then
  echo "   build failed (see $out/build.log)"; exit 1
fi
bin="$(SENSEVEC_FUZZ=1 swift build "${flags[@]}" --show-bin-path)/FuzzExplorerHTTP"
echo "== ExplorerHTTP: fuzzing for ${seconds}s"
if "$bin" -max_total_time="$seconds" -artifact_prefix="$out/" "$@" "$out/corpus" > "$out/run.log" 2>&1; then
  echo "   $(grep -E '^Done' "$out/run.log" | tail -1)"
else
  echo "   CRASH: see $out/run.log and $out/crash-*"; exit 1
fi
