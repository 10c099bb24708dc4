"""Speed and scale of argmap (issue #9), measured in one run on the same texts.

    python bench/scale_bench.py [--full] [--skip extract,link,memory,incremental]

Prints the ratios the issue asks for:
  (a) `argmap extract` end to end (ingest, parse, rules, actors, SQLite) vs plain `nlp.pipe` with
      the same model on the same texts, without and with the pre-filter (target >= 0.9; > 1.0);
  (b) 2 worker processes vs 1 (target >= 1.7 on 2 free cores);
  (c) argmap vs textacy's `direct_quotations` pipeline (parse + quotations);
  (d) linking time at 1k, 10k and 50k claims (bench/link_bench.py's synthetic claims), with the
      growth per size step (quadratic would be x100 and x2500; target: 50k under a minute);
  (e) peak memory (max RSS of an `argmap extract` subprocess) for 100 vs 10,000 documents
      (target: within 20%);
  (f) an incremental re-run with one new document vs the first run.
Texts are made from the team's corpus (bench/extract_bench.py `texts`, `generate`); nothing large is
shipped. Default run: about 6 minutes on 2 cores. For (e) the default uses short documents (the
first two paragraphs of each generated document, ~85 words: the same code path with a seventh of
the words); `--full` uses whole documents (about 6 million words, 20+ minutes) and 200 documents
for (a)-(c).
Timings depend on the machine, and on what else runs on it: the load average is printed first.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import extract_bench  # noqa: E402


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def bench_extract(docs: int, repeat: int, processes: int) -> dict[str, float]:
    section(f"(a)-(c) extraction throughput: {docs} corpus-length documents, best of {repeat} interleaved runs")
    info = extract_bench.measure(extract_bench.texts(docs), repeat=repeat, processes=processes, log=lambda *_: None)
    return extract_bench.report(info, processes)


def bench_link(sizes: list[int]) -> dict[str, float]:
    section("(d) linking time as claims grow (bench/link_bench.py synthetic claims)")
    import link_bench

    from argmap.link import BlockStats, link_claims

    base = link_bench.base_set("extract")
    rows = []
    for n in sizes:
        claims, actors, documents = link_bench.synthetic(n, *base)
        stats = BlockStats()
        t0 = time.perf_counter()
        links = link_claims(claims, actors, documents, stats=stats)
        dt = time.perf_counter() - t0
        rows.append((len(claims), dt))
        print(f"  {len(claims):>7,} claims  {dt:7.2f} s  {stats.candidates:>9,} pairs scored  {len(links):>7,} links", flush=True)
    n0, t0 = rows[0]
    out = {}
    for n, t in rows[1:]:
        print(f"  x{n / n0:.0f} claims: time x{t / t0:.1f} (quadratic would be x{(n / n0) ** 2:.0f})")
        out[f"link time x{n / n0:.0f} claims"] = t / t0
    out["link seconds at largest"] = rows[-1][1]
    return out


def max_rss_of(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(peak resident memory in MiB, seconds) of `cmd` run in a fresh wrapper process.

    The wrapper's RUSAGE_CHILDREN covers only that one command, so runs do not mask each other.
    """
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, r.returncode)")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, check=True)
    kib, seconds, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return int(kib) / 1024, float(seconds)


def bench_memory(sizes: list[int], paragraphs: int | None) -> dict[str, float]:
    kind = "whole documents" if paragraphs is None else f"first {paragraphs} paragraph(s) of each document"
    section(f"(e) peak memory of `argmap extract` (one process, pre-filter on) for {' vs '.join(f'{n:,}' for n in sizes)} "
            f"generated documents ({kind})")
    argmap = Path(sys.executable).with_name("argmap")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = extract_bench.write_corpus(Path(tmp) / f"c{n}", generated=extract_bench.generate(n, paragraphs=paragraphs))
            words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())
            mib, seconds = max_rss_of([str(argmap), "-q", "--db", str(Path(tmp) / f"m{n}.db"), "extract", str(folder)])
            rows.append((n, mib))
            print(f"  {n:>7,} documents  {words:>10,} words  max RSS {mib:7.1f} MiB  {seconds:7.1f} s  "
                  f"({words / seconds:,.0f} words/s, model load included)", flush=True)
    ratio = rows[-1][1] / rows[0][1]
    print(f"  memory x{ratio:.2f} for x{rows[-1][0] / rows[0][0]:.0f} documents")
    return {"memory ratio": ratio}


def bench_incremental(docs: int) -> dict[str, float]:
    section(f"(f) incremental: a second run over {docs} documents plus one new one")
    from argmap import jobs
    from argmap.pipeline import build_nlp
    from argmap.store import open_store

    nlp = build_nlp()
    texts = extract_bench.texts(docs + 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = extract_bench.write_corpus(Path(tmp) / "c", texts[:docs])
        store = open_store(Path(tmp) / "i.db")
        t0 = time.perf_counter()
        jobs.extract(store, [str(folder)], nlp=nlp)
        first = time.perf_counter() - t0
        (folder / "new.txt").write_text(texts[docs], encoding="utf-8")
        t0 = time.perf_counter()
        result = jobs.extract(store, [str(folder)], nlp=nlp)
        second = time.perf_counter() - t0
        store.close()
    print(f"  first run {first:6.2f} s ({docs} documents); second run {second:6.2f} s: "
          f"{result.documents_added} new, {result.documents_skipped} skipped = {second / (first / docs):.1f} documents' work")
    return {"incremental rerun, in documents of work": second / (first / docs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="bigger runs: 200 documents for (a)-(c), whole documents for (e)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: extract, link, memory, incremental")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for (b)")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (ratios need the cores free)")
    t_start = time.perf_counter()
    ratios: dict[str, float] = {}
    if "extract" not in skip:
        ratios.update(bench_extract(200 if args.full else 40, 3, args.processes))
    if "incremental" not in skip:
        ratios.update(bench_incremental(40))
    if "link" not in skip:
        ratios.update(bench_link([1000, 10000, 50000]))
    if "memory" not in skip:
        ratios.update(bench_memory([100, 10000], None if args.full else 2))
    section(f"summary ({time.perf_counter() - t_start:.0f} s)")
    for k, v in ratios.items():
        print(f"  {k:40s} {v:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
