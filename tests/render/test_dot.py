"""DOT output: golden files, determinism, and escaping of hostile text (no Graphviz needed)."""

from __future__ import annotations

import re

import pytest

from argmap.model import ArgumentMap
from argmap.render import DiagramStyle, to_diagram, to_dot, views
from argmap.render.dot import escape

# --- golden files ------------------------------------------------------------------------------


def test_dot_golden_tiny(tiny_map: ArgumentMap, golden):
    golden("tiny.dot", to_dot(to_diagram(tiny_map)))


def test_dot_golden_tiny_with_review_links_and_no_legend(tiny_map: ArgumentMap, golden):
    style = DiagramStyle(legend=False, rankdir="TB")
    golden("tiny-review.dot", to_dot(to_diagram(tiny_map, style=style, base_url="http://127.0.0.1:8000")))


@pytest.mark.parametrize(
    "view", ["corpus", "doc-algiers-says-drone-violated-its-airspace", "dispute-01-algeria-accusation-aggression"]
)
def test_dot_golden_sahel_views(sahel_map: ArgumentMap, golden, view: str):
    golden(f"sahel-{view}.dot", to_dot(dict(views(sahel_map))[view]))


# --- determinism -------------------------------------------------------------------------------


def test_dot_same_map_twice_is_byte_identical(sahel_map: ArgumentMap):
    first = [to_dot(d).encode() for _, d in views(sahel_map)]
    second = [to_dot(d).encode() for _, d in views(sahel_map)]
    assert first == second


def test_dot_input_order_does_not_matter(sahel_map: ArgumentMap):
    shuffled = ArgumentMap(
        documents=sahel_map.documents[::-1],
        actors=sahel_map.actors[::-1],
        claims=sahel_map.claims[::-1],
        links=sahel_map.links[::-1],
    )
    assert [(n, to_dot(d)) for n, d in views(shuffled)] == [(n, to_dot(d)) for n, d in views(sahel_map)]


def test_dot_has_no_timestamp_or_version(sahel_map: ArgumentMap):
    text = to_dot(to_diagram(sahel_map))
    assert not re.search(r"\d{2}:\d{2}:\d{2}|version", text)


# --- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a & b", "a &amp; b"),
        ("&amp;", "&amp;amp;"),
        ("<script>", "&lt;script&gt;"),
        ('say "x"', "say &quot;x&quot;"),
        ("it's", "it&#39;s"),
        ("two\nlines", "two&#10;lines"),
        ("cr\r\nlf\rx", "cr&#10;lf&#10;x"),
        ("tab\there", "tab here"),
        ("\\N", "\u2216N"),
        ("nul\x00bell\x07esc\x1b", "nulbellesc"),
        ("\u202eevil\u202c", "evil"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("] ; { } [", "] ; { } ["),
        ("Élysée “quoted” — 北京", "Élysée “quoted” — 北京"),
    ],
)
def test_escape(text: str, expected: str):
    assert escape(text) == expected


def test_escape_output_has_nothing_dot_or_xml_could_read_as_syntax(hostile_text: str):
    out = escape(hostile_text)
    assert not re.search(r'["<>\\\n\r\x00-\x08\x0b-\x1f]', out)
    assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot|#39|#10);)*", out)


# A small DOT reader: enough to prove that hostile text cannot leave its string or label.
_HTML_TAGS = {"FONT", "B", "I", "BR", "TABLE", "TR", "TD"}
_DOT_WORDS = {"digraph", "subgraph", "graph", "node", "edge"}
_DOT_ATTRIBUTES = frozenset(
    """charset rankdir fontname fontsize label xlabel labelloc labeljust tooltip nodesep ranksep outputorder
    pad bgcolor shape fontcolor margin arrowsize id class URL target color fillcolor style penwidth dir
    arrowhead arrowtail constraint""".split()
)


def _dot_tokens(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split DOT into bare tokens, quoted strings and HTML labels; fail on anything unbalanced."""
    bare, quoted, html = [], [], []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            j = text.index('"', i + 1)  # we never write \" inside strings
            quoted.append(text[i + 1 : j])
            i = j + 1
        elif ch == "<":
            depth, j = 0, i
            while True:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            html.append(text[i + 1 : j - 1])
            i = j
        elif ch.isspace():
            i += 1
        else:
            m = re.match(r"->|[{}\[\];=,]|[A-Za-z_][A-Za-z_0-9]*", text[i:])
            assert m, f"unexpected DOT text at {text[i : i + 40]!r}"
            bare.append(m.group())
            i += len(m.group())
    return bare, quoted, html


def test_dot_hostile_text_stays_inside_strings_and_labels(hostile_map: ArgumentMap):
    amap = hostile_map
    for _, diagram in views(amap):
        text = to_dot(diagram)
        bare, quoted, html = _dot_tokens(text)
        attribute_names = {w for w in bare if w not in _DOT_WORDS and w[0].isalpha()}
        assert attribute_names <= _DOT_ATTRIBUTES, "hostile text leaked out of a string"
        assert "evil" not in bare
        for label in html:
            assert {t.upper() for t in re.findall(r"</?\s*([A-Za-z]+)", label)} <= _HTML_TAGS
        assert not any(re.search(r'[<>"\\\n]', q) for q in quoted)
        # Nothing from the text reaches a URL: the document's javascript: URL was dropped.
        assert "javascript" not in text


def test_dot_quotes_in_ids_cannot_split_node_names(hostile_map: ArgumentMap):
    amap = hostile_map
    text = to_dot(to_diagram(amap))
    assert '"cluster_actor:evil&quot;] &lt;x&gt;"' in text


def test_dot_legend_explains_edges_and_carries_view_notes(sahel_map: ArgumentMap):
    style = DiagramStyle(max_nodes=5)
    diagram = dict(views(sahel_map, style=style))["corpus-p01"]
    text = to_dot(diagram)
    legend = next(line for line in text.splitlines() if line.lstrip().startswith('"_legend"'))
    for words in ("supports", "contradicts", "restates", "proposed, not yet reviewed", "Page 1 of"):
        assert words in legend
    assert "_legend" not in to_dot(to_diagram(sahel_map, style=DiagramStyle(legend=False)))


def test_dot_quoted_words_are_italic_and_coloured(sahel_map: ArgumentMap):
    text = to_dot(to_diagram(sahel_map))
    assert '<FONT COLOR="#1F4E8C"><I>“sponsoring terrorism”</I></FONT>' in text


def test_dot_edges_are_labelled_with_their_relation(sahel_map: ArgumentMap):
    for line in to_dot(to_diagram(sahel_map)).splitlines():
        if " -> " in line and "_legend" not in line:
            relation = re.search(r'class="link (\w+) (\w+)"', line).group(1)
            assert f'xlabel="{relation}' in line
