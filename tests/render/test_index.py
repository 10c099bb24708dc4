"""The actor overview (actors.svg), the dispute index (index.html), and render skipping unchanged views."""

from __future__ import annotations

import html.parser
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap.render.svg as svg_module
from argmap.model import ArgumentMap, Relation
from argmap.render import DiagramStyle, ViewFilter, dispute_index, render_views, to_dot
from argmap.render.diagram import _Index
from argmap.render.overview import overview

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


def _overview(amap: ArgumentMap, **style):
    return overview(_Index(amap, ViewFilter(), DiagramStyle(**style), None))


# --- the actor overview ----------------------------------------------------------------------


def test_overview_one_edge_per_actor_pair_weighted_by_links(builder):
    b = builder
    b.actor("gov", "Government", kind="government", side="north")
    b.actor("ministry", "Ministry", kind="government", parent="gov")
    b.actor("rebels", "Rebels", kind="group", side="south")
    b.actor("allies", "Allies", kind="government", side="south")
    d = b.doc(" ".join(f"w{i}x." for i in range(20)), "One")
    g = [b.claim(d, f"w{i}x", actor="gov", sentence=False) for i in range(3)]
    m = [b.claim(d, f"w{i}x", actor="ministry", sentence=False) for i in range(3, 5)]
    r = [b.claim(d, f"w{i}x", actor="rebels", sentence=False) for i in range(5, 8)]
    a = b.claim(d, "w8x", actor="allies", sentence=False)
    b.link(g[0], r[0], "contradicts")
    b.link(m[0], r[1], "contradicts")  # the ministry's contradiction counts for its government
    b.link(r[2], m[1], "contradicts")
    b.link(a, r[0], "supports")
    b.link(g[1], g[2], "supports")  # inside one actor: in its tooltip, not a line
    view = _overview(b.build())
    edges = {(e.source, e.target, e.relation): e.weight for e in view.edges}
    assert edges == {("gov", "rebels", Relation.contradicts): 3, ("allies", "rebels", Relation.supports): 1}
    assert [n.id for n in view.nodes] == ["rebels", "gov", "allies"]  # most linked first
    assert {c.id for c in view.camps} == {"camp:side:south"}  # a frame for a camp of two or more
    assert {n.id: n.camp for n in view.nodes}["allies"] == "camp:side:south"
    gov = next(n for n in view.nodes if n.id == "gov")
    assert "1 supports links between its own claims" in gov.tooltip
    assert gov.sublabel == "5 claims · 3 contradictions"  # its ministry's claims count for it
    thick = next(e for e in view.edges if e.weight == 3)
    assert thick.penwidth > next(e for e in view.edges if e.weight == 1).penwidth


def test_overview_caps_the_actors_and_never_draws_one_alone(builder):
    b = builder
    d = b.doc(" ".join(f"w{i}x." for i in range(60)), "One")
    for i in range(10):  # ten pairs of actors, pair i linked i + 1 times
        x, y = f"a{i}", f"b{i}"
        for k in range(i + 1):
            b.link(b.claim(d, f"w{2 * k}x", actor=x, sentence=False, id=f"clm-{x}-{k}"),
                   b.claim(d, f"w{2 * k + 1}x", actor=y, sentence=False, id=f"clm-{y}-{k}"), "contradicts")
    view = _overview(b.build(), overview_max_actors=5)
    assert {n.id for n in view.nodes} == {"a9", "b9", "a8", "b8"}  # the strongest pairs; a fifth would be alone
    assert view.notes[0].startswith("4 of 20 linked actors are drawn")


@needs_dot
def test_overview_dot_is_escaped_and_renders(hostile_map: ArgumentMap, sahel_map: ArgumentMap, golden):
    from argmap.render import dot_to

    svg = dot_to(to_dot(_overview(hostile_map)), "svg")
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag.split("}")[-1] == "script"]
    golden("sahel-actors.dot", to_dot(_overview(sahel_map)))


# --- the index -------------------------------------------------------------------------------


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k in ("href", "src")]

    def handle_data(self, data):
        self.text.append(data)


@needs_dot
def test_index_links_every_drawn_map_and_lists_trivial_groups_apart(sahel_map: ArgumentMap, tmp_path: Path):
    paths = render_views(sahel_map, tmp_path)
    page = _Page()
    page.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert set(page.hrefs) == {p.name for p in paths if p.suffix == ".svg"}  # every map, and only files written
    text = " ".join(page.text)
    plan = dispute_index(sahel_map)
    assert [v.maps for v in plan] == [("dispute-01-algeria-accusation-aggression",),
                                      ("dispute-02-drone-airspace-algerian",), ()]
    assert "Trivial groups (1): listed, not drawn" in text
    assert text.index("dispute") < text.index(plan[2].topic)  # the trivial one after the drawn ones
    assert "script" not in page.tags


def test_index_is_escaped_and_needs_no_scripts(hostile_map: ArgumentMap, tmp_path: Path):
    render_views(hostile_map, tmp_path, formats=("dot",))
    raw = (tmp_path / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(raw)
    assert not {"script", "iframe", "object", "embed"} & set(page.tags)
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    assert all(h.endswith(".dot") and "/" not in h for h in page.hrefs)


# --- no-change render ------------------------------------------------------------------------


@pytest.fixture
def counted_dot(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The DOT graph names of every `dot` run (the real binary draws)."""
    calls: list[str] = []
    real = svg_module.dot_to

    def counting(text: str, fmt: str = "svg", **kw):
        calls.append(text.split('"', 2)[1])
        return real(text, fmt, **kw)

    monkeypatch.setattr(svg_module, "dot_to", counting)
    return calls


@needs_dot
def test_render_skips_dot_for_views_whose_text_did_not_change(sahel_map: ArgumentMap, tmp_path: Path, counted_dot):
    first = render_views(sahel_map, tmp_path)
    n_views = len(counted_dot)
    before = {p.name: p.read_bytes() for p in first}
    counted_dot.clear()
    stats: dict = {}
    again = render_views(sahel_map, tmp_path, stats=stats)
    assert counted_dot == [] and stats == {"views": n_views, "drawn": 0, "unchanged": n_views}
    assert again == first and {p.name: p.read_bytes() for p in again} == before

    # one document's title changes: only the views showing it are drawn again
    doc = sahel_map.documents[1]
    changed = sahel_map.model_copy(update={"documents": [sahel_map.documents[0], doc.model_copy(update={"title": "New title"})]})
    render_views(changed, tmp_path)
    assert counted_dot and len(counted_dot) < n_views and "corpus" in counted_dot
    assert "doc-bamako-accuses-algiers-after-drone" not in counted_dot


@needs_dot
def test_render_draws_again_a_missing_or_replaced_file_and_another_graphviz(
    sahel_map: ArgumentMap, tmp_path: Path, counted_dot, monkeypatch: pytest.MonkeyPatch
):
    render_views(sahel_map, tmp_path)
    n_views = len(counted_dot)
    counted_dot.clear()
    (tmp_path / "corpus.svg").unlink()
    (tmp_path / "actors.svg").unlink()
    (tmp_path / "actors.svg").symlink_to(tmp_path / "index.html")
    render_views(sahel_map, tmp_path)
    assert sorted(counted_dot) == ["actors", "corpus"]
    assert not (tmp_path / "actors.svg").is_symlink()
    counted_dot.clear()
    monkeypatch.setattr(svg_module, "_graphviz_version", lambda exe: "dot - graphviz version 99")
    render_views(sahel_map, tmp_path, formats=("svg", "dot"))
    assert len(counted_dot) == n_views  # another Graphviz: every view drawn again


def test_render_streams_views_one_at_a_time(sahel_map: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """At most 2 x jobs views wait to be written: the renderer never holds every view."""
    import argmap.render.diagram as diagram_module

    built: list[str] = []
    written: list[tuple[int, str]] = []
    real_iter, real_write = svg_module.iter_views, svg_module._write

    def iter_views(*args, **kw):
        for name, view in real_iter(*args, **kw):
            built.append(name)
            yield name, view

    def write(path: Path, data: bytes) -> None:
        written.append((len(built), path.name))
        real_write(path, data)

    monkeypatch.setattr(svg_module, "iter_views", iter_views)
    monkeypatch.setattr(svg_module, "_write", write)
    assert diagram_module.iter_views is not None
    render_views(sahel_map, tmp_path, formats=("dot",), jobs=1)
    first_doc = next(k for k, (_, name) in enumerate(written) if name.startswith("doc-"))
    assert written[first_doc][0] < len(built)  # written before the last view was built
