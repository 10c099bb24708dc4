"""Properties of the pure text functions that every offset and every map depends on, under hostile
input: quotation finding, sentence cutting, the pre-filter, the pieces given to the parser, and the
one DOT escaper (checked against the real `dot`). Fast: no model.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap.extract.lexicon import load_lexicon
from argmap.extract.prefilter import (
    MAX_SENTENCE_CHARS,
    cut_long_sentences,
    line_bounds,
    parse_spans,
    sentence_bounds,
    trigger_words,
)
from argmap.extract.quotes import QUOTE_CHARS, find_quotes
from argmap.render.dot import _Html, _inline, _quote, escape

from .harness import PROFILE, examples, text_strategy

TRIGGERS = trigger_words(load_lexicon(None, "en"))


@settings(PROFILE, max_examples=examples(300))
@given(text=text_strategy)
def test_hostile_quotes_are_ordered_disjoint_and_inside_the_text(text):
    quotes = find_quotes(text)
    last = 0
    for q in quotes:
        assert last <= q.start < q.end <= len(text)
        assert text[q.start] in QUOTE_CHARS
        s, e = q.inner
        assert q.start < s <= e <= q.end
        last = q.end


@settings(PROFILE, max_examples=examples(300))
@given(text=text_strategy)
def test_hostile_sentences_tile_each_line_and_spans_are_sorted(text):
    for s, e in line_bounds(text):
        units = sentence_bounds(text, s, e)
        if s < e:
            assert units[0][0] == s and units[-1][1] == e
            assert all(a < b for a, b in units) and all(b == c for (_, b), (c, _) in zip(units, units[1:]))
    spans = parse_spans(text, TRIGGERS)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))


@settings(PROFILE, max_examples=examples(300))
@given(text=text_strategy, limit=st.integers(min_value=8, max_value=200))
def test_hostile_parser_pieces_tile_the_text_and_bound_unbroken_stretches(text, limit):
    pieces = cut_long_sentences(text, 0, len(text), limit)
    if not text:
        assert pieces == []
        return
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b for a, b in pieces) and all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:]))
    for a, b in pieces:  # a piece may hold many sentences, but no single one over the limit
        for s, e in line_bounds(text[a:b]):
            assert all(ue - us <= limit for us, ue in sentence_bounds(text[a:b], s, e))


def test_hostile_normal_text_is_one_piece():
    text = "The ministry said the drone had violated its airspace. Bamako denied it.\n" * 40
    assert cut_long_sentences(text, 0, len(text)) == [(0, len(text))]
    lines = "\n".join(f"Minister {i} says the border stays closed" for i in range(200))  # no full stops
    pieces = cut_long_sentences(lines, 0, len(lines))
    assert len(pieces) > 1 and all(b - a <= MAX_SENTENCE_CHARS for a, b in pieces)
    assert all(lines[a - 1] == "\n" for a, _ in pieces[1:])  # cut at line starts


@pytest.mark.parametrize("unit", [" \u2018a", "Mr. Smith said ", "\u201c", '"a', "x", "a.b. ", "said, "])
def test_hostile_text_functions_are_fast_on_a_megabyte_line(unit):
    text = unit * (1_000_000 // len(unit))
    started = time.monotonic()
    quotes = find_quotes(text)
    spans = parse_spans(text, TRIGGERS, quotes)
    pieces = [p for s, e in spans for p in cut_long_sentences(text, s, e)]
    took = time.monotonic() - started
    assert took < 20, f"{unit!r}: {took:.1f} s"  # was hours: quadratic scans
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in pieces)


# -- the DOT escaper against the real dot -------------------------------------------------------
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@settings(PROFILE, max_examples=examples(60))
@given(texts=st.lists(text_strategy, min_size=1, max_size=4))
@example(texts=["]"])  # a label starting with "]" was a Graphviz syntax error
@example(texts=["\u202a"])  # so was an empty <B></B>
@example(texts=["\n", "\t", "\r"])  # and one holding only a line break or a tab
def test_hostile_dot_accepts_any_escaped_text_and_svg_stays_inert(texts):
    lines = ["digraph g {"]
    for i, t in enumerate(texts):
        label = _Html(f"<B>{_inline(t)}</B><BR/>{escape(t)}")
        lines.append(f"  {_quote(t + str(i))} [id={_quote(t)}, label={_quote(label)}, "
                     f"tooltip={_quote(t)}, URL={_quote('http://x/' + t)}];")
    lines.append(f"  label={_quote(_Html(f'<I>{_inline(texts[0])}</I>'))};")
    lines.append("}")
    for piece in (escape(t) for t in texts):
        assert not set(piece) & set('"<>\\\x00\x1b\u202e')
    proc = subprocess.run(["dot", "-Tsvg"], input="\n".join(lines).encode("utf-8"), capture_output=True, timeout=30,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    root = ET.fromstring(proc.stdout)
    for el in root.iter():
        assert el.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject")
        assert not any(a.rsplit("}", 1)[-1].lower().startswith("on") for a in el.attrib)
