"""Benchmark of the no-change render: drawing every view vs a second render with nothing changed.

In one run, on one map (a real store with --db, else a synthetic map of --claims claims from
render_bench.py), into a fresh folder:

* full: the first render (every view drawn by `dot`) — the baseline, what every render cost before
  the key per file in the manifest;
* no change: the same render again (no `dot` run at all);
* one document: the same map with one document's title changed (only its views are drawn again).

It prints wall seconds, the ratio to the baseline of the same run, how many views `dot` drew, and
the Python peak memory (tracemalloc) of the full render beside that of building every view's DOT
text first (what render held before it streamed). Ratios, not absolute times, are the result: the
machine is shared.

Usage: python bench/render_nochange_bench.py [--db gum.db] [--claims 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from argmap.render import render_views, to_dot, views  # noqa: E402


def _load(args):
    if args.db:
        from argmap.store import open_store

        with open_store(args.db, create=False) as store:
            return store.load_map()
    from render_bench import synthetic_map

    return synthetic_map(args.claims)


def _timed(amap, out: Path, jobs: int) -> tuple[float, dict]:
    stats: dict = {}
    t = time.perf_counter()
    render_views(amap, out, stats=stats, jobs=jobs)
    return time.perf_counter() - t, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an argmap store (SQLite path) to render; default: a synthetic map")
    ap.add_argument("--claims", type=int, default=1000, help="claims of the synthetic map")
    ap.add_argument("--jobs", type=int, default=2, help="dot processes in parallel")
    args = ap.parse_args()
    amap = _load(args)
    doc = amap.documents[0]
    changed = amap.model_copy(update={"documents": [doc.model_copy(update={"title": doc.title + " (updated)"}),
                                                    *amap.documents[1:]]})
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "maps"
        full, s_full = _timed(amap, out, args.jobs)
        same, s_same = _timed(amap, out, args.jobs)
        one, s_one = _timed(changed, out, args.jobs)
        tracemalloc.start()
        render_views(amap, Path(tmp) / "mem", formats=("dot",))
        streamed = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        tracemalloc.start()
        texts = {name: to_dot(d) for name, d in views(amap)}  # what render held before it streamed
        held = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del texts
    print(f"map: {len(amap.documents)} documents, {len(amap.claims)} claims, {len(amap.links)} links; "
          f"{s_full['views']} views")
    print(f"{'render':<28}{'wall s':>8}{'x full':>8}{'dot runs':>10}")
    for label, secs, stats in (("full (baseline)", full, s_full), ("no change", same, s_same),
                               ("one document changed", one, s_one)):
        print(f"{label:<28}{secs:>8.2f}{secs / full:>8.3f}{stats['drawn']:>10}")
    print(f"python peak, render to DOT (streamed): {streamed / 2**20:.1f} MiB; "
          f"every view's DOT built first: {held / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
