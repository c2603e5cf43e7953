#!/usr/bin/env python3
"""seekd's start-up time and memory on an index (a desktop daemon must start fast and stay small).

Launches seekd on INDEX, connects as soon as its socket accepts and sends one search: the time from launch to that
answer is the start-up figure. Then it runs the collection's queries (a daemon that has served searches), reads
seekd's VmRSS, RssAnon (what the process really costs: heap, tables built at open) and RssFile (mapped index pages,
file-backed and reclaimable) from /proc/PID/status, and, with --reopen FILE..., asks seekd to index those files
(a commit, after which seekd opens the new snapshot) and reads the memory again after the next searches.

Usage: bench/seekd-startup.py SEEKD INDEX QUERIES.tsv [--runs N] [--searches N] [--reopen FILE...] [--flag F]...
  e.g. bench/seekd-startup.py .build/release/seekd /tmp/big ../shared/data/ir/scifact/queries.tsv --runs 5
Each run prints one line; the last lines are the medians. seekd runs with --log-level error (add --flag=--no-entities to
skip loading the tagger) and its socket in the index's folder. FILEs given to --reopen are indexed in every run: the first adds them (so use a copy
of the index), later runs find them unchanged, but seekd still commits and opens a new snapshot.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import time


def memory(pid):
    """VmRSS, RssAnon, RssFile, VmHWM of a process, in MB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


class Client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")
        self.next_id = 1

    def call(self, method, params):
        self.f.write(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode()
                     + b"\n")
        self.f.flush()
        self.next_id += 1
        while True:
            answer = json.loads(self.f.readline())
            if "id" in answer:  # skip notifications
                if "error" in answer:
                    raise RuntimeError(answer["error"])
                return answer["result"]

    def search(self, query):
        params = {"query": query, "limit": 10, "snippets": False, "facets": 0, "fields": ["score"], "syntax": "plain"}
        return self.call("search", params)


def run(args, queries, reopen):
    sock = os.path.join(args.index, "startup.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    cmd = [args.seekd, "--index", args.index, "--socket", sock, "--log-level", "error"] + args.flag
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    try:
        client = None
        while client is None:
            try:
                client = Client(sock)
            except (FileNotFoundError, ConnectionRefusedError):
                if proc.poll() is not None:
                    raise SystemExit(f"seekd exited with {proc.returncode}")
                time.sleep(0.0005)
        connected = time.perf_counter() - t0
        client.search(queries[0])
        first = time.perf_counter() - t0
        for q in queries[: args.searches]:
            client.search(q)
        row = {"connect_ms": connected * 1000, "first_ms": first * 1000}
        row.update(memory(proc.pid))
        if reopen:
            t1 = time.perf_counter()
            client.call("index", {"paths": reopen})
            row["index_ms"] = (time.perf_counter() - t1) * 1000
            for q in queries[: args.searches]:
                client.search(q)
            row.update({k + "'": v for k, v in memory(proc.pid).items()})
        return row
    finally:
        proc.terminate()
        proc.wait()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("seekd")
    p.add_argument("index")
    p.add_argument("queries")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--searches", type=int, default=200, help="searches before memory is read")
    p.add_argument("--reopen", nargs="*", default=[], help="files to index while seekd runs (absolute paths)")
    p.add_argument("--flag", action="append", default=[], help="an extra seekd argument")
    args = p.parse_args()
    queries = [line.rstrip("\n").split("\t", 1)[1] for line in open(args.queries, encoding="utf-8") if "\t" in line]
    rows = []
    for i in range(args.runs):
        row = run(args, queries, [os.path.abspath(f) for f in args.reopen])
        rows.append(row)
        print("  ".join(f"{k} {v:.1f}" for k, v in row.items()), flush=True)
    keys = [k for k in rows[0] if all(k in r for r in rows)]
    print("median " + "  ".join(f"{k} {statistics.median(r[k] for r in rows):.1f}" for k in keys))


if __name__ == "__main__":
    main()
