"""Metadata in bulk (issue #20 item 1): corpus manifests, one metadata model for every input format,
the precedence of their layers and the provenance each value keeps — on real files in tmp_path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.ingest import Note, Problem, load, make_document, read_manifest
from argmap.meta import Layer
from argmap.model import MetaSource

ROOT = Path(__file__).resolve().parents[1]
DATED = "Storm hits the coast\n\nTuesday, September 22, 2015\n\nThe mayor said the storm was the worst in years.\n"


def _docs(items):
    return [i for i in items if not isinstance(i, (Problem, Note))]


def _corpus(tmp_path, manifest: str | None = None, name: str = "manifest.csv") -> Path:
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(DATED, encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("WASHINGTON (Reuters) - The Senate said it would vote.\n", encoding="utf-8")
    (corpus / "c.md").write_text("---\ntitle: Front title\npublished: 2016-01-02\n---\nThe minister said so.\n", encoding="utf-8")
    if manifest is not None:
        (corpus / name).write_text(manifest, encoding="utf-8")
    return corpus


def test_ingest_manifest_gives_every_field_with_its_provenance(tmp_path):
    corpus = _corpus(tmp_path, "path,title,publisher,date,url,language\n"
                               "sub/b.txt,Senate to vote,Reuters Wire,2015-09-01,https://example.org/b,en-gb\n")
    docs = {Path(d.path).name: d for d in _docs(load([str(corpus)]))}
    b = docs["b.txt"]
    assert (b.title, b.publisher, b.published, b.url, b.language) == (
        "Senate to vote", "Reuters Wire", dt.date(2015, 9, 1), "https://example.org/b", "en-GB")
    where = MetaSource(source="manifest", file=str(corpus / "manifest.csv"), line=2)
    assert b.provenance == dict.fromkeys(("language", "published", "publisher", "title", "url"), where)
    # the manifest is metadata, not a document; the other documents keep what they had
    assert sorted(docs) == ["a.txt", "b.txt", "c.md"]
    assert docs["c.md"].provenance == {"published": MetaSource(source="front_matter"), "title": MetaSource(source="front_matter")}


def test_ingest_manifest_jsonl_and_precedence(tmp_path):
    rows = [{"path": "a.txt", "date": "2015-09-20", "publisher": "Manifest Co"},
            {"path": "c.md", "published": "2010-01-01", "title": "Manifest title", "publisher": "Manifest Co"}]
    corpus = _corpus(tmp_path, "".join(json.dumps(r) + "\n" for r in rows), "manifest.jsonl")
    (corpus / "a.txt.meta.yaml").write_text("publisher: Sidecar Co\n", encoding="utf-8")
    docs = {Path(d.path).name: d for d in _docs(load([str(corpus)]))}
    a, c = docs["a.txt"], docs["c.md"]
    # manifest beats the text's date line; the sidecar beats the manifest
    assert (a.published, a.publisher) == (dt.date(2015, 9, 20), "Sidecar Co")
    assert a.provenance["published"].source == "manifest" and a.provenance["publisher"].source == "sidecar"
    assert a.provenance["publisher"].file == "a.txt.meta.yaml"
    # front matter beats the manifest, field by field
    assert (c.title, c.published, c.publisher) == ("Front title", dt.date(2016, 1, 2), "Manifest Co")
    assert sorted(docs) == ["a.txt", "b.txt", "c.md"]  # manifest.jsonl is not read as a batch of documents


def test_ingest_text_gives_what_nothing_else_does(tmp_path):
    corpus = _corpus(tmp_path)
    docs = {Path(d.path).name: d for d in _docs(load([str(corpus)]))}
    a, b = docs["a.txt"], docs["b.txt"]
    assert a.published == dt.date(2015, 9, 22) and a.publisher is None
    s, e = a.provenance["published"].span
    assert a.text[s:e] == "Tuesday, September 22, 2015"
    assert a.provenance["published"] == MetaSource(source="text", line=3, span=(s, e), rule="date.line")
    assert b.publisher == "Reuters" and b.provenance["publisher"].rule == "publisher.dateline"
    assert b.published is None and "published" not in b.provenance


def test_ingest_manifest_of_a_file_named_directly_and_nearest_manifest(tmp_path):
    corpus = _corpus(tmp_path, "path,date\na.txt,2001-01-01\nsub/b.txt,2001-01-02\n")
    (corpus / "sub" / "manifest.csv").write_text("path,date\nb.txt,2002-02-02\n", encoding="utf-8")
    docs = {Path(d.path).name: d for d in _docs(load([str(corpus)]))}
    assert docs["b.txt"].published == dt.date(2002, 2, 2)  # the nearest manifest that lists it
    assert docs["b.txt"].provenance["published"].file == str(corpus / "sub" / "manifest.csv")
    (direct,) = _docs(load([str(corpus / "a.txt")]))
    assert direct.published == dt.date(2001, 1, 1)


def test_ingest_manifest_notes_and_bad_rows(tmp_path):
    corpus = _corpus(tmp_path, "path,date,pubisher\na.txt,2015-13-01,x\nmissing.txt,2015-01-01,\n,2015-01-01,\n")
    items = list(load([str(corpus)]))
    notes = [i.message for i in items if isinstance(i, Note)]
    problems = [i.message for i in items if isinstance(i, Problem)]
    assert any("column 'pubisher' is not used" in n for n in notes), notes
    assert any("line 3: describes no document of this run" in n for n in notes), notes
    assert any("line 4: names no document (empty path)" in n for n in notes), notes
    # a bad date skips its document, naming the manifest line; the others are read
    assert problems == [f"{corpus / 'a.txt'}: {corpus / 'manifest.csv'} line 2 date '2015-13-01' is not an ISO date (YYYY-MM-DD)"]
    assert sorted(Path(d.path).name for d in _docs(items)) == ["b.txt", "c.md"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("manifest.csv", "file,date\na.txt,2015-01-01\n", "has no 'path' column"),
        ("manifest.csv", "path,date\na.txt,2015-01-01\n./a.txt,2015-01-02\n", "lines 2 and 3 both describe"),
        ("manifest.jsonl", '{"path": "a.txt"}\n[1, 2]\n', "line 2: is not a JSON object"),
    ],
)
def test_ingest_manifest_that_cannot_be_used_stops_before_anything(tmp_path, name, content, message):
    corpus = _corpus(tmp_path, content, name)
    with pytest.raises(InputError, match=message):
        next(iter(load([str(corpus)])))


def test_ingest_manifest_not_utf8_and_two_manifests(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "manifest.csv").write_bytes(b"path,title\na.txt,caf\xe9\n")
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_manifest(corpus / "manifest.csv")
    (corpus / "manifest.csv").write_text("path\n", encoding="utf-8")
    (corpus / "manifest.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="both manifest.csv and manifest.jsonl"):
        next(iter(load([str(corpus)])))


def test_ingest_language_is_one_field_everywhere(tmp_path):
    # German: a language argmap has no package for (French is one since issue #22)
    corpus = _corpus(tmp_path, "path,language\na.txt,de\n")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": "The minister said so.", "language": "EN"}) + "\n"
                     + json.dumps({"text": "Der Minister hat es gesagt.", "language": "de"}) + "\n", encoding="utf-8")
    items = list(load([str(corpus), str(batch)]))
    problems = [i.message for i in items if isinstance(i, Problem)]
    assert len(problems) == 2 and all("language 'de' is not supported (argmap has language data for: en, fr)" in p
                                      for p in problems), problems
    (line,) = [d for d in _docs(items) if d.format == "jsonl"]
    assert line.language == "en" and line.provenance["language"] == MetaSource(source="jsonl", file=str(batch), line=1)


def test_ingest_batch_takes_publisher_and_date_from_its_manifest_row(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "lines.jsonl").write_text(json.dumps({"text": "A said so.", "title": "One"}) + "\n"
                                        + json.dumps({"text": "B said so.", "publisher": "Own Co"}) + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("path,title,publisher,date\nlines.jsonl,Batch title,Batch Co,2015-05-05\n",
                                         encoding="utf-8")
    one, two = _docs(load([str(folder)]))
    assert (one.title, one.publisher, one.published) == ("One", "Batch Co", dt.date(2015, 5, 5))
    assert (two.title, two.publisher) == ("lines line 2", "Own Co")  # a batch's title names no line of it


def test_ingest_html_page_metadata_keeps_its_key_and_loses_to_the_manifest(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    page = ('<html><head><meta property="og:title" content="Page title"><meta property="og:site_name" content="Site">'
            '<meta property="article:published_time" content="2015-01-02T10:00Z"></head><body><article>'
            + "<p>The minister said the storm was the worst in years, and the mayor agreed with him.</p>" * 5
            + "</article></body></html>")
    (folder / "a.html").write_text(page, encoding="utf-8")
    (folder / "manifest.csv").write_text("path,date\na.html,2015-03-04\n", encoding="utf-8")
    (doc,) = _docs(load([str(folder)]))
    assert (doc.title, doc.publisher, doc.published) == ("Page title", "Site", dt.date(2015, 3, 4))
    assert doc.provenance["title"] == MetaSource(source="page", rule="og:title")
    assert doc.provenance["published"].source == "manifest"


def test_ingest_make_document_plain_dict_records_no_provenance():
    # the library API as before issue #20: a dict of metadata, no provenance, the same record
    doc = make_document("Text said.\n", path="a.txt", fmt="txt", meta={"title": "T", "published": "2015-01-01"})
    assert doc.provenance is None and doc.published == dt.date(2015, 1, 1)
    assert "provenance" not in doc.model_dump(mode="json")
    layered = make_document("Text said.\n", path="a.txt", fmt="txt", meta=[Layer("manifest", {"title": "T"}, file="m.csv", line=2)])
    assert layered.provenance == {"title": MetaSource(source="manifest", file="m.csv", line=2)}


def test_ingest_manifest_named_on_the_command_line(tmp_path):
    corpus = _corpus(tmp_path, "path,date\na.txt,2001-01-01\n")
    elsewhere = tmp_path / "meta" / "list.csv"
    elsewhere.parent.mkdir()
    elsewhere.write_text("path,date\n../c/a.txt,2003-03-03\n../c/gone.txt,2003-03-03\n", encoding="utf-8")
    items = list(load([str(corpus)], manifest=str(elsewhere)))
    docs = {Path(d.path).name: d for d in _docs(items)}
    assert docs["a.txt"].published == dt.date(2003, 3, 3)  # the manifest named wins over the folder's
    assert [i.message for i in items if isinstance(i, Note)] == [f"{elsewhere} line 3: describes no document of this run; ignored"]
    with pytest.raises(InputError, match="no such manifest file"):
        next(iter(load([str(corpus)], manifest=str(tmp_path / "nope.csv"))))


def test_ingest_gum_manifest_describes_the_gum_texts():
    gum = ROOT / "bench" / "gold" / "gum"
    docs = _docs(load([str(gum / "texts")], manifest=str(gum / "manifest.csv")))
    assert len(docs) == 43
    assert all(d.publisher == "Wikinews" and d.published and d.url.startswith("https://en.wikinews.org/")
               and d.language == "en" and d.provenance["published"].source == "manifest" for d in docs)
