"""Score argmap's in-text date and publisher finder on real news: the GUM Wikinews texts, without their manifest.

    python bench/eval_meta.py [--which gum-dev|gum-test|gum] [--verbose] [--dateparser]

Gold: `bench/gold/gum/manifest.csv` (written by `bench/gold/gum_manifest.py` from GUM's own
`# meta::` records: `dateCreated` as the date, publisher Wikinews). Each text is read with
`argmap.ingest.read_document` — one file, so no manifest applies — and what the finder gave is
compared with the manifest row:

* **dates found**: documents that got a date from their text; **right**: of those, the ones equal
  to the manifest date; **off by <= 3 days**: the ones within three days of it (Wikinews' date line
  is the publication date, GUM's `dateCreated` the day the page was started: they may differ by a
  few days without either being wrong); **recall**: right / documents.
* **publishers found**: documents that got a publisher from their text, and how many are "Wikinews".
* the time the finder takes per document (`argmap.meta.from_text`), and with `--dateparser` the
  time of `dateparser.search.search_dates` on the same head of text, for comparison.

The split is GUM's (bench/gold/gum/dev, test: by document). The rules were written reading gum-dev
only; `gum-test` is for reporting: `--verbose` (each document's finding) refuses it (exit 2).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUM = ROOT / "bench" / "gold" / "gum"
sys.path.insert(0, str(ROOT / "src"))


def split(which: str) -> list[str]:
    names = {"gum-dev": ["dev"], "gum-test": ["test"], "gum": ["dev", "test"]}[which]
    return sorted(p.stem for sub in names for p in (GUM / sub).glob("*.json"))


def evaluate(which: str, verbose: bool = False, with_dateparser: bool = False) -> dict:
    from argmap.ingest import read_document
    from argmap.meta import HEAD_CHARS, from_text

    if verbose and which != "gum-dev":
        raise ValueError("--verbose is refused on gum-test: the test split is for reporting only; read misses on gum-dev")
    with (GUM / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        gold = {Path(r["path"]).stem: r for r in csv.DictReader(fh)}
    docs = split(which)
    out = {"documents": len(docs), "dates_found": 0, "right": 0, "near": 0, "publishers_found": 0, "wikinews": 0}
    spent = dp_spent = 0.0
    for name in docs:
        doc = read_document(GUM / "texts" / f"{name}.txt")
        want = dt.date.fromisoformat(gold[name]["date"])
        t0 = time.perf_counter()
        from_text(doc.text)
        spent += time.perf_counter() - t0
        if with_dateparser:
            from dateparser.search import search_dates

            t0 = time.perf_counter()
            search_dates(doc.text[:HEAD_CHARS], languages=["en"])
            dp_spent += time.perf_counter() - t0
        got = doc.published
        how = (doc.provenance or {}).get("published")
        if got:
            out["dates_found"] += 1
            out["right"] += got == want
            out["near"] += abs((got - want).days) <= 3
        if doc.publisher:
            out["publishers_found"] += 1
            out["wikinews"] += doc.publisher == "Wikinews"
        if verbose:
            mark = "ok " if got == want else "~  " if got and abs((got - want).days) <= 3 else "-- "
            where = f"line {how.line} {how.rule}" if how else ""
            print(f"{mark}{name:32s} manifest {want}  text {got or '-'}  {where}  publisher {doc.publisher or '-'}")
    out["finder_ms_per_doc"] = round(spent / max(len(docs), 1) * 1000, 3)
    if with_dateparser:
        out["dateparser_search_ms_per_doc"] = round(dp_spent / max(len(docs), 1) * 1000, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--which", default="gum-test", choices=["gum-dev", "gum-test", "gum"])
    ap.add_argument("--verbose", "-v", action="store_true", help="one line per document (gum-dev only)")
    ap.add_argument("--dateparser", action="store_true", help="also time dateparser's search_dates on the same text")
    args = ap.parse_args()
    try:
        r = evaluate(args.which, args.verbose, args.dateparser)
    except ValueError as exc:
        print(f"eval_meta: {exc}", file=sys.stderr)
        sys.exit(2)
    n = r["documents"]
    print(f"{args.which}: {n} documents; dates found {r['dates_found']}, right {r['right']} "
          f"(precision {r['right'] / max(r['dates_found'], 1):.2f}, recall {r['right'] / n:.2f}), "
          f"within 3 days {r['near']}; publishers found {r['publishers_found']} ({r['wikinews']} Wikinews); "
          f"finder {r['finder_ms_per_doc']} ms/doc"
          + (f", dateparser search_dates {r['dateparser_search_ms_per_doc']} ms/doc" if "dateparser_search_ms_per_doc" in r else ""))


if __name__ == "__main__":
    main()
