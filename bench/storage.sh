#!/usr/bin/env bash
# Index storage benchmark (issue #3): seek against Tantivy on the same docs.jsonl, side by side in one run.
#
#   bench/storage.sh [--trials N] [--bin DIR] [--out DIR] [--peers DIR] [--data DIR] [--skip-growth]
#
# For scifact and the 3,294 Wikipedia pages (made into a docs.jsonl with `seek extract --json`), indexes with
# tantivy and seek through peers.py (`index`, best of N trials by build wall time) and prints build wall, CPU,
# index size and peak RSS; adds a row for seek indexing the HTML folder directly; prints the seek index's bytes per
# file kind (`seek stats`). Unless --skip-growth: indexes Reuters-21578, the Wikipedia pages and every IR
# collection into one index (`seek-bench index-growth`) and prints time per document for each tenth.
#
# Needs release binaries (`swift build -c release`) and the peers harness with tantivy (a writable copy of
# ../shared/bench with its .venv, see bench/README.md). Timings on a shared machine are noisy: compare the best of
# several trials and note the load average printed at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
trials=3
bin="$here/../.build/release"
out="/tmp/seek-storage-bench"
peers="/tmp/peers"
data="$here/../../shared/data"
[ -d "$data" ] || data="$here/../../../shared/data"  # a git worktree one level deeper
growth=1
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials="$2"; shift ;;
    --bin) bin="$2"; shift ;;
    --out) out="$2"; shift ;;
    --peers) peers="$2"; shift ;;
    --data) data="$2"; shift ;;
    --skip-growth) growth=0 ;;
    *) echo "usage: $0 [--trials N] [--bin DIR] [--out DIR] [--peers DIR] [--data DIR] [--skip-growth]" >&2; exit 2 ;;
  esac
  shift
done
bin="$(cd "$bin" && pwd)"
data="$(cd "$data" && pwd)"
py="$peers/.venv/bin/python"
for f in "$bin/seek" "$bin/seekd" "$peers/peers.py" "$py"; do
  [ -e "$f" ] || { echo "missing $f (build with swift build -c release; set up the peers harness)" >&2; exit 2; }
done
mkdir -p "$out"
stats="$out/stats.jsonl"
: >"$stats"

# seek as a peers.py engine, pointing at these binaries.
sed -e "s#{config_dir}/../.build/release#$bin#g" "$here/peers-seek.json" >"$out/peers-seek.json"

# The Wikipedia pages as {"id","title","text"} lines (what both engines index).
wiki="$data/html/wikipedia-2007"
wikidocs="$out/wikipedia-docs.jsonl"
if [ ! -s "$wikidocs" ]; then
  find "$wiki" -name '*.html' | sort | xargs "$bin/seek" extract --json --no-entities |
    python3 -c '
import json, os, sys
for line in sys.stdin:
    d = json.loads(line)
    key = os.path.splitext(os.path.basename(d["path"]))[0]
    print(json.dumps({"id": key, "title": d["title"], "text": d["body"]}, ensure_ascii=False))
' >"$wikidocs"
fi

corpora=("scifact:$data/ir/scifact/docs.jsonl" "wikipedia:$wikidocs")
for entry in "${corpora[@]}"; do
  name="${entry%%:*}"
  docs="${entry#*:}"
  for t in $(seq 1 "$trials"); do
    for engine in tantivy "cli:$out/peers-seek.json"; do
      label="${engine##*/}"
      label="${label%.json}"
      (cd "$peers" && "$py" peers.py index --engine "$engine" --docs "$docs" --collection "$name" \
        --out "$out/idx/$name/$label/t$t" --force --stats-out "$stats" >/dev/null)
    done
  done
done

# Extra row: seek indexing the HTML folder itself (extraction included), measured like peers.py does.
for t in $(seq 1 "$trials"); do
  idx="$out/idx/wikipedia-html/seek/t$t"
  rm -rf "$idx"
  python3 - "$bin/seek" "$idx" "$wiki" "$stats" <<'EOF'
import json, os, resource, subprocess, sys, time
seek, idx, src, stats = sys.argv[1:]
t0 = time.perf_counter()
p = subprocess.Popen([seek, "index", "--index", idx, "--no-entities", "--no-sync", src], stdout=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("seek index failed")
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(idx) for f in fs)
rec = {"kind": "index", "engine": "seek (HTML folder)", "collection": "wikipedia-html", "build_wall_s": wall,
       "build_cpu_s": ru.ru_utime + ru.ru_stime, "index_bytes": size, "children_peak_rss_mb": ru.ru_maxrss / 1024,
       "peak_rss_mb": ru.ru_maxrss / 1024, "index_path": idx}
with open(stats, "a") as f:
    f.write(json.dumps(rec) + "\n")
EOF
done

echo "# seek vs tantivy: best of $trials by build wall time (load average $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$stats" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
best = {}
for r in rows:
    key = (r["collection"], r["engine"])
    if key not in best or r["build_wall_s"] < best[key]["build_wall_s"]:
        best[key] = r
print(f"| {'collection':15} | {'engine':20} | {'docs':>6} | {'wall s':>7} | {'CPU s':>6} | {'size MB':>8} | {'peak RSS MB':>11} |")
print(f"|{'-'*17}|{'-'*22}|{'-'*8}|{'-'*9}|{'-'*8}|{'-'*10}|{'-'*13}|")
for (coll, eng), r in sorted(best.items()):
    # cli engines run as a child of the peers worker: their RSS is the children's peak
    rss = r["children_peak_rss_mb"] if eng.startswith("cli:") or "HTML" in eng else r["peak_rss_mb"]
    eng = "seek" if eng.startswith("cli:") else eng
    print(f"| {coll:15} | {eng:20} | {str(r.get('docs', '')):>6} | {r['build_wall_s']:7.3f} | {r['build_cpu_s']:6.2f} "
          f"| {r['index_bytes'] / 1e6:8.2f} | {rss:11.1f} |")
EOF

echo
echo "# seek index bytes per file kind (best trial's index)"
for name in scifact wikipedia; do
  idx="$(ls -d "$out"/idx/$name/peers-seek/t1/engine)"
  echo "## $name"
  "$bin/seek" stats --index "$idx" | sed -n '/^bytes/,$p'
done

if [ "$growth" = 1 ]; then
  echo
  echo "# one index of Reuters-21578, the Wikipedia pages and every IR collection: time per document by tenth"
  "$bin/seek-bench" index-growth --out "$out/idx/growth" \
    "$data"/reuters21578/*.sgm "$wiki" "$data"/ir/*/docs.jsonl
fi
