"""The `argmap compare` command: formats, output files, the map next to Markdown, and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from argmap.store import open_store

from .conftest import make_map


@pytest.fixture
def made_up_db(tmp_path):
    path = tmp_path / "made-up.db"
    with open_store(path) as store:
        store.import_map(make_map())
    return path


def test_cli_compare_formats(made_up_db, run_cli, tmp_path):
    res = run_cli(made_up_db, "compare", "Ruritania", "Freedonia")
    assert res.exit_code == 0 and res.output.startswith("# Government of Ruritania vs Government of Freedonia")
    data = json.loads(run_cli(made_up_db, "compare", "Ruritania", "Freedonia", "--json").output)
    assert data["stats"]["points"] == 2
    rows = list(csv.DictReader(io.StringIO(run_cli(made_up_db, "compare", "Ruritania", "Freedonia",
                                                   "--format", "csv").output)))
    assert rows and rows[0]["section"] == "point"
    out = tmp_path / "report.html"
    res = run_cli(made_up_db, "compare", "Ruritania", "Freedonia", "-o", out)
    assert res.exit_code == 0 and "2 points of contention" in res.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'id="map-image"' in html


def test_cli_compare_markdown_file_gets_its_map(made_up_db, run_cli, tmp_path):
    out = tmp_path / "report.md"
    assert run_cli(made_up_db, "compare", "Ruritania", "Freedonia", "-o", out).exit_code == 0
    svg = tmp_path / "report.map.svg"
    assert svg.is_file() and b"<svg" in svg.read_bytes()
    assert "](report.map.svg)" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("Ruritania", "Nobody"), 6, "no actor or side matches 'Nobody'"),
    (("Ruritania", "ruritania-ministry"), 2, "overlaps the other party"),
    (("Ruritania", "Freedonia", "--since", "March"), 2, "--since 'March' is not a date"),
    (("Ruritania", "Freedonia", "--doc", "nope"), 6, "matches no document"),
])
def test_cli_compare_errors_are_one_line(made_up_db, run_cli, args, code, message):
    res = run_cli(made_up_db, "compare", *args)
    assert res.exit_code == code
    assert message in res.output and "Traceback" not in res.output


def test_cli_compare_needs_a_store(run_cli, tmp_path):
    res = run_cli(tmp_path / "none.db", "compare", "A", "B")
    assert res.exit_code != 0 and "argmap: error:" in res.output
