"""Extraction speed: argmap end to end vs the plain spaCy parse of the same texts, in one run.

    python bench/extract_bench.py [--docs N] [--repeat R]

Texts: the team corpus (and the seed article when available), cycled to N documents with names
and dates varied so no two are identical. Prints words per second for
  (a) plain `nlp.pipe` with the same model (the baseline),
  (b) `argmap extract` end to end (ingest, parse, rules, actors, SQLite store),
  (c) textacy's `direct_quotations` over the same parses (when textacy is installed),
and the ratios (b)/(a) and (c)/(a). Ratios are what matter: absolute speed depends on the machine.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "seeds" / "000_dad2c62ecae5722a.txt"
NAMES = [("Algeria", "Mali"), ("Canada", "India"), ("Niger", "Benin"), ("Morocco", "Algeria"), ("Chad", "Sudan")]


def texts(n: int) -> list[str]:
    from argmap.ingest import read_document

    base = [read_document(p).text for p in sorted((ROOT / "corpus").rglob("*.md")) if p.name != "README.md"]
    if SEED.is_file():
        base.append(SEED.read_text(encoding="utf-8"))
    rng = random.Random(7)
    out = []
    for i in range(n):
        t = base[i % len(base)]
        a, b = NAMES[i % len(NAMES)]
        out.append(t.replace("April", rng.choice(["May", "June", "July"])) + f"\nDocument {i}: {a} and {b}.")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40)
    args = ap.parse_args()

    import spacy

    from argmap import jobs
    from argmap.pipeline import build_nlp, default_model
    from argmap.store import open_store

    docs = texts(args.docs)
    words = sum(len(t.split()) for t in docs)
    plain = spacy.load(default_model())
    plain.max_length = 3_000_000
    list(plain.pipe(docs[:2]))  # warm up
    t0 = time.perf_counter()
    parsed = list(plain.pipe(docs, batch_size=16))
    t_plain = time.perf_counter() - t0

    nlp = build_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, t in enumerate(docs):
            (folder / f"doc{i:05d}.txt").write_text(t, encoding="utf-8")
        store = open_store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        result = jobs.extract(store, [str(folder)], nlp=nlp)
        t_argmap = time.perf_counter() - t0
        store.close()

    t_textacy = None
    try:
        from textacy.extract.triples import direct_quotations

        t0 = time.perf_counter()
        for d in plain.pipe(docs, batch_size=16):
            try:
                list(direct_quotations(d))
            except ValueError:
                pass
        t_textacy = time.perf_counter() - t0
    except ImportError:
        pass

    print(f"documents {len(docs)}, words {words:,}, claims {result.claims_written:,}")
    print(f"(a) plain nlp.pipe         {t_plain:7.2f} s  {words / t_plain:8,.0f} words/s  ratio 1.00")
    print(f"(b) argmap extract         {t_argmap:7.2f} s  {words / t_argmap:8,.0f} words/s  throughput ratio {t_plain / t_argmap:.2f}")
    if t_textacy is not None:
        print(f"(c) textacy quotations     {t_textacy:7.2f} s  {words / t_textacy:8,.0f} words/s  throughput ratio {t_plain / t_textacy:.2f}")
    del parsed


if __name__ == "__main__":
    main()
