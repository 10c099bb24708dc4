"""Hostile and broken input through the whole chain, property-based (Hypothesis) and hand-picked:
ingest -> extract (real spaCy model) -> link -> render (real `dot`) -> every export, into a real
SQLite file. Nothing may crash or hang; the invariants of `harness.check_invariants` must hold.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .harness import ANCHOR, FORMATS, PAYLOADS, PROFILE, Doc, examples, meta_strategy, run_pipeline, text_strategy

pytestmark = [pytest.mark.model, pytest.mark.slow]

documents = st.builds(Doc, text=text_strategy, fmt=st.sampled_from(FORMATS), title=meta_strategy,
                      publisher=meta_strategy, url=meta_strategy)


@settings(PROFILE, max_examples=examples(30))
@given(docs=st.lists(documents, min_size=1, max_size=3))
# crashes found here before, kept as fixed examples:
@example(docs=[Doc("The minister said that The minister said that ", "md", title="\u202a")])  # empty <B></B> in DOT
@example(docs=[Doc("The minister said that \u202a\U0001F600", "jsonl", title="\u202e", publisher="\u2066")])
@example(docs=[Doc("<p>The minister\x01\x0b said\x00 that it crashed.</p>", "html", title="\x01")])  # lxml ValueError
@example(docs=[Doc("The minister said that \u201c", "html")])  # a content starting with a line break
@example(docs=[Doc("] The minister said that ] was true.", "md", title="]", publisher="]")])  # "<B>]</B>" in DOT
@example(docs=[Doc("The minister said that ", "jsonl", title="\n"),  # "<B>&#10;</B>" in DOT
               Doc("the drone crashed near the border:\rthe drone crashed near the border he added.", "html")])  # AIF
def test_hostile_random_documents_go_through_every_stage(nlp, docs):
    out = run_pipeline(nlp, docs)
    assert out is not None, "the anchor document is always readable"
    assert any(c.document for c in out.map.claims), "the anchor document's claims are there"
    assert out.seconds < 15


@settings(PROFILE, max_examples=examples(15))
@given(text=text_strategy)
def test_hostile_text_with_attributions_keeps_exact_spans(nlp, text):
    """Hostile pieces inside sentences the extractor reads, so claims cover the hostile text itself."""
    body = f"The minister said that {text} was false. \u201c{text},\u201d the ministry said.\n{text} Officials denied that {text}.\n"
    out = run_pipeline(nlp, [Doc(body, "txt"), Doc(body, "jsonl", title=text, publisher=text, url=text)],
                       formats=("json", "csv", "graphml", "dot"))
    assert out is not None


# -- hand-picked worst cases -----------------------------------------------------------------------
ONE_MB = 1_000_000


def _line(unit: str) -> str:
    return unit * (ONE_MB // len(unit) + 1)


@pytest.mark.parametrize("name, text", [
    ("1 MB line of attributions", _line("The minister said that the drone crashed near the border and officials denied it ")),
    ("1 MB line of quote marks", _line("He said \u201c\u00ab\"\u2018 ")),
    ("1 MB of unclosed single quotes", "The minister said " + _line(" \u2018a")),
    ("1 MB of abbreviations", _line("Mr. Smith said ")),
])
def test_hostile_megabyte_line_is_extracted_or_skipped_in_bounded_time(nlp, name, text):
    """A document over the time limit is skipped with a one-line warning; the run goes on with the others."""
    limit = 3.0
    started = time.monotonic()
    out = run_pipeline(nlp, [Doc(text, "txt")], time_limit=limit, formats=("json",))
    took = time.monotonic() - started
    assert out is not None
    assert took < limit + 25, f"{name}: {took:.0f} s"
    anchor = next(d.id for d in out.map.documents if d.text == ANCHOR)
    assert any(c.document == anchor for c in out.map.claims), "the other documents of the run are extracted"
    skipped = [p for p in out.problems if "time limit" in p]
    if skipped:  # skipped: nothing of it is stored, and the message says what to do
        assert len(out.map.documents) == 1 and out.map.documents[0].text == ANCHOR
        assert "--time-limit" in skipped[0] and "d0.txt" in skipped[0]


def test_hostile_thousands_of_quote_marks_in_a_paragraph(nlp):
    text = ("The minister said " + "\u201c" * 1000 + " and " + "\u00bb" * 1000 + " that " + '"' * 1001 + " "
            + "\u2018a " * 1000 + "'b " * 1000 + ".\n") * 3
    out = run_pipeline(nlp, [Doc(text, "txt")], time_limit=30)
    assert out is not None and not out.problems and out.seconds < 30


@pytest.mark.parametrize("fmt", ["html", "md", "jsonl", "txt"])
def test_hostile_payloads_everywhere_in_every_format(nlp, fmt):
    payload = " ".join(PAYLOADS)
    text = f"The minister said that {payload} was found. \u201c{payload}\u201d, the ministry said.\n"
    out = run_pipeline(nlp, [Doc(text, fmt, title=payload, publisher=payload, url=PAYLOADS[4])])
    assert out is not None
    assert len(out.map.documents) == 2 and out.map.claims
    doc = next(d for d in out.map.documents if d.text != ANCHOR)
    if fmt == "html":  # markup is never stored: only the page's text
        assert not any(tag in doc.text for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<a "))
    else:  # other formats keep the text as it is, markup included (escaped wherever it is shown)
        assert all(p in doc.text for p in PAYLOADS)
    assert doc.url is None  # a javascript: address is never kept as the source URL


@pytest.mark.parametrize("name, page", [
    ("control characters", "<p>The minister\x01\x02\x0b\x0c said\x7f that \uffff it crashed.</p>"),
    ("deep JSON-LD", "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>"
                     "<p>The minister said that it crashed.</p>"),
    ("unterminated markup", "<p>The minister said <b>that <i>it <!-- crashed" + "<p><a href='javascript:x'>" * 3000),
    ("deep nesting", "<div>" * 20_000 + "<p>The minister said that it crashed.</p>"),
    ("huge attribute", "<p class='" + "a" * 1_000_000 + "'>The minister said that it crashed.</p>"),
])
def test_hostile_broken_html_pages(nlp, name, page, tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><head><title>t</title></head><body>{page}</body></html>".encode("utf-8"))
    from argmap.errors import InputError
    from argmap.ingest import read_html

    try:
        doc, _ = read_html(path.read_bytes(), path=str(path))
    except InputError as exc:  # a clean one-line refusal is fine
        assert "\n" not in str(exc)
        return
    assert not re.search(r"<(p|a|b|i|div|script)\b", doc.text), doc.text[:200]  # text only, never markup
    assert doc.url is None


def test_hostile_cli_skips_a_document_over_the_time_limit_and_goes_on(cli, tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_text(_line("The minister said that the drone crashed near the border "), encoding="utf-8")
    (corpus / "small.txt").write_text(ANCHOR, encoding="utf-8")
    result = cli("run", "--time-limit", "1", "--out", str(tmp_path / "maps"), str(corpus))
    assert result.exit_code == 0, result.output  # one document skipped, the other stored: the run goes on
    out = result.output  # stdout and stderr
    warning = [line for line in out.splitlines() if "huge.txt" in line]
    assert len(warning) == 1 and warning[0].startswith("argmap: skipped ")
    assert "huge.txt: extraction stopped after 1 s" in warning[0] and "--time-limit" in warning[0]
    assert "1 documents" in out and "1 skipped" in out and "Traceback" not in out
    assert (tmp_path / "maps" / "corpus.svg").is_file()
    bad = cli("extract", "--time-limit", "-1", str(corpus))
    assert bad.exit_code == 2 and "--time-limit" in bad.output
