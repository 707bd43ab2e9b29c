#!/usr/bin/env bash
# Cross-check `sensevec eval` against gensim on one vectors file (issue 5):
#   analogy accuracy with restrict 30000 (evaluate_word_analogies) and Spearman's ρ on WordSim-353 and
#   SimLex-999 (evaluate_word_pairs) must agree to 3 decimals; also times the 19,544 Google questions.
# Usage: Benchmarks/eval/crosscheck.sh [MEGABYTES]   (run from the package root; default 20 MB of corpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data
if [ ! -d "$DATA/eval" ] || [ ! -f "$DATA/corpus/gutenberg-19m.txt.gz" ]; then
  echo "error: $DATA (evaluation sets and corpus) is missing; this benchmark needs the shared data folder" >&2
  exit 1
fi
VENV="${SENSEVEC_PEERS_VENV:-Benchmarks/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV (gensim, scipy)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet gensim scipy
fi
MB="${1:-20}"
OUT=Benchmarks/out/eval
mkdir -p "$OUT"
echo "gensim: training on the first $MB MB (1 epoch, skip-gram, d=100) and evaluating…" >&2
"$VENV/bin/python" Benchmarks/eval/gensim_reference.py "$DATA/corpus/gutenberg-19m.txt.gz" "$OUT" "$DATA/eval" "$MB" > "$OUT/gensim.json"
echo "sensevec: building (release) and evaluating the same vectors…" >&2
SENSEVEC_NO_EXPLORER=${SENSEVEC_NO_EXPLORER:-1} swift build -c release --product sensevec >&2
BIN=$(SENSEVEC_NO_EXPLORER=${SENSEVEC_NO_EXPLORER:-1} swift build -c release --show-bin-path)/sensevec
"$BIN" eval analogy "$OUT/gensim.vec" "$DATA/eval/analogy/questions-words.txt" --restrict 30000 --json --quiet > "$OUT/ours-analogy.json"
"$BIN" eval analogy "$OUT/gensim.vec" "$DATA/eval/analogy/questions-words.txt" --restrict 30000 --method mul --json --quiet > "$OUT/ours-analogy-mul.json"
"$BIN" eval similarity "$OUT/gensim.vec" "$DATA/eval/similarity/wordsim353.tsv" --json > "$OUT/ours-ws.json"
"$BIN" eval similarity "$OUT/gensim.vec" "$DATA/eval/similarity/simlex999.txt" --json > "$OUT/ours-sl.json"
"$VENV/bin/python" - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
g = json.load(open(os.path.join(out, "gensim.json")))
a = json.load(open(os.path.join(out, "ours-analogy.json")))
m = json.load(open(os.path.join(out, "ours-analogy-mul.json")))
ws = json.load(open(os.path.join(out, "ours-ws.json")))["scores"][0]
sl = json.load(open(os.path.join(out, "ours-sl.json")))["scores"][0]
rows = [
    ("analogy accuracy (restrict 30000)", g["analogy"]["accuracy"], a["total"]["accuracy"]),
    ("WordSim-353 Spearman", g["wordsim353.tsv"]["spearman"], ws["spearman"]),
    ("SimLex-999 Spearman", g["simlex999.txt"]["spearman"], sl["spearman"]),
    ("WordSim-353 Pearson", g["wordsim353.tsv"]["pearson"], ws["pearson"]),
    ("SimLex-999 Pearson", g["simlex999.txt"]["pearson"], sl["pearson"]),
]
ok = True
print(f"vectors: {out}/gensim.vec, {g['vocabulary']} words, trained by gensim on {g['corpus_megabytes']} MB")
print(f"{'measure':36} {'gensim':>9} {'sensevec':>9}  same to 3 decimals")
for name, x, y in rows:
    same = round(x, 3) == round(y, 3)
    ok &= same
    print(f"{name:36} {x:9.4f} {y:9.4f}  {'yes' if same else 'NO'}")
gs = {s["name"]: s for s in g["analogy"]["sections"]}
for s in a["sections"]:
    t = gs.get(s["name"])
    if t and (t["correct"], t["answered"]) != (s["correct"], s["answered"]):
        print(f"  section {s['name']}: gensim {t['correct']}/{t['answered']}, sensevec {s['correct']}/{s['answered']}")
print(f"answered {a['total']['answered']} of {a['questions']} questions ({a['total']['skipped']} skipped as OOV)")
print(f"3CosMul accuracy (sensevec): {m['total']['accuracy']:.4f}")
print(f"time for {a['questions']} questions: sensevec {a['seconds']:.3f} s wall, {a['cpuSeconds']:.3f} s CPU (3CosAdd), "
      f"{m['seconds']:.3f} s wall (3CosMul); gensim {g['analogy']['seconds']:.2f} s wall, {g['analogy']['cpu_seconds']:.2f} s CPU"
      f" → CPU ratio gensim/sensevec {g['analogy']['cpu_seconds'] / max(a['cpuSeconds'], 1e-9):.1f}×")
sys.exit(0 if ok else 1)
PY
