#!/usr/bin/env bash
# Load benchmark (release build): 32 clients × 2,000 searches against seekd while it indexes Reuters-21578.
# Usage: bench/daemon-load.sh [CLIENTS] [REQUESTS]   (needs ../shared/data; builds release binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-32}
requests=${2:-2000}
data=../shared/data
swift build -c release --product seekd >/dev/null
swift build -c release --product seek >/dev/null
swift build -c release --product seek-bench >/dev/null
dir=$(mktemp -d)
trap 'kill $(cat "$dir/pid") 2>/dev/null || true; rm -rf "$dir"' EXIT
.build/release/seekd --index "$dir/idx" --socket "$dir/s.sock" --log-level warning 2>"$dir/log" &
echo $! >"$dir/pid"
for _ in $(seq 100); do [ -S "$dir/s.sock" ] && break; sleep 0.1; done
# A first slice so searches have something to find, then Reuters in the background while the load runs.
SEEK_SOCKET="$dir/s.sock" .build/release/seek index --index "$dir/idx" "$data/ir/scifact/docs.jsonl" >/dev/null
SEEK_SOCKET="$dir/s.sock" .build/release/seek index --index "$dir/idx" "$data/reuters21578" >"$dir/index.out" &
indexer=$!
.build/release/seek-bench daemon-load --socket "$dir/s.sock" --clients "$clients" --requests "$requests" \
  --queries "$data/ir/scifact/queries.tsv"
wait $indexer && echo "indexing during the load: $(cat "$dir/index.out")"
grep -E 'VmHWM|VmRSS' /proc/"$(cat "$dir/pid")"/status | tr -s ' ' | tr '\n' ' '
echo
