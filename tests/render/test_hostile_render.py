"""Hostile input to rendering (issue 23 items 7, 10, 11): deep actor chains, over-long titles and
names, one failing view among good ones, and symlinks planted in the output folder.

Real store, real `dot`: maps are imported into an SQLite store and rendered by `jobs.render` (or the
CLI), as `argmap import` + `argmap render` would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from argmap import actor_graph, jobs
from argmap.actor_graph import ActorGraph
from argmap.errors import RenderError
from argmap.model import Actor, ArgumentMap
from argmap.render import diagram as diagram_module
from argmap.render import render_views, views
from argmap.store import open_store

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
MAX_DEPTH = actor_graph.MAX_DEPTH
TITLE_CHARS = diagram_module.TITLE_CHARS
TOOLTIP_CHARS = diagram_module.TOOLTIP_CHARS


def _stored(tmp_path: Path, amap: ArgumentMap):
    """An SQLite store holding `amap` (as `argmap import` writes it)."""
    db = tmp_path / "argmap.db"
    with open_store(db) as store:
        store.import_map(amap)
    return db


def _render(db: Path, out: Path, **kw) -> list[Path]:
    with open_store(db, create=False) as store:
        return jobs.render(store, out, **kw)


# --- item 7: deep actor chains ---------------------------------------------------------------


def _chain(n: int, side: str | None = "north") -> list[Actor]:
    """`a0000` (the root, with `side`) <- `a0001` <- ... <- `a<n-1>`, listed deepest first."""
    actors = [Actor(id=f"a{i:04d}", name=f"Unit {i}", parent=f"a{i - 1:04d}" if i else None) for i in range(n)]
    actors[0] = actors[0].model_copy(update={"side": side})
    return actors[::-1]


def test_actor_graph_cuts_a_3000_deep_chain_at_the_depth_cap_keeping_root_and_side():
    n = 3000
    g = ActorGraph(_chain(n))
    deepest = f"a{n - 1:04d}"
    chain = g.chain(deepest)
    assert len(chain) == MAX_DEPTH
    assert chain[0] == deepest and chain[-1] == "a0000"  # the root is kept, the middle is cut
    assert chain[1:] == [f"a{i:04d}" for i in range(MAX_DEPTH - 2, -1, -1)]
    assert g.root(deepest) == "a0000" and g.declared_side(deepest) == "north"
    for aid in g.by_id:  # every chain is bounded, and a chain's tail is its ancestors' own chain
        got = g.chain(aid)
        assert len(got) <= MAX_DEPTH
        assert all(g.chain(x) == got[i:] for i, x in enumerate(got))
    assert len(g.side_chain(deepest)) == MAX_DEPTH
    assert g.descendants(f"a{MAX_DEPTH - 2:04d}") == sorted(f"a{i:04d}" for i in range(MAX_DEPTH - 2, n))
    assert ActorGraph(_chain(n)).chain(deepest) == chain  # deterministic


def test_actor_graph_keeps_short_chains_whole_and_still_refuses_cycles():
    g = ActorGraph(_chain(MAX_DEPTH))
    assert g.chain(f"a{MAX_DEPTH - 1:04d}") == [f"a{i:04d}" for i in range(MAX_DEPTH - 1, -1, -1)]
    looped = [*_chain(500), Actor(id="b", name="b", parent="c"), Actor(id="c", name="c", parent="b")]
    looped[499] = looped[499].model_copy(update={"parent": "b"})  # the root a0000 now hangs from a loop
    for order in (looped, looped[::-1]):
        g = ActorGraph(order)
        assert all(g.chain(a) == [a] for a in g.by_id)  # every walk up would loop: no parents at all
    g = ActorGraph(_chain(500)[:-1] + [Actor(id="a0000", name="root", parent="nobody-known")])
    assert len(g.chain("a0499")) == MAX_DEPTH and g.root("a0499") == "a0000"


def _frame_depth(diagram) -> int:
    parent = {c.id: c.parent for c in diagram.clusters}
    depth = 0
    for cid in parent:
        d, at = 1, parent[cid]
        while at is not None:
            d, at = d + 1, parent[at]
        depth = max(depth, d)
    return depth


@pytest.mark.parametrize("depth", [150, 3000])
def test_render_draws_a_deep_actor_chain_with_bounded_nested_frames(tmp_path: Path, builder, depth: int):
    d = builder.doc("The unit said the road is open. The command said the road is closed.", "Road")
    builder.actors.extend(_chain(depth))
    open_ = builder.claim(d, "the road is open", cue="said", actor=f"a{depth - 1:04d}")
    closed = builder.claim(d, "the road is closed", cue="said", actor=f"a{depth // 2:04d}")
    builder.link(open_, closed, "contradicts")
    db = _stored(tmp_path, builder.build())
    with open_store(db, create=False) as store:
        corpus = dict(views(store.load_map()))["corpus"]
    assert _frame_depth(corpus) <= MAX_DEPTH
    frames = {c.id: c for c in corpus.clusters}
    assert frames["actor:a0000"].parent is None  # the chain's real root is the outermost frame
    for node in corpus.nodes:
        assert node.cluster in frames
    paths = _render(db, tmp_path / "maps")
    svg = ET.fromstring((tmp_path / "maps" / "corpus.svg").read_bytes())
    titles = {g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if "claim" in (g.get("class") or "")}
    assert titles == {open_.id, closed.id}
    assert tmp_path / "maps" / "corpus.svg" in paths


# --- item 10: over-long titles and names; one failing view ---------------------------------


def _long_map(builder) -> tuple[ArgumentMap, str]:
    """One ordinary document and one whose title, publisher, URL, speaker name and role are huge."""
    title = " ".join(f"word{i}" for i in range(3000))  # ~26,000 characters
    assert len(title) > 20_000
    good = builder.doc("The ministry said the border is open.", "Border reopens", "corpus/a.txt")
    bad = builder.doc(
        "The council said the bridge is closed. The mayor denied that the bridge is closed.",
        title,
        "corpus/b.txt",
        publisher="P" * 20_000,
        url="https://example.org/" + "x" * 20_000,
    )
    builder.actor("ministry", "Ministry", kind="government")
    builder.actor("council", "C" * 20_000, kind="group", role="r" * 20_000, aliases=["a" * 20_000] * 12)
    builder.actor("mayor", "Mayor", kind="person", side="s" * 20_000)
    builder.claim(good, "the border is open", cue="said", actor="ministry")
    closed = builder.claim(bad, "the bridge is closed", cue="said", actor="council", target="mayor")
    denied = builder.claim(bad, "that the bridge is closed", cue="denied", actor="mayor", kind="denial")
    builder.link(denied, closed, "contradicts", reason="because " * 5_000)
    return builder.build(), title


def _svg_texts(path: Path) -> tuple[list[str], list[str]]:
    root = ET.fromstring(path.read_bytes())
    shown = [t.text or "" for t in root.iter(f"{SVG}text")]
    tips = [a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a")]
    return shown, tips


def test_a_20000_character_title_is_cut_and_every_map_is_written(tmp_path: Path, builder):
    amap, title = _long_map(builder)
    db = _stored(tmp_path, amap)
    out = tmp_path / "maps"
    paths = _render(db, out, formats=("svg", "dot"))
    names = {p.name for p in paths}
    assert {"corpus.svg", "doc-border-reopens.svg"} <= names
    (bad_view,) = [n for n in names if n.startswith("doc-word0") and n.endswith(".svg")]
    assert any(n.startswith("dispute-") for n in names)
    shown, tips = _svg_texts(out / bad_view)
    heading = shown[0]
    assert heading.startswith("word0 word1") and heading.endswith("…") and len(heading) <= TITLE_CHARS
    graph_tip = tips[0]
    assert graph_tip.startswith(title[:1000]) and graph_tip.endswith("…")  # the rest of the title is hovered
    assert all(len(t) <= TOOLTIP_CHARS for t in tips)
    assert all(len(s) <= TITLE_CHARS for s in shown)
    for p in paths:  # the DOT text holds no string dot would refuse (16384 bytes)
        if p.suffix == ".dot":
            assert max(len(line.encode("utf-8")) for line in p.read_text(encoding="utf-8").splitlines()) < 16_000


def _views_of(amap: ArgumentMap) -> list[str]:
    return ["actors", *(name for name, _ in views(amap))]  # the actor overview comes first


def test_one_failing_view_is_reported_and_the_other_views_are_written(tmp_path: Path, sahel_map: ArgumentMap):
    db = _stored(tmp_path, sahel_map)
    names = _views_of(sahel_map)
    victim = names[2]  # a document view; the overview and the corpus come first, disputes after
    out = tmp_path / "maps"
    (out / f"{victim}.svg").mkdir(parents=True)  # a folder where the file goes: this view cannot be written
    with pytest.raises(RenderError) as caught:
        _render(db, out)
    lines = str(caught.value).splitlines()
    assert [line for line in lines if victim in line] == [lines[-1]]
    assert lines[-1].startswith(f"view {victim}: cannot write") and len(lines) == 2
    assert f"{len(names) - 1} other" in lines[0]
    for name in names:
        if name != victim:
            assert (out / f"{name}.svg").is_file(), name
    manifest = [line.split("\t")[0] for line in (out / ".argmap-render").read_text(encoding="utf-8").splitlines()[1:]]
    assert manifest == sorted([*(f"{n}.svg" for n in names if n != victim), "index.html"])
    assert f'href="{victim}.svg">' in (out / "index.html").read_text(encoding="utf-8")
    assert "(could not be drawn)" in (out / "index.html").read_text(encoding="utf-8")

    failed: list = []  # a caller that collects the failures gets the paths, and no exception
    with open_store(db, create=False) as store:
        paths = render_views(store.load_map(), out, failed=failed)
    assert [f.view for f in failed] == [victim] and "cannot write" in failed[0].reason
    assert len(paths) == len(names) - 1 + 1  # and index.html


def test_the_cli_writes_the_good_maps_and_names_the_failed_view(tmp_path: Path, sahel_map: ArgumentMap, cli):
    db = _stored(tmp_path, sahel_map)
    names = _views_of(sahel_map)
    victim = names[-1]
    (tmp_path / "maps" / f"{victim}.svg").mkdir(parents=True)
    result = cli("--db", db, "render", "--out", tmp_path / "maps")
    assert result.exit_code == RenderError.exit_code
    assert f"view {victim}: cannot write" in result.output
    assert "Traceback" not in result.output
    assert all((tmp_path / "maps" / f"{n}.svg").is_file() for n in names if n != victim)


def test_every_view_failing_still_writes_nothing(tmp_path: Path, sahel_map: ArgumentMap):
    with pytest.raises(RenderError, match="took longer than"):
        render_views(sahel_map, tmp_path / "maps", timeout=1e-6)
    assert not (tmp_path / "maps").exists() or list((tmp_path / "maps").iterdir()) == []


# --- item 11: symlinks planted in the output folder ---------------------------------------


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(proc.stdout)


def test_render_never_writes_through_symlinks_planted_at_predictable_names(tmp_path: Path, sahel_map: ArgumentMap):
    out = tmp_path / "maps"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    names = _views_of(sahel_map)  # actors, corpus, then the document views
    victims = {}
    for name in ("corpus.svg", f"{names[2]}.svg", ".argmap-render"):
        victim = outside / f"victim-{name.strip('.')}"
        victim.write_text("precious", encoding="utf-8")
        victims[name] = victim
        # the temporary name the renderer used to write through, for this process and a dead one
        for pid in (os.getpid(), _dead_pid()):
            (out / f".{name}.tmp{pid}").symlink_to(victim)
    (out / f"{names[3]}.svg").symlink_to(victims["corpus.svg"])  # a link at a final name
    paths = render_views(sahel_map, out)
    for victim in victims.values():
        assert victim.read_text(encoding="utf-8") == "precious"
    for p in [*paths, out / ".argmap-render"]:
        assert p.is_file() and not p.is_symlink(), p
    assert ET.fromstring((out / f"{names[3]}.svg").read_bytes()) is not None
    # the planted links are not the renderer's files: left alone, and their targets too
    assert all(p.is_symlink() for p in out.iterdir() if ".tmp" in p.name)


def test_a_symlink_at_the_final_name_is_replaced_even_when_it_holds_the_same_map(
    tmp_path: Path, sahel_map: ArgumentMap
):
    first = render_views(sahel_map, tmp_path / "a")
    corpus = next(p for p in first if p.name == "corpus.svg")
    outside = tmp_path / "outside.svg"
    outside.write_bytes(corpus.read_bytes())
    out = tmp_path / "b"
    out.mkdir()
    (out / "corpus.svg").symlink_to(outside)
    render_views(sahel_map, out)
    assert not (out / "corpus.svg").is_symlink()
    assert (out / "corpus.svg").read_bytes() == corpus.read_bytes() == outside.read_bytes()


def test_stale_temp_files_of_dead_renders_are_removed_but_links_and_live_ones_are_not(
    tmp_path: Path, sahel_map: ArgumentMap
):
    out = tmp_path / "maps"
    out.mkdir()
    outside = tmp_path / "outside.svg"
    outside.write_text("precious", encoding="utf-8")
    dead, alive = _dead_pid(), os.getppid()
    stale = [out / f".corpus.svg.tmp{dead}", out / f".corpus.svg.tmp{dead}.k2j9x0qa",
             out / f"..argmap-render.tmp{dead}"]
    for p in stale:
        p.write_text("half a map", encoding="utf-8")
    kept = [out / f".corpus.svg.tmp{alive}.aaaaaaaa", out / f".notes.txt.tmp{dead}"]  # a live writer; not our name
    for p in kept:
        p.write_text("someone else's", encoding="utf-8")
    link = out / f".corpus.svg.tmp{dead}.zzzzzzzz"
    link.symlink_to(outside)
    folder = out / f".corpus.png.tmp{dead}"
    folder.mkdir()
    (folder / "inside.txt").write_text("x", encoding="utf-8")
    render_views(sahel_map, out)
    assert not any(p.exists() for p in stale)
    assert all(p.is_file() for p in kept)
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == "precious"
    assert (folder / "inside.txt").is_file()
    leftovers = [p.name for p in out.iterdir() if ".tmp" in p.name]
    assert sorted(leftovers) == sorted(p.name for p in (*kept, link, folder))
