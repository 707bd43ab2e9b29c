#!/usr/bin/env bash
# Paired training time of topical senses (`train --senses 5`, the default model) against single-sense skip-gram
# with hierarchical softmax (`train --hs`), both from the text of the whole gutenberg-19m, 5 epochs, 2 threads,
# otherwise defaults: the senses issue's speed measure. Runs alternate (HS, senses, HS, senses, …); prints each
# run's wall time and peak RSS, each pair's speed ratio (HS time / senses time: the senses' words/s as a fraction of
# HS's) and their median. The machine should be otherwise idle; the load at each start is printed.
# Usage: Benchmarks/senses/speed-senses.sh [pairs, default 3] [-- extra flags for the sense run]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${SENSEVEC_DATA:-$root/../shared/data}"
corpus_gz="$data/corpus/gutenberg-19m.txt.gz"
[ -f "$corpus_gz" ] || { echo "missing $corpus_gz: the real data lives in ../shared/data beside the project root (or SENSEVEC_DATA)" >&2; exit 2; }
pairs="${1:-3}"
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "speed-senses.sh: pairs must be a positive number, got '$pairs'" >&2; exit 2; }
shift || true
[[ $# -gt 0 && $1 == "--" ]] && shift
extra=("$@")
work="${TMPDIR:-/tmp}/sensevec-speed-senses"
mkdir -p "$work"
cli="${SENSEVEC_BIN:-$root/.build/release/sensevec}"
[ -x "$cli" ] || (cd "$root" && SENSEVEC_NO_EXPLORER=1 swift build -c release --product sensevec >&2)
text="$work/gutenberg.txt"
[ -f "$text" ] || zcat "$corpus_gz" > "$text"
ratios=()
for i in $(seq 1 "$pairs"); do
  echo "pair $i: load $(cut -d' ' -f1-3 /proc/loadavg)"
  hs=$( { /usr/bin/time -f "%e %M" "$cli" train "$text" --output "$work/hs.bin" --hs --epochs 5 --threads 2 --seed "$i" --quiet >/dev/null; } 2>&1 | tail -1)
  echo "  hs:     ${hs%% *} s, $(( ${hs##* } / 1024 )) MB"
  echo "  load $(cut -d' ' -f1-3 /proc/loadavg)"
  ts=$( { /usr/bin/time -f "%e %M" "$cli" train "$text" --senses 5 --model "$work/t.senses" --epochs 5 --threads 2 --seed "$i" --quiet "${extra[@]}" >/dev/null; } 2>&1 | tail -1)
  echo "  senses: ${ts%% *} s, $(( ${ts##* } / 1024 )) MB"
  r=$(python3 -c "print(f'{${hs%% *} / ${ts%% *}:.3f}')")
  echo "  ratio (HS time / senses time): $r"
  ratios+=("$r")
done
python3 -c "import statistics, sys; r = list(map(float, sys.argv[1:])); print(f'median ratio over {len(r)} pairs: {statistics.median(r):.3f}')" "${ratios[@]}"
