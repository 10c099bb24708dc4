"""CLI habits (issue #20 item 6) and metadata in the run summary (item 1), through the real `argmap`
command group: global options after the command, --json summaries, progress lines on a log, and the
one line naming the documents without a date."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmap import cli as cli_module
from argmap.cli import main
from argmap.model import ArgumentMap
from argmap.store import open_store
from test_cli import needs_model

DATED = "Storm hits the coast\n\nTuesday, September 22, 2015\n\nThe mayor said that the storm was the worst in years.\n"
UNDATED = "The minister said that the bridge would reopen in May.\n"


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


@pytest.fixture
def stored(tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    return db


# -- global options after the command ----------------------------------------------------------------
def test_cli_global_options_after_the_command(stored, tmp_path):
    before = _invoke("--db", stored, "link")
    after = _invoke("link", "--db", stored)
    assert before.exit_code == after.exit_code == 0, after.output
    assert after.stdout.startswith("links: ")
    quiet = _invoke("link", f"--db={stored}", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    # the later one wins, as on any command line; $ARGMAP_DB is overridden too
    assert _invoke("--db", tmp_path / "none.db", "link", "--db", stored).exit_code == 0


def test_cli_global_options_after_the_command_leave_the_commands_own_values(stored, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = _invoke("render", "--out", "--quiet", "--format", "dot", "--db", stored)
    assert got.exit_code == 0, got.output
    assert (tmp_path / "--quiet" / "corpus.dot").is_file()  # "--quiet" was the value of --out ...
    assert "maps:" in got.stdout  # ... not the global flag


def test_cli_global_option_after_the_command_needs_its_value(stored):
    got = _invoke("link", "--db")
    assert got.exit_code == 2 and "Option '--db' requires an argument" in got.stderr
    assert _invoke("link", "--quiet=yes", "--db", stored).exit_code == 2


def test_cli_nothing_after_double_dash_moves():
    got = _invoke("extract", "--", "--db")
    assert got.exit_code != 0 and "no such file" in got.stderr  # "--db" is a path there


# -- --json summaries --------------------------------------------------------------------------------
def test_cli_link_and_render_json(stored, tmp_path):
    linked = _invoke("--db", stored, "link", "--json")
    assert linked.exit_code == 0, linked.output
    data = json.loads(linked.stdout)  # one JSON object, nothing else on stdout
    assert data["command"] == "link" and data["exit_code"] == 0
    assert set(data["links"]) == {"up_to_date", "proposed", "reviewed_kept", "by_relation"}
    drawn = _invoke("render", "--json", "--format", "dot", "--out", tmp_path / "m", "--db", stored)
    assert drawn.exit_code == 0, drawn.output
    maps = json.loads(drawn.stdout)["maps"]
    assert maps["files"] >= len(list((tmp_path / "m").glob("*.dot"))) > 0 and maps["out"] == str(tmp_path / "m")


def test_cli_json_gives_no_object_after_an_error(tmp_path):
    got = _invoke("link", "--json", "--db", tmp_path / "missing.db")
    assert got.exit_code != 0 and got.stdout == "" and got.stderr.startswith("argmap: error: ")


# -- progress lines on a log -------------------------------------------------------------------------
def test_cli_progress_lines_every_few_seconds(capsys, monkeypatch):
    clock = iter([0.0, 1.0, 6.0, 7.0, 12.5])
    monkeypatch.setattr(cli_module.time, "monotonic", lambda: next(clock))
    tick = cli_module._progress_lines("extracting", every=5)  # started at 0.0
    for done in (1, 2, 3, 4):
        tick("extract", done, 4)
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["argmap: extracting 2/4 documents (50%), 6 s, about 6 s left",
                     "argmap: extracting 4/4 documents (100%), 12 s"]


def test_cli_progress_off_with_quiet_and_lines_without_a_terminal():
    assert cli_module._progress(cli_module.State(None, None, True), "extracting") is None
    assert callable(cli_module._progress(cli_module.State(None, None, False), "extracting"))  # CliRunner: no terminal


# -- with the model: run, manifest, undated documents ------------------------------------------------
@pytest.mark.model
@needs_model
def test_cli_run_json_and_undated_documents_then_a_manifest(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")
    (corpus / "undated.txt").write_text(UNDATED, encoding="utf-8")
    db, out = tmp_path / "x.db", tmp_path / "maps"
    monkeypatch.setattr(cli_module, "PROGRESS_SECONDS", 0.0)  # a line for each document and phase
    first = _invoke("run", corpus, "--db", db, "--out", out, "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["command"] == "run" and data["documents"]["new"] == 2 and data["documents"]["undated"] == 1
    assert data["undated"] == [str(corpus / "undated.txt")] and data["store"]["documents"] == 2
    assert "argmap: extracting 1/2 documents" in first.stderr and "argmap: linking" in first.stderr
    # a manifest written after the first run dates the stored document; the summary says it once
    (corpus / "manifest.csv").write_text("path,date,publisher\nundated.txt,2015-09-23,Example Wire\n", encoding="utf-8")
    monkeypatch.setattr(cli_module, "PROGRESS_SECONDS", 3600.0)
    again = _invoke("run", corpus, "--db", db, "--out", out)
    assert again.exit_code == 0, again.output
    assert "2 already stored (2 up to date, not parsed), 1 with new metadata" in again.stdout
    assert "no date" not in again.stdout and again.stderr == ""
    with open_store(db, create=False) as s:
        docs = {d.path: d for d in ArgumentMap.model_validate(s.load_map()).documents}
    undated = docs[str(corpus / "undated.txt")]
    assert (str(undated.published), undated.publisher, undated.provenance["published"].source) == (
        "2015-09-23", "Example Wire", "manifest")
    assert docs[str(corpus / "dated.txt")].provenance["published"].rule == "date.line"
    (corpus / "manifest.csv").unlink()
    (corpus / "dated.txt").unlink()
    (corpus / "other.txt").write_text(UNDATED.replace("bridge", "tunnel"), encoding="utf-8")
    third = _invoke("--db", db, "extract", corpus)
    assert third.exit_code == 0, third.output
    assert "2 documents have no date (" in third.stdout and third.stdout.count("no date") == 1
