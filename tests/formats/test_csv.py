"""CSV export: two tables parsed back with the csv module, into a folder or a zip, guarded against
spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from argmap.formats.csv import CLAIM_COLUMNS, LINK_COLUMNS, to_tables, to_zip

from .conftest import HOSTILE


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_tables_parse_back(rich_map):
    tables = to_tables(rich_map)
    assert set(tables) == {"claims.csv", "links.csv"}
    claims, links = _rows(tables["claims.csv"]), _rows(tables["links.csv"])
    assert list(claims[0]) == CLAIM_COLUMNS and list(links[0]) == LINK_COLUMNS
    assert [r["id"] for r in claims] == [c.id for c in rich_map.claims]
    docs = {d.id: d for d in rich_map.documents}
    for row, c in zip(claims, rich_map.claims):
        assert (int(row["start"]), int(row["end"])) == c.spans.content[0]
        assert json.loads(row["spans"])["content"] == [list(s) for s in c.spans.content]
        assert row["actor"] == (c.actor or "") and float(row["confidence"]) == c.confidence
        if c.text != HOSTILE:
            assert row["text"] == c.text == docs[c.document].text[int(row["start"]):int(row["end"])]
    rated = next(r for r in claims if r["rating"])
    assert (rated["rating"], rated["rated_on"]) == ("mostly_false", "2025-05-02")
    assert {r["page"] for r in claims if r["document"] == next(d.id for d in rich_map.documents if d.pages)} == {"1", "2"}
    assert sorted((r["source"], r["target"], r["relation"]) for r in links) == sorted(
        (lk.source, lk.target, lk.relation.value) for lk in rich_map.links)
    assert tables["claims.csv"].endswith("\r\n") and not tables["claims.csv"].startswith("\ufeff")


def test_csv_guards_formulas_in_free_text(rich_map):
    claim = rich_map.claims[0].model_copy(update={"text": "=HYPERLINK(\"http://evil\")", "note": "+1", "cue": "@x"})
    amap = rich_map.model_copy(update={"claims": [claim, *rich_map.claims[1:]]})
    row = _rows(to_tables(amap)["claims.csv"])[0]
    assert (row["text"], row["note"], row["cue"]) == ("'=HYPERLINK(\"http://evil\")", "'+1", "'@x")
    assert not row["id"].startswith("'")


def test_csv_zip_is_deterministic(rich_map):
    data = to_zip(to_tables(rich_map))
    assert data == to_zip(to_tables(rich_map))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["claims.csv", "links.csv"]
        assert len(_rows(zf.read("links.csv").decode("utf-8"))) == 3


def test_csv_cli_folder_zip_and_stdout_refused(cli, rich_db, tmp_path):
    assert cli("--db", rich_db, "export", "--format", "csv", "-o", "tables").exit_code == 0
    assert len(_rows((tmp_path / "tables" / "claims.csv").read_bytes().decode("utf-8"))) == 5
    assert cli("--db", rich_db, "export", "--format", "csv", "-o", "t.zip").exit_code == 0
    assert zipfile.is_zipfile(tmp_path / "t.zip")
    result = cli("--db", rich_db, "export", "--format", "csv")
    assert result.exit_code == 2 and "give -o FOLDER or -o FILE.zip" in result.stderr
