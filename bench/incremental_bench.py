"""Benchmark of incremental runs (issue #20 item 2) on real news: the 43 Wikinews texts of GUM
(`bench/gold/gum/texts/`), and the same texts repeated under other names (each copy made distinct by
a last line, so it is a document of its own) to ~2x and ~4x the corpus.

For each size, in one fresh store, it times as subprocesses of the command line (model loading,
imports and all, as a user sees it):

* `first`: `argmap run` on an empty store (the baseline of the same run);
* `no change`: `argmap run` again with nothing new (the issue's target: < 2 s);
* `+1 doc`: `argmap run` after one new document is added (its parse, a full re-link, render);
* `review`: `argmap run` after a review decision (one claim accepted) and nothing else.

and, in a subprocess of its own, the no-change run step by step (`jobs.extract`, `jobs.link`,
`jobs.render`, imports included in the first step that needs them), plus `link --force` (a full
re-link of an unchanged store) against the skipped link. Ratios are against `first` of the same
size, measured in the same run.

Usage: python bench/incremental_bench.py [--copies 1 2 4] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "bench" / "gold" / "gum" / "texts"
ARGMAP = [sys.executable, "-m", "argmap"]

STEPS = r"""
import json, sys, time
t0 = time.perf_counter()
from argmap import jobs
from argmap.store import open_store
s = open_store(sys.argv[1])
t1 = time.perf_counter()
jobs.extract(s, [sys.argv[2]])
t2 = time.perf_counter()
skipped = jobs.link(s)
t3 = time.perf_counter()
jobs.render(s, sys.argv[3])
t4 = time.perf_counter()
jobs.link(s, force=True)
t5 = time.perf_counter()
print(json.dumps({"import+open": t1 - t0, "extract": t2 - t1, "link (skipped)": t3 - t2, "render": t4 - t3,
                  "link --force": t5 - t4, "up_to_date": skipped.up_to_date, "spacy": "spacy" in sys.modules}))
"""


def make_corpus(folder: Path, copies: int) -> int:
    """The GUM texts, `copies` times (copy k > 0 named `kN_...` and ending with its own line)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for k in range(copies):
        for f in sorted(TEXTS.glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            name = f.name if k == 0 else f"k{k}_{f.name}"
            if k:
                text = text.rstrip("\n") + f"\n\n(Archive copy {k}.)\n"
            (folder / name).write_text(text, encoding="utf-8")
            n += 1
    return n


def timed(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=True, cwd=REPO)
    return time.perf_counter() - t, proc.stdout + proc.stderr


def accept_one_claim(db: Path) -> None:
    from argmap.model import Status
    from argmap.store import open_store

    with open_store(db) as s:
        claim = next(c for c in s.claims() if c.status is Status.proposed)
        s.update_claim(claim.model_copy(update={"status": Status.accepted, "reviewer": "bench"}), reviewer="bench")


def bench(copies: int, work: Path) -> dict:
    corpus, db, out = work / f"corpus{copies}", work / f"s{copies}.db", work / f"maps{copies}"
    docs = make_corpus(corpus, copies)
    run = [*ARGMAP, "--db", str(db), "run", "--out", str(out), str(corpus)]
    row = {"documents": docs}
    row["first"], _ = timed(run)
    for tries in range(1, 4):  # code edited under a running bench (a new linker fingerprint) links once more
        row["no change"], text = timed(run)
        if "links: up to date" in text:
            break
    assert "links: up to date" in text, text
    row["no-change tries"] = tries
    steps = subprocess.run([sys.executable, "-c", STEPS, str(db), str(corpus), str(out)], capture_output=True,
                           text=True, check=True, cwd=REPO)
    row["steps"] = json.loads(steps.stdout.strip().splitlines()[-1])
    extra = corpus / "zz_new_document.txt"
    extra.write_text((TEXTS / "GUM_news_warhol.txt").read_text(encoding="utf-8") + "\n\n(A new document.)\n",
                     encoding="utf-8")
    row["+1 doc"], _ = timed(run)
    accept_one_claim(db)
    row["review"], text = timed(run)
    assert "links: up to date" not in text, text
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4], help="corpus sizes, in copies of the 43 texts")
    ap.add_argument("--keep", default=None, metavar="DIR", help="work in DIR and keep it (default: a temp folder)")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="argmap-incr-"))
    try:
        rows = [bench(c, work) for c in args.copies]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'docs':>5} {'first s':>8} {'no-change s':>12} {'ratio':>6} {'+1 doc s':>9} {'ratio':>6} "
          f"{'review s':>9} {'ratio':>6} | no-change steps: extract / link / render s; link --force s; spaCy imported")
    for r in rows:
        st = r["steps"]
        print(f"{r['documents']:5d} {r['first']:8.2f} {r['no change']:12.2f} {r['no change'] / r['first']:6.3f} "
              f"{r['+1 doc']:9.2f} {r['+1 doc'] / r['first']:6.3f} {r['review']:9.2f} {r['review'] / r['first']:6.3f} | "
              f"{st['import+open'] + st['extract']:.2f} / {st['link (skipped)']:.3f} / {st['render']:.2f}; "
              f"{st['link --force']:.2f}; {st['spacy']}")
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
