#!/usr/bin/env python3
"""Scores decoder output (JSON lines, one per file: {"file":..,"symbols":[{"text":..}]}) against the corpus
MANIFEST.tsv. A file counts as read when any reported symbol's text equals the expected text exactly.
A symbol reported with a different text is a false positive (a misread). Used by scripts/bench-decode."""
import hashlib, json, sys, collections

HALVES = ("tuning", "held-out")


def half(path):
    """The corpus hold-out rule: SHA-256 of the image's path relative to the corpus (UTF-8, as in
    MANIFEST.tsv); first byte even -> "tuning", odd -> "held-out". Deterministic, independent of order and
    of the decoders. Passes and the fallback are chosen on "tuning" only; "held-out" is only reported."""
    return HALVES[hashlib.sha256(path.encode("utf-8")).digest()[0] & 1]


def unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == '\\' and i + 1 < len(field):
            n = field[i + 1]
            if n == 'x':
                out.append(chr(int(field[i + 2:i + 4], 16))); i += 4; continue
            out.append({'\\': '\\', 't': '\t', 'n': '\n', 'r': '\r'}.get(n, n)); i += 2; continue
        out.append(c); i += 1
    return ''.join(out)


def manifest(corpus):
    rows = []
    with open(f"{corpus}/MANIFEST.tsv", encoding="utf-8") as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            parts = line.rstrip('\n').split('\t')
            row = dict(zip(header, parts))
            row['expected'] = unescape(row['expected_text'])
            rows.append(row)
    return rows


def score(rows, results):
    """results: path -> list of texts (None when the file failed). Returns per-symbology stats."""
    stats = collections.OrderedDict()
    for row in rows:
        s = stats.setdefault(row['symbology'], {'n': 0, 'ok': 0, 'wrong': 0})
        s['n'] += 1
        texts = results.get(row['path']) or []
        if row['expected'] in texts:
            s['ok'] += 1
        elif texts:
            s['wrong'] += 1
    return stats


def main():
    corpus, jsonl = sys.argv[1], sys.argv[2]
    rows = manifest(corpus)
    results = {}
    for line in open(jsonl, encoding="utf-8"):
        obj = json.loads(line)
        path = obj['file'][len(corpus) + 1:] if obj['file'].startswith(corpus + '/') else obj['file']
        results[path] = [s['text'] for s in obj.get('symbols') or []]
    stats = score(rows, results)
    total = sum(s['ok'] for s in stats.values())
    for k, s in sorted(stats.items()):
        print(f"{k:28s} {s['ok']:4d}/{s['n']:<4d} wrong={s['wrong']}")
    print(f"TOTAL {total}/{len(rows)}")
    if len(sys.argv) > 3:
        for row in rows:
            texts = results.get(row['path']) or []
            if row['expected'] not in texts:
                print("MISS", row['symbology'], row['path'], repr(row['expected'][:40]), [t[:40] for t in texts])


if __name__ == '__main__':
    main()
