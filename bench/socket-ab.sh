#!/usr/bin/env bash
# A/B of seekd variants through the socket, taking turns: every variant serves its own copy of one index, and each
# round runs the same client against every variant in turn (the order rotates from round to round), so slow and busy
# minutes hit all variants alike. The client is peers.py's socket adapter (`CliEngine.search`, imported from the
# peers harness, with the request of bench/peers-seek.json): one connection, top-10 searches back to back, the
# collection's queries in a loop (one warm-up pass first).
#
# Usage: bench/socket-ab.sh ['LABEL=SEEKD [FLAG...]'...]
#   default variants, all with the worktree's release seekd:
#     'off=BIN/seekd --no-adaptive-spin'  'spin300=BIN/seekd --no-adaptive-spin --spin-microseconds 300'
#     'adaptive=BIN/seekd' (the default since session 5)
#   e.g. bench/socket-ab.sh 'main=/work/main/.build/release/seekd' 'branch=.build/release/seekd --adaptive-spin'
# Env:   PEERS=/tmp/peers (the peers harness, see bench/README.md)   IR=<repo>/../shared/data/ir
#        COLL=scifact   ROUNDS=5   N=1600 (timed searches per turn)   OUT=$PEERS/work/socket-ab-$USER
#        BIN=<repo>/.build/release (its seek builds the index once, through peers.py's cli adapter)
# Prints each turn's p50 (µs), then per variant the median and best of its p50s, its median p99 and the client's
# CPU per search (p50; it grows when the server's work evicts the client's caches). Lower is better. Note the load:
# an idle machine and a busy one favour different variants (an idle virtual processor is slow to wake).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-/tmp/peers}
IR=${IR:-$(cd "$ROOT/../shared/data/ir" 2>/dev/null && pwd || echo /work/shared/data/ir)}
COLL=${COLL:-scifact}
ROUNDS=${ROUNDS:-5}
N=${N:-1600}
OUT=${OUT:-$PEERS/work/socket-ab-${USER:-seek}}
BIN=${BIN:-$ROOT/.build/release}
PY="$PEERS/.venv/bin/python"
SEEK_CFG="$ROOT/bench/peers-seek.json"

VARIANTS=("$@")
if [ ${#VARIANTS[@]} -eq 0 ]; then
  VARIANTS=("off=$BIN/seekd --no-adaptive-spin" "spin300=$BIN/seekd --no-adaptive-spin --spin-microseconds 300"
    "adaptive=$BIN/seekd")
fi
[ -x "$PY" ] || { echo "socket-ab.sh: no peers harness at $PEERS (set PEERS=)" >&2; exit 2; }
[ -f "$IR/$COLL/queries.tsv" ] || { echo "socket-ab.sh: no $IR/$COLL/queries.tsv (set IR= or COLL=)" >&2; exit 2; }

mkdir -p "$OUT"
index="$OUT/idx/$COLL"
if [ ! -f "$index/peers_meta.json" ]; then
  [ -x "$BIN/seek" ] || { echo "socket-ab.sh: $BIN/seek missing: swift build -c release" >&2; exit 2; }
  (cd "$PEERS" && "$PY" peers.py index --engine "cli:$SEEK_CFG" --docs "$IR/$COLL/docs.jsonl" --out "$index" \
    --force >/dev/null)
fi

CLIENT="$OUT/client.py"
cat >"$CLIENT" <<'EOF'
# One turn: peers.py's CliEngine.search against a socket; prints p50/p99 latency and the client's CPU per search.
import json, socket, sys, time
peers_dir, cfg_path, sock_path, queries, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
sys.path.insert(0, peers_dir)
import peers
eng = peers.CliEngine.__new__(peers.CliEngine)
eng.cfg = json.load(open(cfg_path))
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
eng.sock, eng.sockf = s, s.makefile("rwb")
qs = peers.read_queries(queries)
for _, t in qs:
    eng.search(t, 10)
lat, cpu = [], []
i = 0
while len(lat) < n:
    t = qs[i % len(qs)][1]
    i += 1
    c0, w0 = time.thread_time_ns(), time.perf_counter_ns()
    eng.search(t, 10)
    w1, c1 = time.perf_counter_ns(), time.thread_time_ns()
    lat.append((w1 - w0) / 1000)
    cpu.append((c1 - c0) / 1000)
lat.sort()
cpu.sort()
print(json.dumps({"p50": round(peers.percentile(lat, 50), 1), "p99": round(peers.percentile(lat, 99), 1),
                  "cpu": round(peers.percentile(cpu, 50), 1)}))
EOF

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

LABELS=()
SOCKS=()
for v in "${VARIANTS[@]}"; do
  label=${v%%=*}
  read -r -a cmd <<<"${v#*=}"
  dir="$OUT/run/$label"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r "$index/engine" "$dir/engine"
  rm -f "$dir/engine/write.lock"
  sock="$dir/s.sock"
  # The variant's own flags come last, so they can override these (e.g. --log-level debug).
  "${cmd[0]}" --index "$dir/engine" --socket "$sock" --no-entities --log-level error "${cmd[@]:1}" \
    2>"$dir/seekd.log" &
  PIDS+=($!)
  for _ in $(seq 1 300); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || { echo "socket-ab.sh: $label did not start: $(cat "$dir/seekd.log")" >&2; exit 2; }
  LABELS+=("$label")
  SOCKS+=("$sock")
done

RESULTS="$OUT/ab-$(date -u +%Y%m%dT%H%M%S).jsonl"
count=${#LABELS[@]}
echo "socket-ab: $COLL, $ROUNDS rounds of $N searches per variant; results in $RESULTS" >&2
for round in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((count - 1))); do
    j=$(((k + round - 1) % count))
    load=$(cut -d' ' -f1 /proc/loadavg)
    r=$("$PY" "$CLIENT" "$PEERS" "$SEEK_CFG" "${SOCKS[$j]}" "$IR/$COLL/queries.tsv" "$N")
    echo "{\"round\": $round, \"variant\": \"${LABELS[$j]}\", \"load\": $load, \"result\": $r}" | tee -a "$RESULTS" >&2
  done
done

"$PY" - "$RESULTS" "${LABELS[@]}" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
labels = sys.argv[2:]
loads = [r["load"] for r in rows]
print(f"load (1 min) {min(loads)}-{max(loads)}")
print("| variant | p50 per round (µs) | median p50 | best p50 | median p99 | client CPU p50 |")
print("|---|---|---|---|---|---|")
for label in labels:
    mine = [r for r in rows if r["variant"] == label]
    p50 = [r["result"]["p50"] for r in mine]
    print(f"| {label} | {', '.join(str(x) for x in p50)} | {statistics.median(p50):.1f} | {min(p50):.1f} "
          f"| {statistics.median(r['result']['p99'] for r in mine):.1f} "
          f"| {statistics.median(r['result']['cpu'] for r in mine):.1f} |")
EOF
