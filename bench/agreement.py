"""Summarise a blind second annotation of link pairs (bench/gold/agreement/*.json).

    python bench/agreement.py [FILE]

For the sample of gold links: how often the second annotator gives the gold's relation (the
agreement of two annotators, i.e. about the recall a careful human reaches against our gold); for the
linker's proposals the gold lacks, and for random distractor pairs: how often the annotator sees a
link at all (precision the gold cannot see, against the base rate of any candidate pair).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def relation(label: str) -> str:
    return "supports" if label.endswith("supports A") or label.endswith("supports B") else label


def summarise(items: list[dict]) -> dict:
    """{(set, origin, relation): Counter(same / other / none / link)} plus totals."""
    out: dict[tuple, Counter] = defaultdict(Counter)
    for it in items:
        judged = relation(it["judged"])
        rel = it["relation"] or "-"
        if it["origin"] == "distractor":
            out[(it["set"], "distractor", "-")]["none" if judged == "none" else "link"] += 1
        else:
            out[(it["set"], it["origin"], rel)]["same" if judged == rel else ("none" if judged == "none" else "other")] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    files = [Path(a) for a in argv] or sorted((HERE / "gold" / "agreement").glob("*.json"))
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        table = summarise(data["items"])
        print(f"\n{f.name}")
        print(f"  {'set':7} {'origin':10} {'relation':11} {'n':>4} {'same':>5} {'other':>5} {'none':>5} {'link':>5}")
        for key in sorted(table):
            c = table[key]
            n = sum(c.values())
            print(f"  {key[0]:7} {key[1]:10} {key[2]:11} {n:4d} {c['same']:5d} {c['other']:5d} {c['none']:5d} {c['link']:5d}")
        for s in sorted({k[0] for k in table}):
            for origin in ("gold", "proposal"):
                rows = [c for k, c in table.items() if k[:2] == (s, origin)]
                n = sum(sum(c.values()) for c in rows)
                if n:
                    same = sum(c["same"] for c in rows)
                    print(f"  {s}: {origin} pairs given the same relation {same}/{n} = {same / n:.2f}")
            d = table.get((s, "distractor", "-"))
            if d:
                print(f"  {s}: distractor pairs judged a link {d['link']}/{sum(d.values())} = {d['link'] / sum(d.values()):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
