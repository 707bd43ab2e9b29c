#!/usr/bin/env bash
# Skip-gram at matched settings on a prefix of the Gutenberg corpus: sensevec vs gensim, NS and HS, 2 threads.
# Usage: Benchmarks/skipgram/matched_prefix.sh [BYTES=20000000] [EPOCHS=5]
# Prints wall/CPU time, peak RSS and WS-353 / SimLex-999 / Google analogy (30k) for both, evaluated by each tool.
set -euo pipefail
cd "$(dirname "$0")/../.."
bytes="${1:-20000000}"; epochs="${2:-5}"
data=../shared/data
[ -f "$data/corpus/gutenberg-19m.txt.gz" ] || { echo "missing $data/corpus/gutenberg-19m.txt.gz (../shared/data)"; exit 1; }
venv="${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}"
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q gensim; }
out=Benchmarks/out/matched; mkdir -p "$out"
zcat "$data/corpus/gutenberg-19m.txt.gz" | head -c "$bytes" > "$out/prefix.txt"
tr ' ' '\n' < "$out/prefix.txt" | paste -d' ' $(printf -- '- %.0s' $(seq 1000)) > "$out/prefix.lines"
swift build -c release --product sensevec >/dev/null
S=.build/release/sensevec
for layer in ns hs; do
  flag=""; [ "$layer" = hs ] && flag="--hs"
  /usr/bin/time -f "sensevec-$layer: %e s wall, %U+%S s CPU, %M KB peak" \
    $S train "$out/prefix.txt" --output "$out/$layer.bin" $flag --dim 100 --window 5 --negative 5 --sample 1e-4 \
      --min-count 5 --epochs "$epochs" --threads 2 --quiet
  $S eval similarity "$out/$layer.bin" "$data/eval/similarity/wordsim353.tsv" | tail -1
  $S eval similarity "$out/$layer.bin" "$data/eval/similarity/simlex999.txt" | tail -1
  $S eval analogy "$out/$layer.bin" "$data/eval/analogy/questions-words.txt" | grep total
  hs=0; neg=5; [ "$layer" = hs ] && { hs=1; neg=0; }
  /usr/bin/time -f "gensim-$layer: %e s wall, %U+%S s CPU, %M KB peak" "$venv/bin/python" - <<PY
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
m = Word2Vec(LineSentence('$out/prefix.lines'), sg=1, hs=$hs, negative=$neg, vector_size=100, window=5,
             sample=1e-4, min_count=5, epochs=$epochs, workers=2, seed=1)
kv = m.wv
print('gensim ws353', kv.evaluate_word_pairs('$data/eval/similarity/wordsim353.tsv')[1].statistic)
print('gensim simlex', kv.evaluate_word_pairs('$data/eval/similarity/simlex999.txt')[1].statistic)
print('gensim analogy', kv.evaluate_word_analogies('$data/eval/analogy/questions-words.txt', restrict_vocab=30000)[0])
PY
done
