#!/usr/bin/env python3
"""Where a search's round trip through seekd's socket goes (issue #4's socket figure).

Sends newline-delimited JSON-RPC searches the way peers.py's socket adapter does (one connection, json.dumps,
readline, json.loads) and prints, per kind of request, the client's round-trip p50 beside seekd's own `took_us`
p50 from the answers: the difference is transport plus waking the waiting client. Kinds: a word that matches
nothing (an answer within a few µs), one common word, and the collection's queries.

Usage: bench/socket-roundtrip.py SOCKET QUERIES.tsv [N] [WORD]
  with seekd already serving an index of the collection, e.g.
  seekd --index IDX --socket /tmp/s.sock --no-entities --log-level error &
  bench/socket-roundtrip.py /tmp/s.sock ../shared/data/ir/scifact/queries.tsv 2000 protein
"""
import json
import socket
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sock_path, queries = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    word = sys.argv[4] if len(sys.argv) > 4 else "protein"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    f = s.makefile("rwb")
    qs = [line.rstrip("\n").split("\t", 1)[1] for line in open(queries, encoding="utf-8") if "\t" in line]

    def search(query):
        params = {"query": query, "limit": 10, "snippets": False, "facets": 0, "fields": ["score"], "syntax": "plain"}
        f.write(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "search", "params": params}).encode() + b"\n")
        f.flush()
        return json.loads(f.readline())["result"]["took_us"]

    kinds = [("no match", lambda i: "zzqqxxv"), (word, lambda i: word), ("queries", lambda i: qs[i % len(qs)])]
    for name, query in kinds:
        for i in range(min(n, 200)):  # warm-up
            search(query(i))
        lat, took = [], []
        for i in range(n):
            t0 = time.perf_counter_ns()
            took.append(search(query(i)))
            lat.append((time.perf_counter_ns() - t0) / 1000)
        lat.sort()
        took.sort()
        print(f"{name:10s} round trip p50 {lat[n // 2]:7.1f} us   took_us p50 {took[n // 2]:5d}   "
              f"difference {lat[n // 2] - took[n // 2]:7.1f} us")


if __name__ == "__main__":
    main()
