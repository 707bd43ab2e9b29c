#!/usr/bin/env bash
# Builds each fuzz target with libFuzzer + AddressSanitizer and runs it for SECONDS (default 60) each.
# Usage: Fuzz/run.sh [SECONDS] [TARGET…]    Targets: the Fuzz/Fuzz*.swift files without "Fuzz" and ".swift".
# Crashes are written to Fuzz/out/TARGET/ (ignored by git); the script exits non-zero if any target crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in Fuzz/Fuzz*.swift; do n=$(basename "$f" .swift); targets+=("${n#Fuzz}"); done
fi
status=0
for t in "${targets[@]}"; do
  src="Fuzz/Fuzz$t.swift"
  deps=$(sed -n 's|^// fuzz-sources: ||p' "$src")
  [ -n "$deps" ] || deps="Sources/SenseVecCore/*.swift"
  out="Fuzz/out/$t"; mkdir -p "$out/corpus"
  [ -d "Fuzz/seeds/$t" ] && cp -n Fuzz/seeds/$t/* "$out/corpus/" 2>/dev/null
  echo "== $t: building"
  # The library modules a target needs are compiled into one module together with the harness, so their
  # imports of each other are dropped from copies of the sources.
  rm -rf "$out/src"; mkdir -p "$out/src"
  # shellcheck disable=SC2086
  for f in $deps "$src"; do
    m=$(basename "$(dirname "$f")")
    sed -E '/^(@testable )?import (SenseVecCore|Senses|SkipGram|Evaluation|Projection|Plot|SyntheticCorpus)$/d' "$f" > "$out/src/${m}_$(basename "$f")"
  done
  if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz$t" -o "$out/fuzzer" \
        "$out"/src/*.swift -I Sources/CZlib -lz 2> "$out/build.log"; then
    echo "   build failed (see $out/build.log)"; status=1; continue
  fi
  echo "== $t: fuzzing for ${seconds}s"
  if "$out/fuzzer" -max_total_time="$seconds" -artifact_prefix="$out/" "$out/corpus" > "$out/run.log" 2>&1; then
    echo "   $(grep -E '^Done' "$out/run.log" | tail -1)"
  else
    echo "   CRASH: see $out/run.log and $out/crash-*"; status=1
  fi
done
exit $status
