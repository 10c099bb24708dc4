"""CLI tests through the real `argmap` command group (click's CliRunner in-process, plus a few
subprocesses for the installed entry point): help texts, the JSON export contract, re-running
extraction, and bad input giving one clear line, a non-zero exit code and an untouched store.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.model import ArgumentMap, Claim, json_schema
from argmap.store import open_store
from argmap.store.sqlite import SCHEMA_VERSION, dumps_map

ARGMAP = Path(sys.executable).with_name("argmap")


def _has_model() -> bool:
    from argmap.errors import ModelNotFoundError
    from argmap.pipeline import default_model

    try:
        default_model()
    except ModelNotFoundError:
        return False
    import importlib.util

    return importlib.util.find_spec(default_model()) is not None


needs_model = pytest.mark.skipif(not _has_model(), reason="no spaCy English model installed")


def _render_available() -> bool:
    try:
        from argmap.render import render_views  # noqa: F401
    except ImportError:
        return False
    return True


def _export(db) -> str:
    with open_store(db, create=False) as s:
        return dumps_map(s.load_map())


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


def assert_clean_failure(result, exit_code: int | None = None) -> str:
    """One line on stderr, nothing on stdout, a non-zero exit code, no traceback; returns the line."""
    assert isinstance(result.exception, SystemExit), f"unexpected exception: {result.exception!r}"
    assert result.exit_code != 0
    if exit_code is not None:
        assert result.exit_code == exit_code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("argmap: error: ")
    assert "Traceback" not in result.output
    return lines[0]


# -- help and entry points -----------------------------------------------------------------------
def _command_paths(group: click.Group, prefix=()):
    yield prefix
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _command_paths(cmd, prefix + (name,))
        else:
            yield prefix + (name,)


COMMANDS = list(_command_paths(main))


def test_cli_knows_the_walking_skeleton_commands():
    names = {" ".join(p) for p in COMMANDS}
    assert {"extract", "link", "render", "run", "export", "import", "schema", "actors", "actors merge", "actors rename"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "argmap")
def test_cli_help_on_every_command(path):
    result = _invoke(*path, "-h")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    cmd = main
    for name in path:
        cmd = cmd.commands[name]
    assert cmd.help and cmd.help.strip().splitlines()[0], f"{path}: no help text"
    assert "Example:" in cmd.help, f"{path}: docstring has no Example: block"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts[0]}: option without help="
    # the long form works too
    assert _invoke(*path, "--help").output == result.output


def test_cli_python_m_argmap_help():
    proc = subprocess.run([sys.executable, "-m", "argmap", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: ") and "extract" in proc.stdout
    assert proc.stderr == ""


def test_cli_version():
    from argmap import __version__

    result = _invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_cli_schema_is_a_json_schema():
    result = _invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json.loads(json.dumps(json_schema()))


# -- one real extraction shared by the tests below -----------------------------------------------
@pytest.fixture(scope="module")
def extracted(tmp_path_factory, write_corpus):
    """A store made by the real `argmap -q extract corpus/` (the model loads once, in-process)."""
    if not _has_model():
        pytest.skip("no spaCy English model installed")
    base = tmp_path_factory.mktemp("extracted")
    corpus = write_corpus(base / "corpus")
    db = base / "argmap.db"
    result = _invoke("-q", "--db", db, "extract", corpus)
    return db, corpus, result


def _copy_db(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / "copy.db"
    shutil.copyfile(src, dest)
    return dest


@pytest.mark.model
def test_cli_extract_quiet_prints_nothing(extracted):
    _, _, result = extracted
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "")


@pytest.mark.model
def test_cli_export_validates_against_schema(extracted):
    db, _, _ = extracted
    result = _invoke("--db", db, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    schema = json.loads(_invoke("schema").stdout)
    jsonschema.validate(data, schema)
    assert len(data["documents"]) == 3 and len(data["claims"]) >= 6


@pytest.mark.model
def test_cli_export_import_export_byte_identical(extracted, tmp_path):
    db, _, _ = extracted
    # include links and a review decision, so every record type goes round
    work = _copy_db(db, tmp_path)
    assert _invoke("-q", "--db", work, "link").exit_code == 0
    with open_store(work) as s:
        claim = s.claims()[0]
        s.update_claim(claim.model_copy(update={"status": "accepted", "note": "checked"}), reviewer="t")
    first = tmp_path / "first.json"
    assert _invoke("--db", work, "export", "-o", first).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = _invoke("--db", fresh, "import", first)
    assert result.exit_code == 0, result.output
    second = _invoke("--db", fresh, "export", "--format", "json")
    assert second.exit_code == 0
    assert second.stdout_bytes == first.read_bytes()


@pytest.mark.model
def test_cli_extract_twice_same_number_of_claims(extracted, tmp_path):
    db, corpus, _ = extracted
    work = _copy_db(db, tmp_path)
    before = _export(work)
    n = len(ArgumentMap.model_validate_json(before).claims)
    result = _invoke("--db", work, "extract", corpus)
    assert result.exit_code == 0, result.output
    assert "3 read, 0 new, 3 already stored" in result.stdout
    after = _export(work)
    assert len(ArgumentMap.model_validate_json(after).claims) == n
    assert after == before


@pytest.mark.model
def test_cli_actors_merge_and_rename_kept_after_extract(extracted, tmp_path):
    db, corpus, _ = extracted
    work = _copy_db(db, tmp_path)
    ids = {a["id"] for a in json.loads(_invoke("--db", work, "actors", "--json").stdout)}
    assert {"ministry", "foreign-ministry", "army"} <= ids, ids
    assert _invoke("-q", "--db", work, "actors", "merge", "ministry", "foreign-ministry").stdout == ""
    assert _invoke("-q", "--db", work, "actors", "rename", "army", "Malian Armed Forces").stdout == ""
    result = _invoke("--db", work, "extract", corpus)
    assert result.exit_code == 0, result.output
    amap = ArgumentMap.model_validate_json(_export(work))
    actors = {a.id: a for a in amap.actors}
    assert "ministry" not in actors
    assert "ministry" in actors["foreign-ministry"].aliases
    assert actors["army"].name == "Malian Armed Forces"
    by_source = {c.source_text: c.actor for c in amap.claims}
    assert by_source["The ministry"] == "foreign-ministry"
    assert by_source["the foreign ministry"] == "foreign-ministry"
    assert by_source["The army"] == "army"
    rows = {r["id"]: r for r in json.loads(_invoke("--db", work, "actors", "--json").stdout)}
    assert rows["foreign-ministry"]["claims"] == 2


@pytest.mark.model
@needs_model
def test_cli_extract_seed_offsets_slice_the_text(tmp_path, seed):
    db = tmp_path / "seed.db"
    result = _invoke("--db", db, "extract", seed)
    assert result.exit_code == 0, result.output
    with open_store(db, create=False) as s:
        (doc,) = s.documents()
        claims = s.claims()
    assert len(claims) >= 20  # the seed is full of attributed statements
    text = doc.text
    for c in claims:
        assert c.text == " … ".join(text[s:e] for s, e in c.spans.content), c.id
        assert c.cue == " ".join(text[s:e] for s, e in c.spans.cue), c.id
        if c.spans.source:
            assert c.source_text == text[c.spans.source[0][0] : c.spans.source[0][1]], c.id
        else:
            assert c.source_text is None, c.id
        assert c.id == Claim.make_id(doc.id, c.spans)
        assert c.document == doc.id


# -- bad input: one line, non-zero exit, nothing touched ----------------------------------------
@pytest.fixture
def good_db(tmp_path, tiny_map) -> Path:
    db = tmp_path / "good.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    return db


def _write(tmp_path, name, data: bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


INPUT_CASES = {
    "missing-path": (lambda t: ["extract", t / "nope"], 2, "no such file"),
    "empty-dir": (lambda t: ["extract", (t / "empty").mkdir() or t / "empty"], 2, "no documents found"),
    "dir-without-text-files": (lambda t: ["extract", _write(t, "other/a.csv", b"a,b\n").parent], 2, "no documents found"),
    "binary": (lambda t: ["extract", _write(t, "bin.txt", b"abc\x00\x01\x02")], 2, "binary"),
    "empty-file": (lambda t: ["extract", _write(t, "empty.txt", b"")], 2, "empty"),
    "latin-1": (lambda t: ["extract", _write(t, "latin.txt", "Le ministère a déclaré.".encode("latin-1"))], 2, "UTF-8"),
    "front-matter-bad-yaml": (lambda t: ["extract", _write(t, "a.md", b"---\ntitle: [x\n---\nThe ministry said it.\n")], 2, "front matter"),
    "front-matter-unclosed": (lambda t: ["extract", _write(t, "a.md", b"---\ntitle: x\nThe ministry said it.\n")], 2, "closing"),
    "front-matter-not-mapping": (lambda t: ["extract", _write(t, "a.md", b"---\n- x\n---\nThe ministry said it.\n")], 2, "mapping"),
    "import-not-json": (lambda t: ["import", _write(t, "x.json", b"this is not json\n")], 2, "not an argmap export"),
    "import-not-export": (lambda t: ["import", _write(t, "x.json", b'{"nodes": [], "edges": []}')], 2, "not an argmap export"),
    "import-wrong-types": (lambda t: ["import", _write(t, "x.json", b'{"claims": [{"id": 1}]}')], 2, "not an argmap export"),
    "import-missing-file": (lambda t: ["import", t / "none.json"], 2, "no such file"),
    "import-unknown-document": (
        lambda t: ["import", _write(t, "x.json", json.dumps({"claims": [{
            "id": "c-1", "document": "doc-nowhere", "text": "x", "spans": {"content": [[0, 1]]}}]}).encode())],
        3, "unknown document",
    ),
}


@pytest.mark.parametrize("case", sorted(INPUT_CASES))
def test_cli_bad_input_one_line_and_store_untouched(case, tmp_path, good_db):
    make_args, code, message = INPUT_CASES[case]
    args = make_args(tmp_path)
    before = _export(good_db)
    line = assert_clean_failure(_invoke("--db", good_db, *args), code)
    assert message in line
    assert _export(good_db) == before


def _corrupt(p: Path):
    p.write_bytes(os.urandom(4096))


def _foreign(p: Path):
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def _newer(p: Path):
    with open_store(p):
        pass
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.commit()
    conn.close()


DB_CASES = {"corrupt": (_corrupt, "not a usable argmap database"), "foreign": (_foreign, "not an argmap store"),
            "newer": (_newer, "newer argmap")}
DB_COMMANDS = {
    "extract": lambda t: ["extract", _write(t, "corpus/a.txt", b"The ministry said the drone had violated its airspace.\n").parent],
    "export": lambda t: ["export"],
    "import": lambda t: ["import", _write(t, "m.json", b'{"argmap_version": "1.0"}')],
    "link": lambda t: ["link"],
    "actors": lambda t: ["actors"],
    "actors-rename": lambda t: ["actors", "rename", "army", "Army"],
}


@pytest.mark.parametrize("command", sorted(DB_COMMANDS))
@pytest.mark.parametrize("case", sorted(DB_CASES))
def test_cli_bad_db_one_line_and_file_untouched(case, command, tmp_path):
    make_db, message = DB_CASES[case]
    db = tmp_path / "argmap.db"
    make_db(db)
    before = db.read_bytes()
    line = assert_clean_failure(_invoke("--db", db, *DB_COMMANDS[command](tmp_path)), 3)
    assert message in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", sorted(DB_COMMANDS))
def test_cli_db_is_a_directory(command, tmp_path):
    line = assert_clean_failure(_invoke("--db", tmp_path, *DB_COMMANDS[command](tmp_path)), 3)
    assert "is a directory" in line


@pytest.mark.parametrize("command", ["export", "link", "actors"])
def test_cli_reading_commands_need_an_existing_db(command, cli, tmp_path):
    line = assert_clean_failure(cli(command), 3)
    assert "no such database" in line
    assert not (tmp_path / "argmap.db").exists()


@pytest.mark.parametrize(
    "args",
    [["extract", "nope/"], ["extract", "bin.txt"], ["import", "bad.json"]],
    ids=["missing-path", "binary", "import-unknown-document"],
)
def test_cli_failed_command_leaves_no_new_db(args, cli, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    (tmp_path / "bad.json").write_text(json.dumps({"claims": [
        {"id": "c-1", "document": "doc-nowhere", "text": "x", "spans": {"content": [[0, 1]]}}]}))
    assert_clean_failure(cli(*args))
    assert not (tmp_path / "argmap.db").exists(), "a failed first run left an empty argmap.db behind"


@pytest.mark.parametrize("case", ["corrupt", "foreign"])
def test_cli_entry_point_no_traceback(case, tmp_path):
    db = tmp_path / "argmap.db"
    DB_CASES[case][0](db)
    proc = subprocess.run([str(ARGMAP), "--db", str(db), "export"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("argmap: error: ")


# -- quiet and the review commands without the model ---------------------------------------------
def test_cli_quiet_prints_nothing_on_success(tmp_path, tiny_map):
    src = tmp_path / "map.json"
    src.write_text(dumps_map(tiny_map), encoding="utf-8")
    db = tmp_path / "q.db"
    steps = [
        ["import", src],
        ["link"],
        ["export", "-o", tmp_path / "out.json"],
        ["actors", "rename", "ministry", "Ministry of Defence"],
        ["actors", "merge", "ministry", "mali-government"],
    ]
    for step in steps:
        result = _invoke("-q", "--db", db, *step)
        assert result.exit_code == 0, (step, result.output)
        assert (step, result.output) == (step, "")
    # and without -q they say what they did
    assert "imported: 2 documents" in _invoke("--db", db, "import", src).stdout


def test_cli_import_export_round_trip_without_model(tmp_path, tiny_map):
    src = tmp_path / "map.json"
    src.write_text(dumps_map(tiny_map), encoding="utf-8")
    assert _invoke("--db", tmp_path / "a.db", "import", src).exit_code == 0
    out = _invoke("--db", tmp_path / "a.db", "export")
    assert out.stdout == src.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(out.stdout), json_schema())


def test_cli_actors_json_counts(tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    rows = json.loads(_invoke("--db", db, "actors", "--json").stdout)
    assert [(r["id"], r["claims"]) for r in rows] == [("mali-government", 2), ("ministry", 1)]
    line = assert_clean_failure(_invoke("--db", db, "actors", "merge", "nobody", "ministry"), 6)
    assert "no actor with id 'nobody'" in line


# -- render / run: only once the renderer exists -------------------------------------------------
needs_render = pytest.mark.skipif(not _render_available(), reason="argmap.render.render_views is not there yet (being written)")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz 'dot' binary is missing")


@needs_render
@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--actor", "mali-government"],
        ["--status", "accepted", "--status", "proposed"],
        ["--kind", "assertion", "--min-confidence", "0.4"],
        ["--since", "2025-01-01", "--until", "2025-12-31"],
        ["--base-url", "http://127.0.0.1:8000"],
    ],
    ids=["plain", "actor", "status", "kind-confidence", "dates", "base-url"],
)
def test_cli_render_dot_with_filters(options, tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    out = tmp_path / "maps"
    result = _invoke("-q", "--db", db, "render", "--out", out, "--format", "dot", *options)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    files = sorted(p.name for p in out.glob("*.dot"))
    assert "corpus.dot" in files, files
    assert all((out / f).read_text(encoding="utf-8").lstrip().startswith(("digraph", "graph", "strict")) for f in files)


@needs_render
@needs_dot
def test_cli_render_again_draws_nothing_and_disputes_lists_the_ranking(tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    out = tmp_path / "maps"
    first = _invoke("--db", db, "render", "--out", out)
    again = _invoke("--db", db, "render", "--out", out)
    assert first.exit_code == again.exit_code == 0, first.output
    assert "0 unchanged" in first.stdout and "(0 drawn" not in first.stdout
    assert "(0 drawn" in again.stdout and f"start with {out}/index.html" in again.stdout
    listed = _invoke("--db", db, "disputes")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("  1  ") and "1 contradiction (1 across camps)" in listed.stdout
    got = json.loads(_invoke("--db", db, "disputes", "--json").stdout)
    assert [d["rank"] for d in got] == list(range(1, len(got) + 1))
    assert got[0]["contradictions"] == 1 and got[0]["maps"] and set(got[0]["claim_ids"]) <= {c.id for c in tiny_map.claims}


@needs_render
@pytest.mark.parametrize(
    "options, message",
    [(["--since", "yesterday"], "not a date"), (["--since", "2025-12-31", "--until", "2025-01-01"], "2025"),
     (["--kind", "shouting"], "shouting"), (["--min-confidence", "3"], "--min-confidence")],
    ids=["bad-date", "dates-swapped", "unknown-kind", "confidence-above-1"],
)
def test_cli_render_bad_filter_one_line(options, message, tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    line = assert_clean_failure(_invoke("--db", db, "render", "--out", tmp_path / "maps", "--format", "dot", *options), 2)
    assert message in line


@needs_render
def test_cli_render_style_file(tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    style = tmp_path / "style.yaml"
    style.write_text("rankdir: TB\nlegend: false\ngroup_restated: false\n", encoding="utf-8")
    plain, styled = tmp_path / "plain", tmp_path / "styled"
    assert _invoke("-q", "--db", db, "render", "--out", plain, "--format", "dot").exit_code == 0
    result = _invoke("-q", "--db", db, "render", "--out", styled, "--format", "dot", "--style", style)
    assert result.exit_code == 0, result.output
    text = (styled / "corpus.dot").read_text(encoding="utf-8")
    assert 'rankdir="TB"' in text and 'rankdir="TB"' not in (plain / "corpus.dot").read_text(encoding="utf-8")
    assert "legend" not in text and "legend" in (plain / "corpus.dot").read_text(encoding="utf-8")


@needs_render
@pytest.mark.parametrize(
    "content, message",
    [(None, "no such style file"), ("- a list\n", "a mapping"), ("rankdir: sideways\n", "rankdir"),
     ("max_nodes: [1\n", "not valid YAML")],
    ids=["missing", "not-a-mapping", "bad-value", "bad-yaml"],
)
def test_cli_render_bad_style_file_one_line(content, message, tmp_path, tiny_map):
    db = tmp_path / "a.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    style = tmp_path / "style.yaml"
    if content is not None:
        style.write_text(content, encoding="utf-8")
    line = assert_clean_failure(_invoke("--db", db, "render", "--out", tmp_path / "maps", "--style", style), 2)
    assert message in line


@pytest.mark.model
@needs_render
@needs_dot
def test_cli_run_corpus(extracted, tmp_path):
    _, corpus, _ = extracted
    out = tmp_path / "diagrams"
    result = _invoke("--db", tmp_path / "run.db", "run", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.stdout
    assert (out / "corpus.svg").is_file()
    assert "<svg" in (out / "corpus.svg").read_text(encoding="utf-8")
    assert "disputes ranked in" in result.stdout and (out / "index.html").is_file()  # the Quickstart's first page


@needs_render
def test_cli_run_missing_corpus_one_line_no_db(cli, tmp_path):
    line = assert_clean_failure(cli("run", "nope/"), 2)
    assert "no such file" in line
    assert not (tmp_path / "argmap.db").exists()


@pytest.mark.model
@needs_model
def test_cli_extract_mixed_input_skips_bad_files_and_says_so(tmp_path, write_corpus):
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "broken.txt").write_bytes(b"\x00binary")
    db = tmp_path / "mixed.db"
    result = _invoke("--db", db, "extract", corpus)
    assert result.exit_code == 0, result.output  # one bad file of a corpus is reported, never stops the run
    assert result.stderr.splitlines() == [f"argmap: skipped {corpus / 'broken.txt'}: looks like a binary file (NUL bytes), not text"]
    assert "4 read, 3 new, 0 already stored, 1 skipped" in result.stdout
    strict = _invoke("--db", db, "extract", "--strict", corpus)  # scripts that want every file can ask for it
    assert strict.exit_code == 2 and isinstance(strict.exception, SystemExit)
    assert "1 skipped" in strict.stdout
    assert len(ArgumentMap.model_validate_json(_export(db)).documents) == 3
