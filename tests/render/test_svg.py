"""Running Graphviz: SVG content, hostile text in the SVG, errors, and render_views on disk."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap.render.svg as svg_module
from argmap.errors import NotFoundError, RenderError
from argmap.model import ArgumentMap
from argmap.render import DiagramStyle, ViewFilter, dot_to, render_views, to_diagram, to_dot, views

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _groups(svg: bytes, cls: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def _title(g: ET.Element) -> str:
    return g.find(f"{SVG}title").text


def normalise_svg(svg: bytes) -> str:
    """What an SVG golden compares: class and title of every node, edge and cluster, in order.

    Graphviz writes its version and font-dependent coordinates into the SVG; those are dropped.
    """
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if classes and classes[0] in ("node", "edge", "cluster"):
            out.append(f"{' '.join(classes)}\t{g.get('id')}\t{_title(g)}")
    return "\n".join(out) + "\n"


# --- SVG content -------------------------------------------------------------------------------


@needs_dot
def test_svg_has_every_claim_and_link(sahel_map: ArgumentMap):
    for name, diagram in views(sahel_map, style=DiagramStyle(group_restated=False)):
        svg = dot_to(to_dot(diagram), "svg")
        claims = _groups(svg, "claim")
        assert {_title(g) for g in claims} == {n.id for n in diagram.nodes}, name
        assert {g.get("id") for g in claims} == {n.id for n in diagram.nodes}
        links = _groups(svg, "link")
        assert {g.get("id") for g in links} == {e.id for e in diagram.edges}, name
        by_id = {e.id: e for e in diagram.edges}
        for g in links:
            edge = by_id[g.get("id")]
            assert _title(g) == f"{edge.source}->{edge.target}"
            assert edge.relation.value in g.get("class").split()
    corpus = dict(views(sahel_map, style=DiagramStyle(group_restated=False)))["corpus"]
    assert len(corpus.nodes) == len(sahel_map.claims) and len(corpus.edges) == len(sahel_map.links)


@needs_dot
def test_svg_edges_show_their_relation_as_text(sahel_map: ArgumentMap):
    svg = dot_to(to_dot(to_diagram(sahel_map)), "svg")
    for g in _groups(svg, "link"):
        words = "".join(t.text or "" for t in g.iter(f"{SVG}text"))
        relation = next(c for c in g.get("class").split() if c in ("supports", "contradicts", "restates"))
        assert words.rstrip("?") == relation


@needs_dot
def test_svg_golden_titles_and_classes(sahel_map: ArgumentMap, golden):
    golden("sahel-corpus.svg.txt", normalise_svg(dot_to(to_dot(to_diagram(sahel_map)), "svg")))


@needs_dot
def test_svg_claims_link_to_the_review_ui(sahel_map: ArgumentMap):
    svg = dot_to(to_dot(to_diagram(sahel_map, base_url="http://127.0.0.1:8000")), "svg")
    for g in _groups(svg, "claim"):
        anchor = g.find(f".//{SVG}a")
        assert anchor.get(f"{XLINK}href") == f"http://127.0.0.1:8000/claims/{_title(g)}"
        assert "\n" in anchor.get(f"{XLINK}title")  # the tooltip keeps its lines


@needs_dot
def test_svg_hostile_text_is_inert(hostile_map: ArgumentMap):
    amap = hostile_map
    for name, diagram in views(amap):
        svg = dot_to(to_dot(diagram), "svg")
        root = ET.fromstring(svg)  # well-formed XML
        for el in root.iter():
            tag = el.tag.split("}")[-1]
            assert tag not in ("script", "img", "foreignObject", "iframe"), name
            assert not any(attr.split("}")[-1].lower().startswith("on") for attr in el.attrib), name
            href = el.get(f"{XLINK}href") or el.get("href")
            assert href is None or href.startswith(("http://", "https://")), href
        assert {_title(g) for g in _groups(svg, "claim")} == {c.id for c in amap.claims}
        assert len(_groups(svg, "node")) == len(amap.claims) + 1  # + the legend; no injected node
        shown = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        tips = " ".join(a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a"))
        if name == "corpus":
            # The text is shown as written: markup as text, entities not decoded, \N not expanded.
            for fragment in ("<script>alert(1)</script>", "&amp;", "&foo;", "<img src=x", "{braces}", "\u2216N"):
                assert fragment in shown, fragment
            assert "Actor <script>x</script>" in shown
            assert '"]; evil [label="' in shown
            assert "<script>r</script>" in tips and "&amp;" in tips


@needs_dot
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF"), ("svg", b"<?xml")])
def test_dot_to_formats(tiny_map: ArgumentMap, fmt: str, magic: bytes):
    assert dot_to(to_dot(to_diagram(tiny_map)), fmt).startswith(magic)


@needs_dot
def test_dot_to_hostile_png_renders(hostile_map: ArgumentMap):
    dot_text = to_dot(to_diagram(hostile_map))
    assert dot_to(dot_text, "png").startswith(b"\x89PNG")


# --- errors ------------------------------------------------------------------------------------


def test_dot_to_missing_binary_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError) as info:
        dot_to("digraph { a }")
    assert str(info.value) == "Graphviz 'dot' not found; install it: apt-get install graphviz"


@needs_dot
def test_dot_to_failure_is_one_line():
    with pytest.raises(RenderError, match=r"^Graphviz 'dot' failed \(exit \d+\): .+") as info:
        dot_to("digraph { a -> }")
    assert "\n" not in str(info.value)


def test_dot_to_timeout(monkeypatch: pytest.MonkeyPatch):
    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="dot", timeout=kwargs["timeout"])

    monkeypatch.setattr(svg_module.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(svg_module.subprocess, "run", slow)
    with pytest.raises(RenderError, match=r"took longer than 0.5 s; draw fewer claims per page"):
        dot_to("digraph { a }", timeout=0.5)


def test_dot_to_unknown_format():
    with pytest.raises(RenderError, match="unknown output format 'gif'"):
        dot_to("digraph { a }", "gif")


# --- render_views ------------------------------------------------------------------------------


@needs_dot
def test_render_views_writes_one_file_per_view_and_format(sahel_map: ArgumentMap, tmp_path: Path):
    paths = render_views(sahel_map, tmp_path, formats=("svg", "dot", "png"))
    names = ["actors", *(name for name, _ in views(sahel_map))]  # the actor overview, then the claim maps
    expected = [tmp_path / f"{n}.{f}" for n in names for f in ("svg", "dot", "png")]
    assert paths == sorted([*expected, tmp_path / "index.html"])
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert (tmp_path / "corpus.dot").read_text(encoding="utf-8") == to_dot(dict(views(sahel_map))["corpus"])
    ET.fromstring((tmp_path / "corpus.svg").read_bytes())


@needs_dot
def test_render_views_is_deterministic(sahel_map: ArgumentMap, tmp_path: Path):
    first = {p.name: p.read_bytes() for p in render_views(sahel_map, tmp_path / "a", formats=("svg", "dot"))}
    second = {p.name: p.read_bytes() for p in render_views(sahel_map, tmp_path / "b", formats=("svg", "dot"))}
    assert first == second


@needs_dot
def test_render_views_removes_only_its_own_stale_files(sahel_map: ArgumentMap, tmp_path: Path):
    render_views(sahel_map, tmp_path, formats=("svg",))
    mine = {p.name for p in tmp_path.glob("*.svg")}
    keep = ["notes.txt", "doc-handmade.svg", "logo.svg"]
    for name in keep:
        (tmp_path / name).write_text("user file")
    manifest = tmp_path / ".argmap-render"
    # Even a name smuggled into the manifest is kept unless it is one of render's own names.
    manifest.write_text(manifest.read_text() + "logo.svg\n../outside.svg\n")
    (tmp_path.parent / "outside.svg").write_text("outside")

    paths = render_views(sahel_map, tmp_path, formats=("svg",), filters=ViewFilter(actors={"fla"}))
    drawn = ["corpus.svg", "doc-bamako-accuses-algiers-after-drone.svg", "index.html"]
    assert [p.name for p in paths] == drawn  # one actor links to nobody else: no actor overview
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {*keep, ".argmap-render", *drawn}
    assert mine - left  # stale views were removed
    assert (tmp_path.parent / "outside.svg").exists()
    assert [line.split("\t")[0] for line in manifest.read_text().splitlines()[1:]] == drawn


def test_render_views_writes_nothing_when_dot_fails(
    sahel_map: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def fail(*args, **kwargs):
        raise RenderError("Graphviz 'dot' not found; install it: apt-get install graphviz")

    monkeypatch.setattr(svg_module, "dot_to", fail)
    out = tmp_path / "diagrams"
    with pytest.raises(RenderError, match="not found"):
        render_views(sahel_map, out, formats=("svg", "dot"))
    assert not out.exists()


def test_render_views_dot_only_needs_no_graphviz(
    sahel_map: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PATH", str(tmp_path))
    paths = render_views(sahel_map, tmp_path / "out", formats=("dot",))
    assert [p.suffix for p in paths if p.name != "index.html"] == [".dot"] * (1 + len(views(sahel_map)))


def test_render_views_rejects_unknown_format_and_filters(sahel_map: ArgumentMap, tmp_path: Path):
    with pytest.raises(RenderError, match="unknown output format 'jpg'"):
        render_views(sahel_map, tmp_path, formats=("svg", "jpg"))
    with pytest.raises(NotFoundError):
        render_views(sahel_map, tmp_path, formats=("dot",), filters=ViewFilter(actors={"nobody"}))
    assert list(tmp_path.iterdir()) == []


def test_dot_to_falls_back_to_newrank_when_graphviz_cannot_rank(monkeypatch: pytest.MonkeyPatch):
    calls: list[list[str]] = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd)
        if "-Gnewrank=true" in cmd:
            return subprocess.CompletedProcess(cmd, 0, stdout=b"<svg/>", stderr=b"")
        return subprocess.CompletedProcess(cmd, 1, stdout=b"", stderr=b"Error: trouble in init_rank\n\tx 1\n")

    monkeypatch.setattr(svg_module.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(svg_module.subprocess, "run", fake_run)
    assert dot_to("digraph { a }") == b"<svg/>"
    assert calls == [["/usr/bin/dot", "-Tsvg"], ["/usr/bin/dot", "-Tsvg", "-Gnewrank=true"]]
