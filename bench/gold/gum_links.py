"""Read and annotate the links of the GUM gold (bench/gold/gum/LINKS.md).

    python bench/gold/gum_links.py show DOC [--width N] [--no-links]   # attributions of DOC, their sentences
    python bench/gold/gum_links.py apply FILE [--replace]  # write the links of an annotation file
    python bench/gold/gum_links.py check                   # validate every gold file's links
    python bench/gold/gum_links.py stats                   # links per relation and split

An annotation file has one link per line, `DOC SOURCE RELATION TARGET | note` (e.g.
`GUM_news_iodine a5 contradicts a3 | the ministry denies the shortage`), a line `DOC -` for a
document read and found to have no link, `#` comments. `apply` writes the `links` key of each
named document's gold JSON (json.dump indent=1, ensure_ascii=False, as bench/gold/gum_convert.py
writes it); nothing else in the file changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

GUM = Path(__file__).resolve().parent / "gum"
RELATIONS = ("supports", "contradicts", "restates")
_SENT = re.compile(r"(?<=[.!?])[”\"’')]*\s+|\n+")


def gold_path(doc: str) -> Path:
    for split in ("dev", "test"):
        p = GUM / split / f"{doc}.json"
        if p.is_file():
            return p
    raise SystemExit(f"no gold file for {doc}")


def load(doc: str) -> tuple[dict, str]:
    gold = json.loads(gold_path(doc).read_text(encoding="utf-8"))
    return gold, (GUM / "texts" / gold["document"]).read_text(encoding="utf-8")


def write(doc: str, gold: dict) -> None:
    gold_path(doc).write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    s0 = 0
    for m in _SENT.finditer(text, 0, start):
        s0 = m.end()
    m = _SENT.search(text, end)
    return s0, (m.start() if m else len(text))


def spans_text(text: str, spans: list) -> str:
    return " … ".join(text[s:e] for s, e in spans)


def clip(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width * 2 // 3] + " […] " + s[-width // 3:]


def show(doc: str, width: int = 320, links: bool = True) -> None:
    gold, text = load(doc)
    print(f"# {doc} ({gold_path(doc).parent.name}); title: {text.splitlines()[0]!r}")
    for a in sorted(gold["attributions"], key=lambda a: a["content"][0][0]):
        if a.get("credit"):
            continue
        spans = a["source"] + a["cue"] + a["content"]
        s0, _ = sentence(text, min(s for s, _ in spans), 0)
        _, e0 = sentence(text, 0, max(e for _, e in spans))
        neg = " NEG" if a["rst_relation"] == "negative" else ""
        print(f"\n{a['id']} [{a['category']}{neg}] @{a['content'][0][0]} src={spans_text(text, a['source'])!r} "
              f"cue={spans_text(text, a['cue'])!r}")
        print(f"   content: {clip(spans_text(text, a['content']), width)}")
        ctx = text[s0:e0]
        if len(ctx) > len(spans_text(text, a["content"])) + 40:
            print(f"   sentence: {clip(ctx, width)}")
    for lk in gold.get("links", []) if links else []:
        print(f"  link {lk['source']} {lk['relation']} {lk['target']} | {lk.get('note', '')}")


def parse(path: Path) -> dict[str, list[dict]]:
    """Annotation file -> {doc: links} (a document with a `DOC -` line maps to [])."""
    out: dict[str, list[dict]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, note = line.partition("|")
        parts = head.split()
        if len(parts) == 2 and parts[1] == "-":
            out.setdefault(parts[0], [])
            continue
        if len(parts) != 4 or parts[2] not in RELATIONS:
            raise SystemExit(f"{path}:{n}: expected 'DOC SOURCE RELATION TARGET | note': {line!r}")
        doc, src, rel, dst = parts
        out.setdefault(doc, []).append({"source": src, "target": dst, "relation": rel, "note": note.strip()})
    return out


def problems(gold: dict) -> list[str]:
    ids = {a["id"]: a for a in gold["attributions"]}
    seen, out = set(), []
    for lk in gold.get("links", []):
        s, t, rel = lk["source"], lk["target"], lk["relation"]
        if s not in ids or t not in ids:
            out.append(f"unknown id in {lk}")
        elif s == t:
            out.append(f"self link {lk}")
        elif ids[s].get("credit") or ids[t].get("credit"):
            out.append(f"a credit is linked: {lk}")
        if rel not in RELATIONS:
            out.append(f"bad relation {lk}")
        if not lk.get("note"):
            out.append(f"no note: {lk}")
        pair = frozenset((s, t))
        if pair in seen:
            out.append(f"two links between {s} and {t}")
        seen.add(pair)
    return out


def apply(path: Path, replace: bool) -> None:
    for doc, links in parse(path).items():
        gold, _ = load(doc)
        if gold.get("links") and not replace:
            raise SystemExit(f"{doc} already has links (use --replace)")
        gold["links"] = links
        bad = problems(gold)
        if bad:
            raise SystemExit(f"{doc}: " + "; ".join(bad))
        write(doc, gold)
        print(f"{doc}: {len(links)} links")


def all_docs() -> list[Path]:
    return sorted(GUM.glob("dev/*.json")) + sorted(GUM.glob("test/*.json"))


def stats() -> None:
    table: dict[str, Counter] = {"dev": Counter(), "test": Counter()}
    for p in all_docs():
        gold = json.loads(p.read_text(encoding="utf-8"))
        c = table[p.parent.name]
        c["docs"] += 1
        c["docs with links"] += bool(gold["links"])
        c["attributions"] += sum(not a.get("credit") for a in gold["attributions"])
        for lk in gold["links"]:
            c[lk["relation"]] += 1
            c["links"] += 1
    keys = ("docs", "docs with links", "attributions", "links", *RELATIONS)
    print("| split | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for split, c in table.items():
        print(f"| {split} | " + " | ".join(str(c[k]) for k in keys) + " |")
    tot = table["dev"] + table["test"]
    print("| all | " + " | ".join(str(tot[k]) for k in keys) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("docs", nargs="+")
    s.add_argument("--width", type=int, default=320)
    s.add_argument("--no-links", action="store_true", help="do not print the annotated links (a blind second pass)")
    a = sub.add_parser("apply")
    a.add_argument("file", type=Path)
    a.add_argument("--replace", action="store_true")
    sub.add_parser("check")
    sub.add_parser("stats")
    args = ap.parse_args(argv)
    if args.cmd == "show":
        for d in args.docs:
            show(d, args.width, not args.no_links)
            print()
    elif args.cmd == "apply":
        apply(args.file, args.replace)
    elif args.cmd == "check":
        bad = 0
        for p in all_docs():
            for msg in problems(json.loads(p.read_text(encoding="utf-8"))):
                print(f"{p.stem}: {msg}")
                bad += 1
        return 1 if bad else 0
    else:
        stats()
    return 0


if __name__ == "__main__":
    sys.exit(main())
