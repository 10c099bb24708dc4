"""Speed and scale of argmap (issue #9), measured in one run on the same texts.

    python bench/scale_bench.py [--full] [--skip extract,link,memory,incremental,real] [--real-sizes 50,100,200,400]

Prints the ratios the issue asks for:
  (a) `argmap extract` end to end (ingest, parse, rules, actors, SQLite) vs plain `nlp.pipe` with
      the same model on the same texts, without and with the pre-filter (target >= 0.9; > 1.0);
  (b) 2 worker processes vs 1 (target >= 1.7 on 2 free cores);
  (c) argmap vs textacy's `direct_quotations` pipeline (parse + quotations);
  (d) linking time at 1k, 10k and 50k claims (bench/link_bench.py's synthetic claims), with the
      growth per size step (quadratic would be x100 and x2500; target: 50k under a minute);
  (e) peak memory (max RSS of an `argmap extract` subprocess) for 100 vs 10,000 documents
      (target: within 20%);
  (f) an incremental re-run with one new document vs the first run;
  (g) issue #24: on real text (the 43 GUM Wikinews texts of bench/gold/gum/texts repeated under other
      names, a token changed per copy) at 4 sizes, wall time, CPU time and peak RSS of extract, link,
      render, compare, export (and the export as it was before it streamed) and a no-change `argmap
      run`, each its own `argmap` process; growth exponents (log-log slope between sizes, and the
      fit over all) and an extrapolation to 10,000 documents. Only (g): `--skip
      extract,link,memory,incremental`. The no-change run extracts again when argmap's extraction
      code changes between the steps (someone editing the checkout meanwhile): run the bench from a
      frozen copy then (`git archive HEAD src bench | tar -x -C DIR`; `PYTHONPATH=DIR/src python
      DIR/bench/scale_bench.py ...`).
Texts are made from the team's corpus (bench/extract_bench.py `texts`, `generate`); nothing large is
shipped. Default run: about 6 minutes on 2 cores. For (e) the default uses short documents (the
first two paragraphs of each generated document, ~85 words: the same code path with a seventh of
the words); `--full` uses whole documents (about 6 million words, 20+ minutes) and 200 documents
for (a)-(c).
Timings depend on the machine, and on what else runs on it: the load average is printed first.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
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
    """(peak resident memory in MiB, seconds) of `cmd` run in a fresh wrapper process."""
    mib, seconds, _ = usage_of(cmd, env)
    return mib, seconds


def usage_of(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """(peak resident memory in MiB, wall seconds, CPU seconds) of `cmd` run in a fresh wrapper process.

    The wrapper's RUSAGE_CHILDREN covers only that one command (and its own children: worker
    processes, `dot`), so runs do not mask each other. CPU seconds (user + system) count the work
    done whatever else runs on the machine; wall seconds grow when other programs take the cores.
    """
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(u.ru_maxrss, time.perf_counter() - t, u.ru_utime + u.ru_stime, r.returncode)")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, env=env, check=True)
    kib, seconds, cpu, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return int(kib) / 1024, float(seconds), float(cpu)


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


GUM_TEXTS = ROOT / "bench" / "gold" / "gum" / "texts"
REAL_STEPS = ("extract", "link", "render", "compare", "export", "export (before: load_map + dumps_map)", "no-change run")

#: the export as it was before issue #24 streamed it: the whole map loaded, then one string written
OLD_EXPORT = ("import sys; from argmap.store import open_store; from argmap.store.sqlite import dumps_map; "
              "s = open_store(sys.argv[1], readonly=True); open(sys.argv[2], 'w', encoding='utf-8').write(dumps_map(s.load_map()))")


def real_corpus(folder: Path, n: int) -> int:
    """`n` documents made of the 43 GUM Wikinews texts repeated under other names; copy k > 0 of a
    text has " (copy k)" after its headline, so no two texts have the same sha256. Returns the words."""
    texts = sorted(GUM_TEXTS.glob("*.txt"))
    folder.mkdir(parents=True)
    words = 0
    for i in range(n):
        src = texts[i % len(texts)]
        k = i // len(texts)
        text = src.read_text(encoding="utf-8")
        if k:
            head, _, rest = text.partition("\n")
            text = f"{head} (copy {k})\n{rest}"
        (folder / f"{src.stem}_{k:03d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def _top_actors(db: Path) -> tuple[str, str]:
    from argmap.store import open_store

    with open_store(db, readonly=True) as s:
        rows = s.actor_table()
    return rows[0]["id"], rows[1]["id"]


def _slope(n0: float, y0: float, n1: float, y1: float) -> float:
    return math.log(y1 / y0) / math.log(n1 / n0) if y0 > 0 and y1 > 0 else float("nan")


def _fit(sizes: list[int], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(size): the growth exponent over all sizes."""
    xs, ls = [math.log(n) for n in sizes], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(xs) / len(xs), sum(ls) / len(ls)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ls)) / sum((x - mx) ** 2 for x in xs)


def real_table(sizes: list[int], table: dict[str, list[tuple[float, float, float]]], target: int = 10_000) -> dict[str, float]:
    """Print the markdown table of (g) (docs/scale.md) and return its summary figures.

    `table`: step -> (wall seconds, peak MiB, CPU seconds) per size. Exponents: log-log slopes
    between consecutive sizes, and the least-squares fit over all sizes, of wall time, CPU time and
    peak memory; the extrapolation to `target` documents uses the fitted exponent (floored at 0)
    from the largest size, and, for the totals, also the last step's exponent (more sensitive to
    noise on a shared machine). CPU time is the work whatever else runs on the machine; on two free
    cores a step's wall time is at most its CPU time (less where two processes or `dot` runs share
    the work)."""
    out_rows: dict[str, float] = {}
    print(f"\n  | step | {' | '.join(f'{n} docs: s / CPU s / MiB' for n in sizes)} | wall exp. (steps; fit) "
          f"| CPU exp. (steps; fit) | memory exp. (steps; fit) | peak {sizes[-1]} / {sizes[0]} docs "
          f"| at {target:,} (fit): s / CPU s / MiB |")
    print(f"  |---|{'---|' * len(sizes)}---|---|---|---|---|")
    totals = {"wall": 0.0, "wall_last": 0.0, "cpu": 0.0, "cpu_last": 0.0, "mib": 0.0}
    grow = target / sizes[-1]

    def exps(ys: list[float]) -> tuple[list[float], float]:
        return [_slope(sizes[i], ys[i], sizes[i + 1], ys[i + 1]) for i in range(len(sizes) - 1)], _fit(sizes, ys)

    def cell(steps: list[float], fit: float) -> str:
        return f"{' '.join(f'{e:.2f}' for e in steps)}; **{fit:.2f}**"

    for step, vals in table.items():
        wall, mib, cpu = ([v[k] for v in vals] for k in range(3))
        (t_exp, t_fit), (c_exp, c_fit), (m_exp, m_fit) = exps(wall), exps(cpu), exps(mib)
        t_at, c_at, m_at = (ys[-1] * grow ** max(e, 0.0) for ys, e in ((wall, t_fit), (cpu, c_fit), (mib, m_fit)))
        if not step.startswith("export (before"):
            totals["wall"] += t_at
            totals["wall_last"] += wall[-1] * grow ** max(t_exp[-1], 0.0)
            totals["cpu"] += c_at
            totals["cpu_last"] += cpu[-1] * grow ** max(c_exp[-1], 0.0)
            totals["mib"] = max(totals["mib"], m_at)
        print(f"  | {step} | {' | '.join(f'{t:.1f} / {c:.1f} / {m:.0f}' for t, m, c in vals)} | {cell(t_exp, t_fit)} | "
              f"{cell(c_exp, c_fit)} | {cell(m_exp, m_fit)} | x{mib[-1] / mib[0]:.2f} | {t_at:,.0f} / {c_at:,.0f} / {m_at:,.0f} |")
        out_rows[f"{step} time exponent (fit)"] = t_fit
        out_rows[f"{step} CPU exponent (fit)"] = c_fit
        out_rows[f"{step} memory exponent (fit)"] = m_fit
        out_rows[f"{step} peak MiB at {sizes[-1]}"] = mib[-1]
        out_rows[f"{step} peak ratio {sizes[-1]}/{sizes[0]}"] = mib[-1] / mib[0]
    print(f"  extrapolated to {target:,} documents, every step once (fitted exponents, flat where below 0): "
          f"wall {totals['wall'] / 60:.0f} min ({totals['wall_last'] / 60:.0f} min with the last steps' exponents), "
          f"CPU {totals['cpu'] / 60:.0f} min ({totals['cpu_last'] / 60:.0f}), largest peak {totals['mib']:,.0f} MiB")
    out_rows[f"extrapolated minutes at {target}"] = totals["wall"] / 60
    out_rows[f"extrapolated CPU minutes at {target}"] = totals["cpu"] / 60
    return out_rows


def bench_real(sizes: list[int], processes: int, target: int = 10_000) -> dict[str, float]:
    """Each step of the pipeline as its own `argmap` process on a fresh store per size: wall time, CPU
    time and peak RSS (model load included where the step loads spaCy), growth exponents between
    sizes, and the step extrapolated to `target` documents (see `real_table`)."""
    section(f"(g) real text at {', '.join(map(str, sizes))} documents (GUM Wikinews, 43 texts repeated), "
            f"extract with --processes {processes}")
    argmap = str(Path(sys.executable).with_name("argmap"))
    table: dict[str, list[tuple[float, float, float]]] = {step: [] for step in REAL_STEPS}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder, db, out = Path(tmp) / f"c{n}", Path(tmp) / f"m{n}.db", Path(tmp) / f"d{n}"
            words = real_corpus(folder, n)
            base = [argmap, "-q", "--db", str(db)]
            runs = {
                "extract": lambda: usage_of([*base, "extract", "--processes", str(processes), str(folder)]),
                "link": lambda: usage_of([*base, "link"]),
                "render": lambda: usage_of([*base, "render", "--out", str(out)]),
                "compare": lambda: usage_of([*base, "compare", *_top_actors(db), "--format", "json",
                                             "-o", str(Path(tmp) / f"cmp{n}.json")]),
                "export": lambda: usage_of([*base, "export", "--format", "json", "-o", str(Path(tmp) / f"new{n}.json")]),
                "export (before: load_map + dumps_map)": lambda: usage_of(
                    [sys.executable, "-c", OLD_EXPORT, str(db), str(Path(tmp) / f"old{n}.json")]),
                "no-change run": lambda: usage_of([*base, "run", "--processes", str(processes), "--out", str(out), str(folder)]),
            }
            for step in REAL_STEPS:
                mib, seconds, cpu = runs[step]()
                table[step].append((seconds, mib, cpu))
            same = (Path(tmp) / f"new{n}.json").read_bytes() == (Path(tmp) / f"old{n}.json").read_bytes()
            from argmap.store import open_store

            with open_store(db, readonly=True) as s:
                counts = s.counts()
            print(f"  {n:>5} documents {words:>8,} words: {counts.get('claims', 0):,} claims, {counts.get('links', 0):,} links; "
                  + "; ".join(f"{k} {v[-1][0]:.1f} s ({v[-1][2]:.1f} s CPU) {v[-1][1]:.0f} MiB" for k, v in table.items())
                  + f"; streamed export == old export: {same}", flush=True)
            for f in (Path(tmp) / f"new{n}.json", Path(tmp) / f"old{n}.json"):
                f.unlink()
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
    return real_table(sizes, table, target)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="bigger runs: 200 documents for (a)-(c), whole documents for (e)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: extract, link, memory, incremental, real")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for (b) and (g)")
    ap.add_argument("--real-sizes", default="50,100,200,400",
                    help="(g): documents of real text at each size (about 12 minutes in all at the default on 2 cores)")
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
    if "real" not in skip:
        ratios.update(bench_real([int(x) for x in args.real_sizes.split(",")], args.processes))
    section(f"summary ({time.perf_counter() - t_start:.0f} s)")
    for k, v in ratios.items():
        print(f"  {k:40s} {v:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
