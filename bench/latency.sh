#!/usr/bin/env bash
# Search latency side by side with Tantivy (issue #4, "Speed"): for each collection, index it with seek
# (`seek index --no-entities`, through peers.py's cli adapter) and with tantivy (once, reused), then in one run:
#   1. peers.py bench --engine tantivy                       (tantivy-py, in-process)
#   2. seek-bench search-latency                             (seek's engine library, in-process, same queries)
#   3. peers.py bench --engine cli:bench/peers-seek.json     (seekd through its Unix socket)
# and print the ratio table: seek in-process p50 and p99 over tantivy's (goals: <= 0.5 and <= 1), seek's socket
# p50 over tantivy's in-process p50 (goal: <= 1), and the in-process ratio of the calling thread's CPU time (less
# sensitive to other load). With RUNS=3 the table shows each figure's best of the runs, then each run's own
# socket / tantivy ratio (both measured seconds apart) and their median; stats go to OUT.
#
# Usage: bench/latency.sh [COLLECTION...]        (default: scifact cranfield)
# Env:   PEERS=/tmp/peers (writable copy of ../shared/bench with its venv, see bench/README.md)
#        IR=<repo>/../shared/data/ir   OUT=$PEERS/work/latency-$USER   RUNS=1   MIN_SAMPLES=1000   K=10
#        BUILD=1 (swift build -c release first; 0 to use the binaries as they are)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-/tmp/peers}
IR=${IR:-$(cd "$ROOT/../shared/data/ir" 2>/dev/null && pwd || echo /work/shared/data/ir)}
OUT=${OUT:-$PEERS/work/latency-${USER:-seek}}
RUNS=${RUNS:-1}
MIN_SAMPLES=${MIN_SAMPLES:-1000}
K=${K:-10}
BUILD=${BUILD:-1}
COLLS=("$@")
[ ${#COLLS[@]} -eq 0 ] && COLLS=(scifact cranfield)
PY="$PEERS/.venv/bin/python"
SEEK_CFG="$ROOT/bench/peers-seek.json"
BIN="$ROOT/.build/release"

[ -x "$PY" ] || { echo "latency.sh: no peers harness at $PEERS (set PEERS=; see bench/README.md)" >&2; exit 2; }
[ -d "$IR" ] || { echo "latency.sh: no judged collections at $IR (set IR=)" >&2; exit 2; }
if [ "$BUILD" = 1 ]; then (cd "$ROOT" && swift build -c release >/dev/null); fi
for b in seek seekd seek-bench; do
  [ -x "$BIN/$b" ] || { echo "latency.sh: $BIN/$b missing: run swift build -c release" >&2; exit 2; }
done

mkdir -p "$OUT"
STATS="$OUT/stats-$(date -u +%Y%m%dT%H%M%S).jsonl"
cd "$PEERS"
for c in "${COLLS[@]}"; do
  docs="$IR/$c/docs.jsonl"
  queries="$IR/$c/queries.tsv"
  [ -f "$docs" ] || { echo "latency.sh: $docs missing" >&2; exit 2; }
  tan="$OUT/idx/$c/tantivy"
  seek="$OUT/idx/$c/seek"
  if [ ! -f "$tan/peers_meta.json" ]; then
    "$PY" peers.py index --engine tantivy --docs "$docs" --out "$tan" --force >/dev/null
  fi
  "$PY" peers.py index --engine "cli:$SEEK_CFG" --docs "$docs" --out "$seek" --force >/dev/null
  common=(--queries "$queries" --k "$K" --min-samples "$MIN_SAMPLES" --collection "$c" --stats-out "$STATS")
  for run in $(seq 1 "$RUNS"); do
    echo "== $c run $run/$RUNS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$PY" peers.py bench --engine tantivy --index "$tan" "${common[@]}" >/dev/null
    "$BIN/seek-bench" search-latency "$seek/engine" "$queries" --k "$K" --min-samples "$MIN_SAMPLES" \
      --collection "$c" >>"$STATS"
    "$PY" peers.py bench --engine "cli:$SEEK_CFG" --index "$seek" "${common[@]}" >/dev/null
  done
done

echo "stats: $STATS" >&2
"$PY" - "$STATS" <<'EOF'
import json, sys
best = {}
# Each run's figures in order, to pair a run's socket p50 with the tantivy p50 measured seconds before it.
runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("kind") != "bench":
        continue
    eng = r["engine"]
    kind = "tantivy" if eng == "tantivy" else "inproc" if eng == "seek-inprocess" else "socket"
    runs.setdefault((r["collection"], kind), []).append(r["p50_us"])
    key = (r["collection"], kind)
    b = best.setdefault(key, {"p50": r["p50_us"], "p99": r["p99_us"], "cpu": r["cpu_p50_us"], "load": []})
    b["p50"] = min(b["p50"], r["p50_us"])
    b["p99"] = min(b["p99"], r["p99_us"])
    b["cpu"] = min(b["cpu"], r["cpu_p50_us"])
    b["load"].append(r.get("loadavg_1m_start", 0))
colls = sorted({c for c, _ in best}, key=lambda c: (c != "scifact", c))
print("| collection | tantivy p50 / p99 (us) | seek in-process p50 / p99 | p50 ratio (goal <= 0.5) "
      "| p99 ratio (goal <= 1) | seekd socket p50 | socket p50 / tantivy p50 (goal <= 1) "
      "| CPU p50 in-process ratio | load (1 min) |")
print("|---|---|---|---|---|---|---|---|---|")
for c in colls:
    t, i, s = best.get((c, "tantivy")), best.get((c, "inproc")), best.get((c, "socket"))
    if not (t and i and s):
        continue
    load = max(t["load"] + i["load"] + s["load"])
    print(f"| {c} | {t['p50']:.0f} / {t['p99']:.0f} | {i['p50']:.0f} / {i['p99']:.0f} | {i['p50'] / t['p50']:.2f} "
          f"| {i['p99'] / t['p99']:.2f} | {s['p50']:.0f} | {s['p50'] / t['p50']:.2f} "
          f"| {i['cpu'] / t['cpu']:.2f} | <= {load:.1f} |")
# The host's speed drifts from minute to minute (an idle virtual processor is slow to wake), so the best figures
# above may come from different minutes; the paired ratios below compare figures of the same run.
for c in colls:
    pairs = list(zip(runs.get((c, "tantivy"), []), runs.get((c, "socket"), [])))
    if len(pairs) > 1:
        ratios = sorted(s / t for t, s in pairs)
        print(f"{c}: socket / tantivy p50 per run {', '.join(f'{x:.2f}' for x in ratios)}; "
              f"median {ratios[len(ratios) // 2]:.2f}")
EOF
