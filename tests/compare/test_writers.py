"""The report writers: JSON round trip, Markdown, CSV and HTML, with provenance, quotes and escaping."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from argmap.compare import Comparison, compare, to_csv, to_html, to_json, to_markdown
from argmap.compare.writers import CSV_COLUMNS, quoted_segments
from argmap.model import ArgumentMap

from .conftest import make_map


@pytest.fixture
def cmp(made_up) -> Comparison:
    return compare(made_up, "Ruritania", "Freedonia")


def test_writers_json_round_trip(cmp):
    text = to_json(cmp)
    assert Comparison.model_validate_json(text) == cmp
    data = json.loads(text)
    assert data["kind"] == "comparison" and set(data) >= {"points", "agreements", "unanswered", "timeline",
                                                          "third_parties", "documents", "map_claims"}


def test_writers_quoted_segments_mark_verbatim_words():
    pieces = quoted_segments("a “deliberate” attack", ["deliberate"])
    assert pieces == [("a ", False), ("“deliberate”", True), (" attack", False)]


def test_writers_markdown_cites_every_claim_and_italicises_quotes(cmp):
    md = to_markdown(cmp)
    for heading in ("## Points of contention", "## Agreements", "## Unanswered", "## Timeline", "## Third parties",
                    "## Sources"):
        assert heading in md
    assert "*“deliberate”*" in md
    assert "> On 1 March, the Ruritanian government denounced" in md  # the exact sentence
    assert "Valley Post · 1 March 2024 (“1 March”)" in md
    assert "**accusation without a denial**" in md


def test_writers_csv_has_both_columns_with_provenance(cmp):
    rows = list(csv.DictReader(io.StringIO(to_csv(cmp))))
    assert list(rows[0]) == CSV_COLUMNS
    linked = next(r for r in rows if r["section"] == "point" and r["basis"] == "link" and "these accusations" == r["b_text"])
    assert linked["relation"] == "contradicts" and linked["a_date"] == "2024-03-01"
    assert linked["a_sentence"].startswith("On 1 March") and linked["a_sentence_start"] == "0"
    assert linked["a_quotes"] == "“deliberate”"
    assert {r["section"] for r in rows} == {"point", "unanswered", "timeline", "third-party"}


def test_writers_html_is_self_contained_and_escaped():
    amap = make_map()
    doc = amap.documents[0]
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    text = doc.text.replace("The ministry said", evil + " The ministry said")
    shift = len(evil) + 1
    claims = []
    for c in amap.claims:
        if c.document == doc.id and c.spans.content[0][0] > 100:
            c = c.model_copy(update={
                "spans": c.spans.model_copy(update={
                    "content": [(s + shift, e + shift) for s, e in c.spans.content],
                    "cue": [(s + shift, e + shift) for s, e in c.spans.cue]}),
                # the sentence of "the bridge had been shelled" starts with the inserted markup
                "sentence": (c.sentence[0] if c.sentence[0] == 104 else c.sentence[0] + shift, c.sentence[1] + shift),
            })
        claims.append(c)
    doc2 = doc.model_copy(update={"text": text, "url": "javascript:alert(3)", "title": "<b>Bridge</b> row"})
    amap = ArgumentMap(documents=[doc2, *amap.documents[1:]], actors=amap.actors, claims=claims, links=amap.links)
    out = to_html(compare(amap, "Ruritania", "Freedonia"), b"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>")
    assert "<script" not in out.lower() and "<img src=x" not in out and "javascript:" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in out  # shown, as text
    assert "&lt;b&gt;Bridge&lt;/b&gt; row" in out
    assert "Content-Security-Policy" in out and "default-src 'none'" in out
    assert re.search(r'<img id="map-image" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', out)
    assert "<em class=\"verbatim\">“deliberate”</em>" in out
    assert out.count('<section id="') == 8  # summary, points, map, agreements, unanswered, timeline, third, sources


def test_writers_html_without_map_says_why(cmp):
    out = to_html(cmp, None, map_note="The map could not be drawn: Graphviz 'dot' not found")
    assert "Graphviz &#39;dot&#39; not found" in out and "map-image" not in out


def test_writers_csv_guards_every_text_cell_against_formulas(cmp):
    """Issue #23: a speaker's words, a name or an id that starts like a formula is never run by a spreadsheet."""

    def poison(node):
        if isinstance(node, dict):
            return {k: ("=HYPERLINK(\"http://evil\")" + v if k in ("text", "name", "sentence", "reason") and isinstance(v, str)
                        else poison(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [poison(v) for v in node]
        return node

    hostile = Comparison.model_validate(poison(json.loads(to_json(cmp))))
    rows = list(csv.reader(io.StringIO(to_csv(hostile))))
    cells = [c for row in rows[1:] for c in row]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and not c[1:2].isdigit())]
