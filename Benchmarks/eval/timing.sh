#!/usr/bin/env bash
# Times `sensevec eval analogy` on the full Google set with every question answerable: a 30,000 × 100 random
# model whose rows include every question word (so all 19,544 questions are scored, none skipped).
# Reports wall and CPU time (getrusage user+sys of the process) for 3CosAdd and 3CosMul, 1 and 2 threads.
# Usage: Benchmarks/eval/timing.sh   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data
Q="$DATA/eval/analogy/questions-words.txt"
if [ ! -f "$Q" ]; then
  echo "error: $Q is missing; this benchmark needs the shared data folder" >&2
  exit 1
fi
OUT=Benchmarks/out/eval
mkdir -p "$OUT"
python3 - "$Q" "$OUT/timing.vec" <<'PY'
import random, sys
q, out = sys.argv[1], sys.argv[2]
words = []
seen = set()
for line in open(q, encoding="utf-8"):
    if line.startswith(":"):
        continue
    for w in line.split():
        if w.upper() not in seen:
            seen.add(w.upper()); words.append(w)
n, d = 30000, 100
rng = random.Random(1)
rows = [f"filler{i}" for i in range(n - len(words))]
for w in words:
    rows.insert(rng.randrange(len(rows) + 1), w)
with open(out, "w", encoding="utf-8") as f:
    f.write(f"{n} {d}\n")
    for w in rows:
        f.write(w + " " + " ".join(f"{rng.gauss(0, 1):.4f}" for _ in range(d)) + "\n")
print(f"{len(words)} distinct question words placed among {n} rows", file=sys.stderr)
PY
SENSEVEC_NO_EXPLORER=${SENSEVEC_NO_EXPLORER:-1} swift build -c release --product sensevec >&2
BIN=$(SENSEVEC_NO_EXPLORER=${SENSEVEC_NO_EXPLORER:-1} swift build -c release --show-bin-path)/sensevec
for method in add mul; do
  for threads in 1 2; do
    "$BIN" eval analogy "$OUT/timing.vec" "$Q" --method "$method" --threads "$threads" --json --quiet \
      | python3 -c "import json,sys; r=json.load(sys.stdin); print(f\"3Cos{'Add' if r['method']=='add' else 'Mul'} threads=$threads: {r['total']['answered']} questions answered in {r['seconds']:.3f} s wall, {r['cpuSeconds']:.3f} s CPU\")"
  done
done
