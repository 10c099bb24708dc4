"""Agreement of a second, independent link annotation of some GUM documents with the gold links.

    python bench/gold/gum_agreement.py [bench/gold/gum/agreement/second-pass.txt]

The second pass is an annotation file in bench/gold/gum_links.py's format (`DOC SOURCE RELATION
TARGET | note`, `DOC -`); its documents are compared with the `links` of their gold files. Items are
all unordered pairs of non-credit attributions of each document, labelled `none`, `supports`,
`contradicts` or `restates` (the relation of the link between them, direction ignored). Printed:
Cohen's kappa over all pairs, pair agreement (F1 of the two link sets, by pair and by pair and
relation), the confusion of the pairs either pass linked, and how often a supports link both passes
give has the same direction. Links are compared as written (no restatement closure).
"""

from __future__ import annotations

import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gum_links  # noqa: E402

LABELS = ("none", "supports", "contradicts", "restates")


def labels(links: list[dict]) -> dict[frozenset, tuple[str, tuple[str, str]]]:
    return {frozenset((lk["source"], lk["target"])): (lk["relation"], (lk["source"], lk["target"])) for lk in links}


def kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in LABELS) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def compare(second: dict[str, list[dict]]) -> dict:
    items, confusion = [], Counter()
    pairs1, pairs2, rel1, rel2 = set(), set(), set(), set()
    same_dir = both_sup = 0
    per_doc = []
    for doc, links2 in sorted(second.items()):
        gold, _ = gum_links.load(doc)
        ids = [a["id"] for a in gold["attributions"] if not a.get("credit")]
        first, other = labels(gold["links"]), labels(links2)
        for x, y in combinations(ids, 2):
            p = frozenset((x, y))
            a, b = first.get(p, ("none", None)), other.get(p, ("none", None))
            items.append((a[0], b[0]))
            if a[0] != "none" or b[0] != "none":
                confusion[a[0], b[0]] += 1
            if a[0] == b[0] == "supports":
                both_sup += 1
                same_dir += a[1] == b[1]
        pairs1 |= {(doc, p) for p in first}
        pairs2 |= {(doc, p) for p in other}
        rel1 |= {(doc, p, r) for p, (r, _) in first.items()}
        rel2 |= {(doc, p, r) for p, (r, _) in other.items()}
        per_doc.append((doc, len(ids), len(first), len(other), len(set(first) & set(other))))
    return {"kappa": kappa(items), "pairs": len(items), "first": len(pairs1), "second": len(pairs2),
            "pair_f1": f1(pairs1, pairs2), "relation_f1": f1(rel1, rel2), "confusion": confusion,
            "supports_same_direction": (same_dir, both_sup), "per_doc": per_doc}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else gum_links.GUM / "agreement" / "second-pass.txt"
    res = compare(gum_links.parse(path))
    print(f"{len(res['per_doc'])} documents, {res['pairs']} attribution pairs; links: first pass {res['first']}, "
          f"second pass {res['second']}")
    for doc, n, a, b, both in res["per_doc"]:
        print(f"  {doc:28} {n:3d} attributions  first {a:2d}  second {b:2d}  same pair {both:2d}")
    print(f"Cohen's kappa (none / supports / contradicts / restates, all pairs): {res['kappa']:.2f}")
    print(f"pair agreement (F1 of linked pairs): {res['pair_f1']:.2f}; with the same relation: {res['relation_f1']:.2f}")
    s, n = res["supports_same_direction"]
    print(f"supports given by both passes with the same direction: {s}/{n}")
    print("pairs either pass linked (first pass -> second pass):")
    for (a, b), k in sorted(res["confusion"].items()):
        print(f"  {a:11} -> {b:11} {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
