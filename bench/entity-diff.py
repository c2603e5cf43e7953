#!/usr/bin/env python3
"""Compare two `seek extract --json` outputs (NDJSON) by entity spans (start, end, type, normalized name).

Prints how many documents change, then each changed span grouped by surface and old type -> the new spans that
overlap it / dropped / added, with counts, most frequent first. Documents are matched by id with a leading
/work/main/ or /work/wt/<name>/ removed, so Fixtures extracted in two checkouts compare.

Usage: bench/entity-diff.py OLD.json NEW.json [--examples=N] [--names-only]
  --examples=N   list up to N document ids per line
  --names-only   PERSON/ORG/LOC/MISC changes only
"""
import collections
import json
import re
import sys

def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            d = json.loads(line)
            out[re.sub(r'^/work/(main|wt/[^/]+)/', '', d['id'])] = (d.get('body', ''), d.get('entities', []))
    return out

def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    names_only = '--names-only' in sys.argv
    ex = 0
    for a in sys.argv:
        if a.startswith('--examples='): ex = int(a.split('=')[1])
    old, new = load(args[0]), load(args[1])
    changes = collections.Counter()
    examples = collections.defaultdict(list)
    docs = 0
    for i, (body, oe) in old.items():
        ne = new.get(i, ('', []))[1]
        key = lambda e: (e['start'], e['end'], e['type'], e['normalized'])
        so, sn = {key(e): e for e in oe}, {key(e): e for e in ne}
        if set(so) == set(sn):
            continue
        docs += 1
        gone = [e for k, e in so.items() if k not in sn]
        came = [e for k, e in sn.items() if k not in so]
        used = set()
        for e in gone:
            over = [n for n in came if n['start'] < e['end'] and e['start'] < n['end']]
            if over:
                desc = ' + '.join(f"{n['text']!r}/{n['type']}" for n in over)
                for n in over: used.add(id(n))
                c = (e['text'].replace('\n', ' '), e['type'], '-> ' + desc.replace('\\n', ' '))
            else:
                c = (e['text'].replace('\n', ' '), e['type'], '-> dropped')
            changes[c] += 1
            if len(examples[c]) < ex: examples[c].append(i)
        for n in came:
            if id(n) in used: continue
            c = (n['text'].replace('\n', ' '), '(none)', f"-> added {n['type']}")
            changes[c] += 1
            if len(examples[c]) < ex: examples[c].append(i)
    if names_only:
        changes = collections.Counter({k: v for k, v in changes.items()
                                       if k[1] in ('PERSON', 'ORG', 'LOC', 'MISC', '(none)')})
    total = sum(changes.values())
    print(f"# {docs} documents change; {total} span changes, {len(changes)} distinct")
    for (s, t, d), n in sorted(changes.items(), key=lambda kv: (-kv[1], kv[0])):
        line = f"{n:5d}  {s!r} {t} {d}"
        if examples[(s, t, d)]: line += '   e.g. ' + ', '.join(x.rsplit('/', 1)[-1] for x in examples[(s, t, d)])
        print(line)

main()
