"""Ingest of HTML pages, PDFs, JSON Lines batches, standard input and legacy encodings (issue #8).

HTML pages are written here by hand (boilerplate, scripts, event handlers, a sidebar); PDFs are
made with fpdf2. The end-to-end tests run `argmap run` on them with the real spaCy model and check
that every claim's spans slice its text out of the stored document, and that the metadata arrived.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from argmap.errors import InputError
from argmap.ingest import (
    Note,
    Problem,
    decode,
    decode_with,
    discover,
    html_metadata,
    read_document,
    read_html,
    read_jsonl,
    read_path,
    read_pdf,
    sniff,
)
from argmap.model import Document

#: Words that exist only in the page's boilerplate, scripts and markup, never in its article.
BOILERPLATE = ["Subscribe", "Most read", "Weather today", "All rights reserved", "cookie", "alert", "steal",
               "script ran", "should not be here", "onerror", "onclick", "noscript text", "template text", "hidden frame",
               "color:red", "<", ">"]

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Algeria rejects accusations | Example News</title>
<meta property="og:title" content="Algeria rejects Mali&#39;s drone accusations">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-04-07T10:30:00+00:00">
<meta property="og:url" content="https://news.example.org/?p=123">
<link rel="canonical" href="https://news.example.org/2025/04/algeria-rejects">
<script>var x = "The minister said the script ran.";</script>
<style>.a{color:red}</style>
</head><body onload="alert('body')">
<div class="cookie-banner">We use cookie files. <button onclick="accept()">OK</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe now</li></ul></nav>
<header><h1>Algeria rejects Mali's drone accusations</h1></header>
<article>
<p>The Algerian foreign ministry said on Monday that the drone had violated its airspace near Tinzaouaten.</p>
<p onclick="steal()">Bamako denied that the aircraft had crossed the border, and the army said the drone was unarmed.</p>
<script>document.write("Mali said the script should not be here");</script>
<noscript>The noscript text said nothing.</noscript>
<template>The template text said nothing.</template>
<iframe srcdoc="<p>The hidden frame said nothing.</p>"></iframe>
<p>Many analysts believe the crisis will deepen in the coming weeks.</p>
<img src="x" onerror="alert(1)">
<p>The rebels claimed that they had downed a second drone near the town.</p>
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li>Ten tips for travel</li><li>Weather today</li></ul></aside>
<footer>© Example News 2025. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""


def _pdf(pages: list[str], *, title: str | None = "Drone report", date: dt.datetime | None = None, image: bool = False) -> bytes:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 makes the test PDFs (pip install fpdf2)")
    pdf = fpdf.FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_creation_date(date or dt.datetime(2025, 4, 8, tzinfo=dt.UTC))
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    if image:  # a "scanned" page: a picture of text, no text layer
        from PIL import Image

        buf = io.BytesIO()
        Image.new("L", (60, 20), 200).save(buf, format="PNG")
        pdf.add_page()
        pdf.image(buf, x=10, y=10, w=100)
    return bytes(pdf.output())


# -- HTML ------------------------------------------------------------------------------------------
def test_ingest_html_main_text_without_boilerplate_or_markup():
    doc, notes = read_html(PAGE.encode("utf-8"), path="page.html")
    assert notes == []
    for paragraph in ("The Algerian foreign ministry said on Monday", "Bamako denied that the aircraft",
                      "Many analysts believe", "The rebels claimed that they had downed"):
        assert paragraph in doc.text
    for word in BOILERPLATE:
        assert word not in doc.text, word
    assert doc.format == "html" and doc.text.endswith("\n")


def test_ingest_html_metadata_from_the_page():
    doc, _ = read_html(PAGE.encode("utf-8"), path="page.html")
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        "Algeria rejects Mali's drone accusations", "Example News", dt.date(2025, 4, 7),
        "https://news.example.org/2025/04/algeria-rejects",  # canonical link beats og:url
    )


@pytest.mark.parametrize("head, expected", [
    ("<title> Plain  title </title>", {"title": "Plain title"}),
    ('<meta name="twitter:title" content="T"><meta name="date" content="2025-03-02">', {"title": "T", "published": "2025-03-02"}),
    (('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "LD",'
      ' "datePublished": "2025-01-31T08:00Z", "publisher": {"name": "LD News"}}]}</script>'),
     {"title": "LD", "published": "2025-01-31", "publisher": "LD News"}),
    ('<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="/relative">', {}),
    ('<meta property="article:published_time" content="last Tuesday">', {}),
    ('<script type="application/ld+json">{not json</script>', {}),
])
def test_ingest_html_metadata_variants(head, expected):
    assert html_metadata(f"<html><head>{head}</head><body><p>x</p></body></html>") == expected


def test_ingest_html_sidecar_wins_and_charsets(tmp_path):
    legacy = PAGE.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    legacy = legacy.replace("Many analysts", "Many analysts in Bamako’s café")
    f = tmp_path / "legacy.htm"
    f.write_bytes(legacy.encode("cp1252"))
    (tmp_path / "legacy.htm.meta.yaml").write_text("publisher: Sidecar Wire\n", encoding="utf-8")
    doc = read_document(f)
    assert "Bamako’s café" in doc.text and doc.publisher == "Sidecar Wire" and doc.title.startswith("Algeria rejects")
    undeclared = PAGE.replace('<meta charset="utf-8">', "").replace("Many analysts", "Many analysts in the café")
    items = list(read_path(_write(tmp_path, "nodecl.html", undeclared.encode("cp1252"))))
    assert isinstance(items[0], Note) and "decoded as cp1252" in items[0].message
    assert "café" in items[1].text


@pytest.mark.parametrize("body", ["<html><body><nav>Home</nav><script>alert(1)</script></body></html>", "<html></html>"])
def test_ingest_html_without_main_text(body):
    with pytest.raises(InputError, match="no main text"):
        read_html(body.encode(), path="x.html")


def test_ingest_html_entities_stay_text():
    """Escaped markup in an article (a page about XSS) is text, stored as characters, never parsed."""
    page = "<html><body><article><p>The researcher said that &lt;script&gt;alert(1)&lt;/script&gt; runs in old browsers.</p></article></body></html>"
    doc, _ = read_html(page.encode(), path="x.html")
    assert "<script>alert(1)</script> runs" in doc.text  # characters of the sentence, for exports to escape


# -- PDF -------------------------------------------------------------------------------------------
def test_ingest_pdf_pages_and_metadata():
    data = _pdf(["The Algerian foreign ministry said on Monday that the drone had violated its airspace near the border town.",
                 "", "Many analysts believe the crisis will deepen.\nThe rebels claimed that they had downed a drone."])
    doc = read_pdf(data, path="report.pdf")
    assert doc.format == "pdf" and doc.title == "Drone report" and doc.published == dt.date(2025, 4, 8)
    assert len(doc.pages) == 3 and doc.pages[0] == 0 and doc.pages[1] == doc.pages[2]  # page 2 is blank
    third = doc.text[doc.pages[2]:]
    assert third.startswith("Many analysts believe") and "The rebels claimed" in third
    # the layout's line wraps are joined: a sentence is one line again
    assert "airspace near the border town." in doc.text.replace("\n", "#") and "near\nthe" not in doc.text
    assert doc.page_of(doc.text.index("rebels")) == 3 and doc.page_of(0) == 1


@pytest.mark.parametrize("data, message", [
    (None, r"no extractable text \(scanned PDF\?\)"),
    (b"%PDF-1.7\n garbage that is not a PDF body", "not a readable PDF"),
    (b"just text with a .pdf name", "not a PDF"),
])
def test_ingest_pdf_refused(data, message):
    if data is None:
        data = _pdf(["", ""], image=True)
    with pytest.raises(InputError, match=message) as info:
        read_pdf(data, path="scan.pdf")
    assert "\n" not in str(info.value)


def test_ingest_pdf_encrypted():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret", encryption_method=fpdf.enums.EncryptionMethod.RC4)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "The ministry said it.")
    with pytest.raises(InputError, match="encrypted PDF"):
        read_pdf(bytes(pdf.output()), path="locked.pdf")


# -- JSON Lines ------------------------------------------------------------------------------------
def test_ingest_jsonl_batch_lines_and_problems(tmp_path):
    lines = [
        json.dumps({"text": "The army said the aircraft crashed.", "title": "Crash", "published": "2025-04-02",
                    "url": "https://x.example/a", "lang": "en"}),
        "",
        json.dumps({"html": PAGE, "path": "scraped/page.html"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "The minister said so.", "published": "soon"}),
    ]
    f = _write(tmp_path, "batch.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    items = list(read_path(f))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.title for d in docs] == ["Crash", "Algeria rejects Mali's drone accusations"]
    assert docs[0].path == f"{f}#1" and docs[0].published == dt.date(2025, 4, 2) and docs[0].format == "jsonl"
    assert docs[1].path == "scraped/page.html" and "Subscribe" not in docs[1].text
    assert [p.path for p in problems] == [f"{f}:4", f"{f}:5", f"{f}:6", f"{f}:7"]
    assert "not a JSON object" in problems[0].message and 'exactly one of "text"' in problems[1].message
    assert "not an ISO date" in problems[3].message


def test_ingest_jsonl_empty_and_read_document_refuses(tmp_path):
    with pytest.raises(InputError, match="no JSON lines"):
        list(read_jsonl([b"\n", b"  \n"], path="e.jsonl"))
    with pytest.raises(InputError, match="JSON Lines batch"):
        read_document(_write(tmp_path, "b.jsonl", b'{"text": "x"}\n'))


# -- standard input and sniffing -------------------------------------------------------------------
@pytest.mark.parametrize("data, fmt", [
    (b"The ministry said so.\n", "txt"),
    (b"---\ntitle: T\n---\nBody.\n", "md"),
    (PAGE.encode(), "html"),
    (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    (b"%PDF-1.4\n", "pdf"),
    (b"<not html at all", "txt"),
])
def test_ingest_sniff(data, fmt):
    assert sniff(data) == fmt


def test_ingest_stdin_text_markdown_and_html():
    (doc,) = read_path(__import__("pathlib").Path("-"), stdin=io.BytesIO(b"---\ntitle: Piped\n---\nThe ministry said so.\n"))
    assert (doc.path, doc.format, doc.title, doc.text) == ("<stdin>", "stdin", "Piped", "The ministry said so.\n")
    (page,) = read_path(__import__("pathlib").Path("-"), stdin=io.BytesIO(PAGE.encode()))
    assert page.format == "html" and page.publisher == "Example News"
    with pytest.raises(InputError, match="standard input is empty"):
        list(read_path(__import__("pathlib").Path("-"), stdin=io.BytesIO(b"  \n")))


def test_ingest_discover_finds_every_format(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.pdf", "f.jsonl", "g.json", "h.csv"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover([str(tmp_path), "-"])] == ["a.txt", "b.md", "c.html", "d.htm", "e.pdf", "f.jsonl", "-"]


# -- encodings -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, encoding, codec", [
    ("Le ministère a déclaré « non ».", "latin-1", "cp1252"),
    ("The ministry said – “no”.", "cp1252", "cp1252"),
    ("Министерство заявило, что беспилотник нарушил воздушное пространство страны.", "cp1251", "cp1251"),
    ("Zoë said so.", "utf-16", "utf-16"),
    ("Plain.", "utf-8", "utf-8"),
])
def test_ingest_decode_auto(text, encoding, codec):
    decoded, used = decode_with(text.encode(encoding), "auto")
    assert decoded == text and used.replace("_", "-") == codec.replace("_", "-")


def test_ingest_decode_named_and_refused():
    assert decode_with("café".encode("latin-1"), "latin-1") == ("café", "iso8859-1")  # named: taken literally
    with pytest.raises(InputError, match="unknown encoding"):
        decode_with(b"x", "klingon")
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_with(b"caf\xe9", "utf-8")
    with pytest.raises(InputError, match="binary"):
        decode_with(b"\x00\x01", "auto")
    with pytest.raises(InputError, match="--encoding auto"):
        decode("café".encode("latin-1"))  # the default stays strict UTF-8, and says what to do
    with pytest.raises(InputError, match="UTF-16"):
        decode("x".encode("utf-16"))


def test_ingest_read_path_with_encoding_note(tmp_path):
    f = _write(tmp_path, "legacy.txt", "Le ministère a déclaré.\n".encode("latin-1"))
    note, doc = read_path(f, encoding="auto")
    assert isinstance(note, Note) and "decoded as cp1252" in note.message
    assert doc.text == "Le ministère a déclaré.\n"
    (doc,) = read_path(f, encoding="cp1252")  # named: no note
    assert doc.text == "Le ministère a déclaré.\n"


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


# -- end to end: argmap run with the real model ----------------------------------------------------
def _assert_spans(amap):
    docs = {d.id: d for d in amap.documents}
    assert amap.claims
    for c in amap.claims:
        text = docs[c.document].text
        fragments = [text[s:e] for s, e in c.spans.content]
        assert c.text == " … ".join(fragments)
        for name in ("cue", "source"):
            for s, e in getattr(c.spans, name):
                assert 0 <= s < e <= len(text)
        if c.source_text:
            assert c.source_text in " ".join(text[s:e] for s, e in c.spans.source) or c.spans.source


@pytest.mark.model
def test_ingest_run_html_and_pdf_end_to_end(cli, tmp_path, nlp):
    from argmap.store import open_store

    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(_pdf([
        "The Algerian foreign ministry said that the drone had violated its airspace near the border town of Tinzaouaten.",
        "Bamako denied that the aircraft had crossed the border. The rebels claimed that they had downed the drone.",
    ]))
    result = cli("--db", "a.db", "run", "page.html", "report.pdf", "--out", "maps")
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "a.db") as s:
        amap = s.load_map()
    _assert_spans(amap)
    page = next(d for d in amap.documents if d.format == "html")
    pdf = next(d for d in amap.documents if d.format == "pdf")
    assert (page.title, page.publisher, page.published, page.url) == (
        "Algeria rejects Mali's drone accusations", "Example News", dt.date(2025, 4, 7),
        "https://news.example.org/2025/04/algeria-rejects")
    assert (pdf.title, pdf.published, len(pdf.pages)) == ("Drone report", dt.date(2025, 4, 8), 2)
    pdf_claims = [c for c in amap.claims if c.document == pdf.id]
    assert {pdf.page_of(c.spans.content[0][0]) for c in pdf_claims} == {1, 2}
    for d in amap.documents:
        for word in BOILERPLATE:
            assert word not in d.text, word
    # nothing hostile anywhere in what argmap writes
    for fmt in ("json", "aif", "argdown", "graphml", "dot", "claimreview"):
        out = cli("--db", "a.db", "export", "--format", fmt).stdout
        assert "onerror" not in out and "alert(" not in out and "<script" not in out, fmt


@pytest.mark.model
def test_ingest_run_scanned_pdf_one_line_and_store_untouched(cli, tmp_path, nlp):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    assert cli("--db", "a.db", "extract", "page.html").exit_code == 0
    before = (tmp_path / "a.db").read_bytes()
    (tmp_path / "scan.pdf").write_bytes(_pdf([""], image=True))
    result = cli("--db", "a.db", "run", "scan.pdf")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["argmap: error: scan.pdf: has no extractable text (scanned PDF?); run OCR on it first, e.g. ocrmypdf"]
    assert (tmp_path / "a.db").read_bytes() == before
    assert not (tmp_path / "diagrams").exists()


@pytest.mark.model
def test_ingest_extract_stdin_and_jsonl(cli, tmp_path, nlp):
    from argmap.store import open_store

    result = cli("--db", "a.db", "extract", "-", input="The ministry said the drone had violated its airspace.\n")
    assert result.exit_code == 0, result.output
    batch = "\n".join(json.dumps({"text": t, "title": f"t{i}"}) for i, t in enumerate(
        ["Bamako denied that the aircraft had crossed the border.", "The rebels claimed that they had downed the drone."]))
    (tmp_path / "b.jsonl").write_text(batch + "\n{broken\n", encoding="utf-8")
    result = cli("--db", "a.db", "extract", "b.jsonl")
    assert result.exit_code == 0, result.output  # a skipped line is reported like a skipped file; the rest is stored
    assert "1 skipped" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("argmap: skipped b.jsonl:3: is not a JSON object (")
    with open_store(tmp_path / "a.db") as s:
        amap = s.load_map()
    assert sorted(d.format for d in amap.documents) == ["jsonl", "jsonl", "stdin"]
    _assert_spans(amap)


@pytest.mark.model
def test_ingest_extract_legacy_encoding_note(cli, tmp_path, nlp):
    (tmp_path / "legacy.txt").write_bytes("The ministry said the café had closed.\n".encode("cp1252"))
    strict = cli("--db", "a.db", "extract", "legacy.txt")
    assert strict.exit_code == 2 and "--encoding auto" in strict.stderr
    result = cli("--db", "a.db", "extract", "legacy.txt", "--encoding", "auto")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("argmap: note: legacy.txt: not UTF-8; decoded as cp1252")


@pytest.mark.parametrize("page, expected", [
    ("the drone had violated its airspace near\nTinzaouaten. Bamako\ndenied it.", "the drone had violated its airspace near Tinzaouaten. Bamako denied it."),
    ("Drone report\nThe ministry said so.", "Drone report\nThe ministry said so."),
    ("a well-\nknown fact\n• one\n• two\n2) a point that wraps\nonto the next line", "a well-known fact\n• one\n• two\n2) a point that wraps onto the next line"),
    ("First paragraph ends\n\nSecond starts", "First paragraph ends\nSecond starts"),
    ("soft hy\u00adphen\r\n  indented  ", "soft hyphen indented"),
])
def test_ingest_pdf_unwrap(page, expected):
    from argmap.ingest import _unwrap

    assert _unwrap(page) == expected
