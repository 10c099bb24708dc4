"""Ingest tests: discovery, decoding, normalisation, front matter and metadata, on real files in tmp_path."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from argmap.errors import InputError
from argmap.ingest import (
    Problem,
    decode,
    discover,
    iter_documents,
    make_document,
    normalise,
    read_document,
    split_front_matter,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\ufeffBOM first", "BOM first"),
        ("no change\n", "no change\n"),
        ("inner \ufeff kept", "inner \ufeff kept"),
    ],
)
def test_ingest_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "text, meta, body",
    [
        ("plain text\n", {}, "plain text\n"),
        ("---\ntitle: T\n---\n\nBody.\n", {"title": "T"}, "Body.\n"),
        ("---\n---\nBody.\n", {}, "Body.\n"),
        ("---\ntitle: T\n---", {"title": "T"}, ""),  # closing line at the very end
        ("--- not front matter\nBody\n", {}, "--- not front matter\nBody\n"),
    ],
)
def test_ingest_split_front_matter(text, meta, body):
    assert split_front_matter(text) == (meta, body)


@pytest.mark.parametrize(
    "text, message",
    [
        ("---\ntitle: T\nBody without closing line\n", "no closing"),
        ("---\ntitle: [unclosed\n---\nBody.\n", "not valid YAML"),
        ("---\n- a\n- b\n---\nBody.\n", "YAML mapping"),
        ("---\njust a string\n---\nBody.\n", "YAML mapping"),
    ],
)
def test_ingest_split_front_matter_malformed(text, message):
    with pytest.raises(InputError, match=message) as info:
        split_front_matter(text)
    assert "\n" not in str(info.value)


def test_ingest_decode_refuses_binary_and_latin1():
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def")
    with pytest.raises(InputError, match="UTF-8.*offset 3"):
        decode("café".encode("latin-1"))
    assert decode("\ufeffcafé".encode("utf-8")) == "café"


def test_ingest_make_document_markdown_metadata_and_offsets():
    text = "---\r\ntitle: Drone incident\r\npublisher: Test Wire\r\npublished: 2025-04-01\r\nurl: https://x.invalid/a\r\n---\r\nThe ministry said so.\r\n"
    doc = make_document(text, path="corpus/drone.md", fmt="md")
    assert doc.text == "The ministry said so.\n"  # offsets refer to the body, normalised
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        "Drone incident", "Test Wire", dt.date(2025, 4, 1), "https://x.invalid/a",
    )
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.id == "doc-" + doc.sha256[:12]
    assert doc.format == "md" and doc.path == "corpus/drone.md"


def test_ingest_make_document_txt_keeps_dashes_and_titles_from_file_name():
    doc = make_document("---\nnot: meta\n---\nText.\n", path="x/some_file-name.txt", fmt="txt")
    assert doc.text.startswith("---\n")  # front matter is a Markdown thing only
    assert doc.title == "some file name"


def test_ingest_make_document_id_depends_on_text_only():
    a = make_document("Same text.\n", path="a.txt", fmt="txt")
    b = make_document("\ufeffSame text.\r\n", path="b/c.txt", fmt="txt")  # same after normalisation
    assert a.id == b.id and a.sha256 == b.sha256
    assert make_document("Other text.", path="a.txt", fmt="txt").id != a.id


@pytest.mark.parametrize(
    "text, fmt, message",
    [
        ("", "txt", "empty"),
        ("  \n\t\n", "txt", "empty"),
        ("---\ntitle: only metadata\n---\n\n", "md", "empty"),
        ("x" * 101, "txt", "too large"),
        ("---\ndate: yesterday\n---\nText.\n", "md", "not an ISO date"),
    ],
)
def test_ingest_make_document_refuses(text, fmt, message):
    with pytest.raises(InputError, match=message):
        make_document(text, path="f", fmt=fmt, max_chars=100)


def test_ingest_read_document_sidecar_metadata(tmp_path):
    f = tmp_path / "report.txt"
    f.write_text("The army said the aircraft crashed.\n", encoding="utf-8")
    (tmp_path / "report.txt.meta.yaml").write_text("title: Army report\npublisher: Wire\ndate: 2025-04-02\n")
    doc = read_document(f, display_path="corpus/report.txt")
    assert (doc.title, doc.publisher, doc.published, doc.path) == ("Army report", "Wire", dt.date(2025, 4, 2), "corpus/report.txt")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bin.txt", b"abc\x00\x01\x02 binary", "binary"),
        ("latin.txt", "Le ministère a dit.".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"", "empty"),
        ("data.csv", b"a,b\n", "unsupported file type '.csv'"),
        ("bad.md", b"---\ntitle: [x\n---\nBody.\n", "front matter"),
    ],
)
def test_ingest_read_document_refuses(tmp_path, name, data, message):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_document(f)
    assert "\n" not in str(info.value)


def test_ingest_read_document_bad_sidecar(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Text.")
    (tmp_path / "a.meta.yaml").write_text("- not\n- a mapping\n")
    with pytest.raises(InputError, match="sidecar a.meta.yaml"):
        read_document(f)


def test_ingest_discover_sorted_unique_and_skips_noise(tmp_path, corpus):
    (corpus / "README.md").write_text("# about this corpus\n")
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "x.txt").write_text("hidden")
    (corpus / "image.png").write_bytes(b"\x89PNG")
    (corpus / "drone.md.meta.yaml").write_text("title: x\n")
    found = discover([str(corpus), str(corpus / "border.txt")])
    names = [str(f.relative_to(corpus)) for f in found]
    assert names == ["border.txt", "drone.md", "notes/response.txt"]


@pytest.mark.parametrize("setup, message", [("missing", "no such file"), ("emptydir", "no documents found"), ("readme", "no documents found")])
def test_ingest_discover_refuses(tmp_path, setup, message):
    target = tmp_path / setup
    if setup != "missing":
        target.mkdir()
        (target / "notes.csv").write_text("a,b\n")
    if setup == "readme":
        (target / "README.md").write_text("not a document\n")
    with pytest.raises(InputError, match=message):
        discover([str(target)])


def test_ingest_iter_documents_reports_problems_and_goes_on(tmp_path, corpus):
    (corpus / "broken.txt").write_bytes(b"\x00\x00")
    items = list(iter_documents([str(corpus)]))
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(items) == 4 and len(problems) == 1
    assert problems[0].path.endswith("broken.txt") and "binary" in problems[0].message
