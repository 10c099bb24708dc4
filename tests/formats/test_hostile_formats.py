"""Hostile import files and hostile values in exports (issue #23, items 5, 12 and 13).

Import: a file nested too deeply, a number too large for the store, a malformed AIF `argmap` block,
a document whose sha256 or id does not match its text, a span outside its text, a bad id or a
non-web URL: each file is refused whole with one line (or, for the URL, the URL is dropped with a
note) and nothing stored changes. Exports: every CSV column is guarded against formulas, only
http(s) URLs reach ClaimReview, GraphML, AIF and CSV, and ids are URL-encoded where a URL is built.
Real SQLite stores, the real CLI in-process; big fixtures are generated here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET

import pytest

from argmap.errors import InputError
from argmap.formats import export, import_data
from argmap.formats.aif import to_aif
from argmap.formats.csv import CLAIM_COLUMNS, LINK_COLUMNS, to_tables
from argmap.model import ArgumentMap, Claim, ClaimSpans, Document, Link, Rating, Relation
from argmap.store import open_store
from argmap.store.sqlite import dumps_map

EVIL_URL = "javascript:alert(document.cookie)"


def _stored(db) -> str:
    with open_store(db) as s:
        return dumps_map(s.load_map())


def _refused(result, *words: str) -> str:
    """One line on stderr, exit code 2 (InputError), no traceback; returns the line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _import_refused(cli, db, tmp_path, data: bytes | dict, *words: str, fmt: str = "auto") -> str:
    """Import `data` into store `db` through the CLI: refused in one line, the store unchanged."""
    before = _stored(db)
    raw = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
    (tmp_path / "hostile.json").write_bytes(raw)
    line = _refused(cli("--db", db, "import", "--format", fmt, "hostile.json"), "hostile.json", *words)
    assert _stored(db) == before
    return line


def _as_json(amap: ArgumentMap) -> dict:
    return json.loads(dumps_map(amap))


def _doc_json(text: str, **extra) -> dict:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {"id": Document.make_id(sha), "title": "t", "path": "t.txt", "sha256": sha, "text": text, **extra}


def _claim_json(doc: dict, *spans: tuple[int, int], **extra) -> dict:
    return {"id": "c-hostile", "document": doc["id"], "text": "x", "spans": {"content": [list(s) for s in spans]}, **extra}


# -- item 5: nesting, huge numbers, a malformed AIF block ----------------------------------------
DEPTH = 100_000  # far past Python's recursion limit and pydantic's


@pytest.mark.parametrize("fmt", ["auto", "json", "aif"])
def test_deeply_nested_file_refused(cli, rich_db, tmp_path, fmt):
    deep = b"[" * DEPTH + b"]" * DEPTH
    with pytest.raises(InputError, match="nested too deeply"):
        import_data(deep, name="deep.json", fmt=fmt)
    _import_refused(cli, rich_db, tmp_path, deep, "nested too deeply", fmt=fmt)


@pytest.mark.parametrize("where", ["export", "aif-block", "aif-node"])
def test_deep_value_inside_a_valid_file_refused(cli, rich_db, rich_map, tmp_path, where):
    """Nesting hidden in one field of an otherwise valid file (deep enough for a RecursionError)."""
    deep = "[" * DEPTH + "]" * DEPTH
    if where == "export":
        text = dumps_map(rich_map).replace('"links": [', f'"links": [{deep}, ', 1)
    else:
        aif = to_aif(rich_map)
        if where == "aif-block":
            aif["argmap"]["documents"] = "DEEP"
        else:
            aif["AIF"]["nodes"][0]["text"] = "DEEP"
        text = json.dumps(aif).replace('"DEEP"', deep)
    with pytest.raises(InputError, match="nested too deeply"):
        import_data(text.encode(), name="deep.json")
    _import_refused(cli, rich_db, tmp_path, text.encode(), "nested too deeply")


def test_moderately_deep_value_refused_without_recursion(rich_map):
    """A depth Python can parse (500) is still no argmap record: refused as too deep, not by a crash later."""
    aif = to_aif(rich_map)
    aif["AIF"]["nodes"][0]["text"] = "DEEP"
    text = json.dumps(aif).replace('"DEEP"', "[" * 500 + "]" * 500)
    with pytest.raises(InputError, match="nested too deeply"):
        import_data(text.encode(), name="deep.json")


@pytest.mark.parametrize("span", [(0, 2**63), (0, 2**64), (2**70, 2**71)])
def test_span_beyond_int64_refused(cli, rich_db, tmp_path, span):
    doc = _doc_json("The ministry said it.\n")
    data = {"documents": [doc], "claims": [_claim_json(doc, span)]}
    with pytest.raises(InputError):
        import_data(json.dumps(data).encode(), name="big.json")
    _import_refused(cli, rich_db, tmp_path, data)


def test_span_beyond_int64_refused_for_a_stored_document(cli, rich_db, rich_map, tmp_path):
    """A claims-only file whose claim points into a document already in the store."""
    doc = rich_map.documents[0]
    claim = {"id": "c-hostile", "document": doc.id, "text": "x", "spans": {"content": [[0, 2**64]]}}
    _import_refused(cli, rich_db, tmp_path, {"claims": [claim]}, "span")


def test_aif_number_too_large_refused(cli, rich_db, rich_map, tmp_path):
    aif = to_aif(rich_map)
    aif["argmap"]["claims"][0]["spans"]["content"] = [[0, 2**64]]
    with pytest.raises(InputError):
        import_data(json.dumps(aif).encode(), name="big.json")
    _import_refused(cli, rich_db, tmp_path, aif)


@pytest.mark.parametrize("block", [[1, 2], "argmap", 3, True])
def test_aif_non_object_argmap_block_refused(cli, rich_db, rich_map, tmp_path, block):
    aif = to_aif(rich_map)
    aif["argmap"] = block
    with pytest.raises(InputError, match="argmap block"):
        import_data(json.dumps(aif).encode(), name="m.json")
    _import_refused(cli, rich_db, tmp_path, aif, "argmap block")


@pytest.mark.parametrize("part, value", [
    ("documents", 5), ("actors", {"a": 1}), ("claims", "x"), ("links", 7),
    ("actors", [3]), ("claims", [None]), ("links", ["x"]),
])
def test_aif_malformed_block_parts_refused(cli, rich_db, rich_map, tmp_path, part, value):
    aif = to_aif(rich_map)
    aif["argmap"][part] = value
    with pytest.raises(InputError, match="argmap block"):
        import_data(json.dumps(aif).encode(), name="m.json")
    _import_refused(cli, rich_db, tmp_path, aif, "argmap block")


@pytest.mark.parametrize("part, value", [("participants", 5), ("locutions", "x"), ("participants", {"a": 1})])
def test_aif_malformed_lists_refused(cli, rich_db, rich_map, tmp_path, part, value):
    aif = to_aif(rich_map)
    aif["AIF"][part] = value
    with pytest.raises(InputError, match=part):
        import_data(json.dumps(aif).encode(), name="m.json")
    _import_refused(cli, rich_db, tmp_path, aif, part)


def test_aif_node_text_must_be_text(rich_map):
    aif = to_aif(rich_map)
    aif["AIF"]["nodes"][0]["text"] = {"not": "text"}
    with pytest.raises(InputError, match="node"):
        import_data(json.dumps(aif).encode(), name="m.json")


# -- item 12: sha256, ids, spans, URLs -----------------------------------------------------------
def test_fake_text_for_a_real_sha_refused(cli, rich_db, rich_map, tmp_path):
    """The attack of issue #23: a real article's sha256 and id with other text would poison the store."""
    data = _as_json(rich_map)
    data["documents"][0]["text"] = "Nothing of the sort was said.\n" + " " * 500
    data["claims"] = [c for c in data["claims"] if c["document"] != data["documents"][0]["id"]]
    with pytest.raises(InputError, match="sha256"):
        import_data(json.dumps(data).encode(), name="fake.json")
    _import_refused(cli, rich_db, tmp_path, data, "sha256")
    aif = to_aif(rich_map)
    aif["argmap"]["documents"][0]["text"] = "Nothing of the sort was said.\n" + " " * 500
    _import_refused(cli, rich_db, tmp_path, aif, "sha256")


def test_document_id_must_derive_from_its_sha(cli, rich_db, tmp_path):
    doc = {**_doc_json("The ministry said it.\n"), "id": "doc-000000000000"}
    _import_refused(cli, rich_db, tmp_path, {"documents": [doc]}, "doc-000000000000")
    bad_sha = {**_doc_json("x\n"), "sha256": "not a digest"}
    _import_refused(cli, rich_db, tmp_path, {"documents": [bad_sha]}, "sha256")


@pytest.mark.parametrize("spans", [
    {"content": [[0, 999]]},  # content past the end
    {"content": [[0, 3]], "cue": [[20, 23]]},  # cue past the end
    {"content": [[0, 3]], "source": [[5, 40]]},  # source past the end
    {"content": [[0, 3], [10, 23]]},  # a second fragment past the end
])
def test_span_beyond_the_text_refused(cli, rich_db, tmp_path, spans):
    doc = _doc_json("The ministry said it.\n")  # 22 characters
    claim = {"id": "c-hostile", "document": doc["id"], "text": "x", "spans": spans}
    with pytest.raises(InputError, match="span"):
        import_data(json.dumps({"documents": [doc], "claims": [claim]}).encode(), name="x.json")
    _import_refused(cli, rich_db, tmp_path, {"documents": [doc], "claims": [claim]}, "span")


def test_sentence_beyond_the_text_refused(cli, rich_db, tmp_path):
    doc = _doc_json("The ministry said it.\n")
    claim = _claim_json(doc, (0, 3), sentence=[0, 500])
    _import_refused(cli, rich_db, tmp_path, {"documents": [doc], "claims": [claim]}, "sentence")


def test_span_beyond_a_stored_documents_text_refused(cli, rich_db, rich_map, tmp_path):
    """Two stored garbage: a claims-only file pointing past the end of a stored document."""
    doc = rich_map.documents[0]
    claim = {"id": "c-hostile", "document": doc.id, "text": "x", "spans": {"content": [[0, len(doc.text) + 1]]}}
    _import_refused(cli, rich_db, tmp_path, {"claims": [claim]}, "span")
    # within the stored text it imports (a claims-only file is allowed)
    claim["spans"]["content"] = [[0, len(doc.text)]]
    (tmp_path / "ok.json").write_text(json.dumps({"claims": [claim]}))
    result = cli("--db", rich_db, "import", "ok.json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("field, value", [
    ("id", "c-1\nforged line"), ("id", "c-\x1b[31mred"), ("id", "c" * 1000), ("id", " c-1"), ("id", ""),
    ("actor", "mali\u202egovernment"), ("document", "doc-\x00"),
])
def test_bad_claim_ids_refused(cli, rich_db, tmp_path, field, value):
    doc = _doc_json("The ministry said it.\n")
    claim = _claim_json(doc, (0, 3))
    claim[field] = value
    _import_refused(cli, rich_db, tmp_path, {"documents": [doc], "claims": [claim]}, "id")


def test_bad_actor_and_link_ids_refused(cli, rich_db, rich_map, tmp_path):
    data = _as_json(rich_map)
    data["actors"][0]["id"] = "fla\r\n=cmd"
    _import_refused(cli, rich_db, tmp_path, data, "id")
    data = _as_json(rich_map)
    data["links"][0]["id"] = "l-\x07"
    _import_refused(cli, rich_db, tmp_path, data, "id")


def test_lone_surrogate_refused(cli, rich_db, tmp_path):
    raw = json.dumps({"documents": [{**_doc_json("abc\n"), "title": "TITLE"}]}).replace("TITLE", "\\ud800").encode()
    with pytest.raises(InputError, match="surrogate"):
        import_data(raw, name="s.json")
    _import_refused(cli, rich_db, tmp_path, raw, "surrogate")


@pytest.mark.parametrize("url", [EVIL_URL, "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                                 "ftp://x.example/a", "/relative/path", "https://", "http://a b.example/"])
def test_non_web_url_dropped_with_a_note(cli, tmp_path, rich_map, url):
    data = _as_json(rich_map)
    data["documents"][0]["url"] = url
    imported = import_data(json.dumps(data).encode(), name="u.json")
    assert imported.map.documents[0].url is None
    assert any("url" in n and data["documents"][0]["id"] in n for n in imported.notes), imported.notes
    (tmp_path / "u.json").write_text(json.dumps(data))
    result = cli("--db", tmp_path / "u.db", "import", "u.json")
    assert result.exit_code == 0, result.output
    assert "argmap: note:" in result.stderr and "url" in result.stderr
    with open_store(tmp_path / "u.db") as s:
        assert s.document(data["documents"][0]["id"]).url is None


def test_aif_block_url_dropped(rich_map):
    aif = to_aif(rich_map)
    aif["argmap"]["documents"][0]["url"] = EVIL_URL
    imported = import_data(json.dumps(aif).encode(), name="m.json")
    assert all(d.url is None or d.url.startswith("https://") for d in imported.map.documents)
    assert any("url" in n for n in imported.notes)


@pytest.mark.parametrize("fmt", ["json", "aif"])
def test_valid_export_still_round_trips(cli, rich_db, tmp_path, fmt):
    before = cli("--db", rich_db, "export").stdout
    assert cli("--db", rich_db, "export", "--format", fmt, "-o", f"m.{fmt}").exit_code == 0
    result = cli("--db", tmp_path / "fresh.db", "import", f"m.{fmt}")
    assert result.exit_code == 0, result.output
    assert "note" not in result.stderr
    assert cli("--db", tmp_path / "fresh.db", "export").stdout == before


def test_web_url_helper():
    from argmap.model import web_url

    assert web_url(" https://news.example.org/a?b=1#c ") == "https://news.example.org/a?b=1#c"
    assert web_url("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for bad in (None, "", EVIL_URL, " javascript:x", "https://", "http:///x", "https://a\x00b.org/",
                "https://a.org/\nSet-Cookie:x", "//example.org/x", "mailto:a@b.org", 5, "https://x.org/" + "a" * 5000):
        assert web_url(bad) is None, bad


# -- item 13: CSV formulas, URLs and ids in exports ------------------------------------------------
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _hostile_map(rich_map: ArgumentMap) -> ArgumentMap:
    """rich_map with a formula in every text field a reviewer or an import can set, and javascript: URLs."""
    doc = rich_map.documents[0].model_copy(update={"url": EVIL_URL, "publisher": "+publisher", "title": "-title"})
    c0 = rich_map.claims[0]
    spans = c0.spans
    claim = c0.model_copy(update={
        "id": "c-a/b?x=1#y z", "actor": "=actor", "target": "@target", "rule": "-rule", "cue_lemma": "+lemma",
        "reviewer": FORMULA, "source_text": "\tsrc", "document": doc.id, "spans": spans, "rating": Rating.false,
    })
    link = rich_map.links[0].model_copy(update={
        "id": "=link", "method": "+method", "reviewer": "@reviewer", "source": claim.id,
        "target": rich_map.claims[1].id,
    })
    renamed = {c0.id: claim.id}
    links = [lk.model_copy(update={"source": renamed.get(lk.source, lk.source), "target": renamed.get(lk.target, lk.target)})
             for lk in rich_map.links[1:]]
    actor = rich_map.actors[0].model_copy(update={"id": "=actor", "side": "-side", "name": "=name"})
    others = [d for d in rich_map.documents if d.id != doc.id]
    return ArgumentMap(documents=[doc, *others], actors=[actor, *rich_map.actors[1:]],
                       claims=[claim, *rich_map.claims[1:]], links=[link, *links])


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _no_formula(rows: list[dict], columns: list[str]) -> None:
    for row in rows:
        for column in columns:
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])


def test_csv_every_column_guarded(rich_map):
    tables = to_tables(_hostile_map(rich_map))
    claims, links = _rows(tables["claims.csv"]), _rows(tables["links.csv"])
    _no_formula(claims, CLAIM_COLUMNS)
    _no_formula(links, LINK_COLUMNS)
    row = next(r for r in claims if r["id"] == "c-a/b?x=1#y z")
    assert (row["actor"], row["target"], row["rule"], row["cue_lemma"], row["reviewer"]) == (
        "'=actor", "'@target", "'-rule", "'+lemma", "'" + FORMULA)
    assert (row["side"], row["url"], row["source_text"]) == ("'-side", "", "'\tsrc")
    link = next(r for r in links if r["id"] == "'=link")
    assert (link["method"], link["reviewer"]) == ("'+method", "'@reviewer")
    # numbers are never touched
    assert all(r["start"].isdigit() and r["confidence"][0].isdigit() for r in claims)


def test_csv_reviewer_set_by_a_reviewer_is_guarded(cli, rich_db, rich_map, tmp_path):
    """A reviewer name is any text a reviewer types (the review app writes it on the claim)."""
    claim = rich_map.claims[1]
    assert cli("--db", rich_db, "rate", claim.id, "false", "--reviewer", FORMULA).exit_code == 0
    with open_store(rich_db) as s:
        s.update_claim(s.claim(claim.id).model_copy(update={"reviewer": FORMULA}), reviewer=FORMULA)
    assert cli("--db", rich_db, "export", "--format", "csv", "-o", "tables").exit_code == 0
    claims = _rows((tmp_path / "tables" / "claims.csv").read_bytes().decode("utf-8"))
    _no_formula(claims, CLAIM_COLUMNS)
    assert next(r for r in claims if r["id"] == claim.id)["reviewer"] == "'" + FORMULA


@pytest.fixture
def hostile_db(tmp_path, rich_map):
    """A store holding `_hostile_map` (written by the store directly, as an older argmap could have)."""
    path = tmp_path / "hostile.db"
    with open_store(path) as s:
        s.import_map(_hostile_map(rich_map))
    return path


def test_exports_drop_non_web_urls(cli, hostile_db):
    for fmt in ("claimreview", "graphml", "aif", "argdown"):
        result = cli("--db", hostile_db, "export", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "javascript:" not in result.stdout, fmt
    graph = ET.fromstring(cli("--db", hostile_db, "export", "--format", "graphml").stdout.encode())
    urls = [d.text for d in graph.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == "n_url"]
    assert urls and all(u.startswith("https://") for u in urls)


def test_claimreview_review_url_encodes_claim_ids(hostile_db, cli):
    amap = _hostile_map_from(hostile_db)
    rated = [c for c in amap.claims if c.rating]
    out = json.loads(cli("--db", hostile_db, "export", "--format", "claimreview",
                         "--review-url", "https://check.example/review/{claim}").stdout)
    urls = {r["identifier"]: r["url"] for r in out["@graph"]}
    assert urls["c-a/b?x=1#y z"] == "https://check.example/review/c-a%2Fb%3Fx%3D1%23y%20z"
    assert len(urls) == len(rated)
    from argmap.model import web_url

    for url in urls.values():
        assert web_url(url) == url


@pytest.mark.parametrize("option", ["--publisher-url", "--review-url"])
@pytest.mark.parametrize("url", [EVIL_URL, "javascript:alert('{claim}')", "data:,x", "check.example/{claim}"])
def test_claimreview_refuses_non_web_option_urls(cli, hostile_db, option, url):
    before = _stored(hostile_db)
    line = _refused(cli("--db", hostile_db, "export", "--format", "claimreview", "--publisher", "Check", option, url),
                    option)
    assert "http" in line
    assert _stored(hostile_db) == before


def test_claimreview_library_drops_document_urls(rich_map):
    text = export(_hostile_map(rich_map), "claimreview", review_url="https://c.example/{claim}")
    assert "javascript" not in text
    with pytest.raises(InputError, match="http"):
        export(rich_map, "claimreview", author="C", author_url=EVIL_URL)


def _hostile_map_from(db) -> ArgumentMap:
    with open_store(db) as s:
        return s.load_map()


def test_hostile_map_fixture_is_what_it_claims(rich_map):
    """Guard for the fixtures above: the hostile claim is a valid model record."""
    amap = _hostile_map(rich_map)
    assert Claim.model_validate(amap.claims[0].model_dump()).id == "c-a/b?x=1#y z"
    assert isinstance(amap.links[0], Link) and amap.links[0].relation in Relation
    assert isinstance(amap.claims[0].spans, ClaimSpans)


def test_loads_aif_refuses_deep_text():
    from argmap.formats.aif import loads_aif

    with pytest.raises(InputError, match="nested too deeply"):
        loads_aif("[" * DEPTH + "]" * DEPTH)
