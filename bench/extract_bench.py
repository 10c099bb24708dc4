"""Extraction speed: argmap end to end vs the plain spaCy parse of the same texts, in one run.

    python bench/extract_bench.py [--docs N] [--repeat R] [--processes P]

Texts: the team corpus (and the seed article when available), cycled to N documents with names,
dates and sentence order varied so no two are identical (`generate`). Prints words per second for
  (a) plain `nlp.pipe` with the same model (the baseline),
  (b) `argmap extract` end to end (ingest, parse, rules, actors, SQLite store), without and with
      the pre-filter, in one process, and with P worker processes,
  (c) textacy's `direct_quotations` pipeline (parse + quotations) when textacy is installed,
and the ratios. Each timing is the best of R runs, the runs of all variants interleaved, so the
machine's noise hits them alike; the single-process ratios are also given in CPU time, which other
programs on the machine disturb less. Ratios are what matter: absolute speed depends on the machine.
`bench/scale_bench.py` runs this together with the linking and memory measurements.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "seeds" / "000_dad2c62ecae5722a.txt"
NAMES = [("Algeria", "Mali"), ("Canada", "India"), ("Niger", "Benin"), ("Morocco", "Algeria"), ("Chad", "Sudan")]
#: Names swapped in by `generate`: (country, capital, demonym), all in argmap's country table.
COUNTRIES = [
    ("Niger", "Niamey", "Nigerien"), ("Benin", "Porto-Novo", "Beninese"), ("Chad", "N'Djamena", "Chadian"),
    ("Sudan", "Khartoum", "Sudanese"), ("Morocco", "Rabat", "Moroccan"), ("Senegal", "Dakar", "Senegalese"),
    ("Ghana", "Accra", "Ghanaian"), ("Kenya", "Nairobi", "Kenyan"), ("Ethiopia", "Addis Ababa", "Ethiopian"),
    ("Peru", "Lima", "Peruvian"), ("Chile", "Santiago", "Chilean"), ("Norway", "Oslo", "Norwegian"),
]
SOURCES = {"Algeria": ("Algiers", "Algerian"), "Mali": ("Bamako", "Malian"), "India": ("New Delhi", "Indian"),
           "Canada": ("Ottawa", "Canadian")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def base_texts() -> list[str]:
    """The bodies of the team corpus in English (and of the seed article when it is there): the
    baseline is the English model, so the French documents (`language: fr`) are left out."""
    from argmap.ingest import read_document

    docs = [read_document(p) for p in sorted((ROOT / "corpus").rglob("*.md")) if p.name != "README.md"]
    base = [d.text for d in docs if (d.language or "en").split("-")[0] == "en"]
    if SEED.is_file():
        base.append(SEED.read_text(encoding="utf-8"))
    return base


def texts(n: int) -> list[str]:
    """`n` corpus-length documents: the base texts cycled, months and a closing line varied."""
    base = base_texts()
    rng = random.Random(7)
    out = []
    for i in range(n):
        t = base[i % len(base)]
        a, b = NAMES[i % len(NAMES)]
        out.append(t.replace("April", rng.choice(["May", "June", "July"])) + f"\nDocument {i}: {a} and {b}.")
    return out


def generate(n: int, *, paragraphs: int | None = None, seed: int = 7):
    """Yield `n` new documents made from the team's: countries, capitals, demonyms and months
    swapped, paragraphs shuffled within a document, and a dateline naming the document.

    Args:
        n: how many.
        paragraphs: keep only this many paragraphs of each (short documents), None for all.
        seed: the random seed (the same seed gives the same documents).
    """
    rng = random.Random(seed)
    pool = [[p for p in t.split("\n") if p.strip()] for t in base_texts()]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for k, v in SOURCES.items() for w in (k, *v)) + r")\b")
    for i in range(n):
        paras = list(pool[i % len(pool)])
        first, rest = paras[0], paras[1:]
        rng.shuffle(rest)
        paras = [first, *rest]
        if paragraphs:
            paras = paras[:paragraphs]
        one, two = rng.sample(COUNTRIES, 2)
        swap = {}
        for (name, (capital, demonym)), new in zip(SOURCES.items(), (one, two, one, two)):
            swap.update({name: new[0], capital: new[1], demonym: new[2]})
        month = MONTHS[rng.randrange(12)]
        body = "\n\n".join(pattern.sub(lambda m: swap[m.group(0)], p) for p in paras)
        body = re.sub(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b", month, body)
        yield f"{new_dateline(i, month, rng)}\n\n{body}\n"


def new_dateline(i: int, month: str, rng: random.Random) -> str:
    return f"Report {i} ({rng.randint(1, 28)} {month} {rng.choice((2023, 2024, 2025))})"


def write_corpus(folder: Path, docs: list[str] | None = None, *, generated=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(generated if generated is not None else docs):
        (folder / f"doc{i:05d}.txt").write_text(t, encoding="utf-8")
    return folder


def measure(docs: list[str], *, repeat: int = 3, processes: int = 2, textacy: bool = True, log=print) -> dict:
    """Time every variant on `docs`, runs interleaved, best of `repeat`.

    Returns counts and, per variant, the best wall-clock seconds and the best CPU seconds of this
    process (`time.process_time`: what a variant costs when other programs share the cores; not
    meaningful for the worker-process variant, whose work is done by other processes).
    """
    import spacy

    from argmap import jobs
    from argmap.pipeline import build_nlp, default_model
    from argmap.store import open_store

    plain = spacy.load(default_model())
    plain.max_length = 3_000_000
    nlp = build_nlp()
    list(plain.pipe(docs[:2]))  # warm up both
    list(nlp.pipe(docs[:2]))
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        direct_quotations = None
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    info: dict[str, object] = {"documents": len(docs), "words": sum(len(t.split()) for t in docs)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", docs)

        def argmap_run(tag: str, **options) -> None:
            store = open_store(Path(tmp) / f"{tag}.db")
            result = jobs.extract(store, [str(folder)], nlp=nlp, **options)
            store.close()
            for p in Path(tmp).glob(f"{tag}.db*"):
                p.unlink()
            info[f"claims {tag}"] = result.claims_written
            info[f"parsed {tag}"] = result.chars_parsed / max(1, result.chars)

        def plain_run() -> None:
            for _ in plain.pipe(docs, batch_size=16):
                pass

        def textacy_run() -> None:
            for d in plain.pipe(docs, batch_size=16):
                try:
                    list(direct_quotations(d))
                except ValueError:
                    pass

        variants = {
            "plain": plain_run,
            "argmap": lambda: argmap_run("argmap", prefilter=False),
            "argmap+prefilter": lambda: argmap_run("prefilter", prefilter=True),
            f"argmap+prefilter {processes} processes": lambda: argmap_run("processes", prefilter=True, processes=processes),
        }
        if textacy and direct_quotations is not None:
            variants["textacy"] = textacy_run
        for r in range(repeat):
            for name, fn in variants.items():
                w0, c0 = time.perf_counter(), time.process_time()
                fn()
                wall.setdefault(name, []).append(time.perf_counter() - w0)
                cpu.setdefault(name, []).append(time.process_time() - c0)
                log(f"  run {r + 1}/{repeat} {name:32s} {wall[name][-1]:7.2f} s")
    info["seconds"] = {k: min(v) for k, v in wall.items()}
    info["cpu"] = {k: min(v) for k, v in cpu.items()}
    return info


def report(info: dict, processes: int = 2, out=print) -> dict[str, float]:
    """Print the table and return the ratios (wall clock; CPU time in brackets where it means something)."""
    sec, cpu = info["seconds"], info["cpu"]
    words = info["words"]
    parallel = f"argmap+prefilter {processes} processes"
    out(f"documents {info['documents']}, words {words:,}, claims {info['claims argmap']:,} "
        f"(with the pre-filter {info['claims prefilter']:,}; {100 * info['parsed prefilter']:.0f}% of the text parsed)")
    for name, t in sec.items():
        extra = f"  (CPU {cpu[name]:6.2f} s)" if name != parallel else ""
        out(f"  {name:34s} {t:7.2f} s  {words / t:8,.0f} words/s  throughput vs plain {sec['plain'] / t:.2f}{extra}")
    ratios = {
        "argmap / plain": sec["plain"] / sec["argmap"],
        "argmap / plain (CPU)": cpu["plain"] / cpu["argmap"],
        "argmap+prefilter / plain": sec["plain"] / sec["argmap+prefilter"],
        "argmap+prefilter / plain (CPU)": cpu["plain"] / cpu["argmap+prefilter"],
        f"{processes} processes / 1": sec["argmap+prefilter"] / sec[parallel],
    }
    if "textacy" in sec:
        ratios["argmap+prefilter / textacy"] = sec["textacy"] / sec["argmap+prefilter"]
    for k, v in ratios.items():
        out(f"  ratio {k:32s} {v:.2f}")
    return ratios


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40, help="documents (corpus length) to extract")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each variant; the best counts")
    ap.add_argument("--processes", type=int, default=2, help="worker processes of the parallel variant")
    args = ap.parse_args(argv)
    info = measure(texts(args.docs), repeat=args.repeat, processes=args.processes)
    report(info, args.processes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
