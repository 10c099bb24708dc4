"""The export command across formats: JSON stays byte-identical to the store's canonical dump (the
public contract), records without the fields added in issue #8 serialise exactly as before, DOT is
the renderer's DOT (parsed by Graphviz when it is installed), and every format writes to a file.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from argmap.formats import EXPORT_FORMATS, export
from argmap.model import Claim, ClaimSpans, Document
from argmap.render import to_diagram, to_dot
from argmap.store import open_store
from argmap.store.sqlite import dumps_map


def test_export_json_unchanged(cli, rich_db):
    result = cli("--db", rich_db, "export", "--format", "json")
    with open_store(rich_db) as s:
        assert result.stdout == dumps_map(s.load_map())
    assert cli("--db", rich_db, "export").stdout == result.stdout


def test_export_new_fields_absent_until_set():
    """A document without pages and an unrated claim serialise as they did before issue #8."""
    doc = Document(id="doc-1", title="t", path="p.txt", sha256="0" * 64, text="abc")
    assert doc.model_dump_json() == (
        '{"id":"doc-1","title":"t","path":"p.txt","publisher":null,"published":null,"url":null,'
        '"sha256":"' + "0" * 64 + '","text":"abc","format":"txt"}'
    )
    claim = Claim(id="c-1", document="doc-1", text="abc", spans=ClaimSpans(content=[(0, 3)]))
    assert list(json.loads(claim.model_dump_json()))[-1] == "note"
    assert not {"rating", "rating_note", "rated_on"} & set(claim.model_dump())


def test_export_dot_is_the_renderers_dot(rich_map):
    text = export(rich_map, "dot")
    assert text == to_dot(to_diagram(rich_map))
    if shutil.which("dot"):
        proc = subprocess.run(["dot", "-Tplain"], input=text, capture_output=True, text=True, timeout=30, check=False)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("graph ")


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "csv"])
def test_export_every_format_to_a_file(cli, rich_db, tmp_path, fmt):
    result = cli("--db", rich_db, "export", "--format", fmt, "-o", f"out.{fmt}")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote out.{fmt}\n"
    written = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert written == cli("--db", rich_db, "export", "--format", fmt).stdout


def test_export_unknown_format_and_unwritable_output(cli, rich_db, tmp_path):
    assert cli("--db", rich_db, "export", "--format", "xml").exit_code == 2  # click refuses it
    result = cli("--db", rich_db, "export", "--format", "aif", "-o", tmp_path / "no" / "such" / "dir.json")
    assert result.exit_code == 2 and "cannot be written" in result.stderr
