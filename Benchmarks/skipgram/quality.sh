#!/usr/bin/env bash
# One sensevec training run at the issue's settings on a corpus file, then its three quality scores.
# Usage: Benchmarks/skipgram/quality.sh CORPUS NAME [extra sensevec train options, e.g. --hs --seed 2 --update classic]
# Appends "NAME cpu=USER+SYS analogy=… ws=… simlex=…" to Benchmarks/out/quality.log. sensevec's evaluator gives the
# same numbers as gensim's (30k most frequent words for analogies, case-insensitive).
set -euo pipefail
cd "$(dirname "$0")/../.."
D=../shared/data/eval
[ -d "$D" ] || { echo "missing $D (../shared/data): this script needs the project's shared data folder" >&2; exit 1; }
corpus=$1; name=$2; shift 2
S=${SENSEVEC:-.build/release/sensevec}
out=Benchmarks/out/quality; mkdir -p "$out"
/usr/bin/time -f "%U+%S" -o "$out/$name.time" $S train "$corpus" --output "$out/$name.bin" --dim 100 --window 5 \
  --negative 5 --sample 1e-4 --min-count 5 --epochs 5 --threads 2 --quiet "$@"
a=$($S eval analogy "$out/$name.bin" "$D/analogy/questions-words.txt" | grep total | awk '{print $NF}')
w=$($S eval similarity "$out/$name.bin" "$D/similarity/wordsim353.tsv" | tail -1 | awk '{print $3}')
s=$($S eval similarity "$out/$name.bin" "$D/similarity/simlex999.txt" | tail -1 | awk '{print $3}')
echo "$name cpu=$(cat "$out/$name.time") analogy=$a ws=$w simlex=$s args=$* load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a Benchmarks/out/quality.log
