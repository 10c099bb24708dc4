"""Team mode end to end: every store command on PostgreSQL gives what it gives on SQLite (the export
byte for byte), and an extraction writes while reviewers decide (SQLite: WAL + busy timeout).
"""

from __future__ import annotations

import json
import random
import threading

import pytest
from click.testing import CliRunner

from argmap import jobs
from argmap.cli import main
from argmap.errors import StaleError
from argmap.model import Status
from argmap.store import open_store

pytestmark = pytest.mark.model


def _cli(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout


def _session(db: str, corpus, out) -> dict[str, str]:
    """The commands of a working session on store `db`; their outputs, by name."""
    got = {}
    _cli("--db", db, "-q", "extract", corpus)
    _cli("--db", db, "-q", "link")
    got["run"] = _cli("--db", db, "run", corpus, "--out", out / "maps").replace(db, "DB").replace(str(out), "OUT")
    got["actors"] = _cli("--db", db, "actors")
    with open_store(db, create=False) as s:
        first = s.claims()[0].id
        ranked = [row["id"] for row in s.actor_table() if row["claims"]]
    _cli("--db", db, "rate", first, "mostly-false", "--note", "checked")
    got["compare"] = _cli("--db", db, "compare", f"actor:{ranked[0]}", f"actor:{ranked[1]}", "--json")
    _cli("--db", db, "export", "-o", out / "map.json")
    got["export"] = (out / "map.json").read_text(encoding="utf-8")
    got["argdown"] = _cli("--db", db, "export", "--format", "argdown")
    got["maps"] = {p.name: p.read_bytes() for p in sorted((out / "maps").iterdir())}
    return got


def test_team_cli_session_on_postgres_matches_sqlite(tmp_path, pg_url, pg_schemas, write_corpus, nlp):
    corpus = write_corpus(tmp_path / "corpus")
    (tmp_path / "sq").mkdir()
    (tmp_path / "pg").mkdir()
    on_sqlite = _session(str(tmp_path / "sq" / "argmap.db"), corpus, tmp_path / "sq")
    on_postgres = _session(pg_url, corpus, tmp_path / "pg")
    assert json.loads(on_sqlite["export"])["claims"], "the corpus gave no claims"
    for name in on_sqlite:
        assert on_postgres[name] == on_sqlite[name], name
    # import the export into another PostgreSQL store: the same bytes come out again
    from pgserver import with_schema

    other = pg_schemas.create()
    try:
        url = with_schema(pg_schemas.url, other)
        _cli("--db", url, "import", tmp_path / "sq" / "map.json")
        _cli("--db", url, "export", "-o", tmp_path / "again.json")
        assert (tmp_path / "again.json").read_bytes() == (tmp_path / "sq" / "map.json").read_bytes()
    finally:
        pg_schemas.drop(other)


def test_team_extraction_writes_while_reviewers_decide(db_url, tmp_path, write_corpus, nlp):
    """Four reviewers decide claims while an extraction adds documents and re-extracts the old ones."""
    first = write_corpus(tmp_path / "first")
    with open_store(db_url) as s:
        jobs.extract(s, [str(first)], nlp=nlp)
        ids = [c.id for c in s.claims()]
    assert len(ids) >= 6
    more = []
    for k in range(6):  # new documents for the extraction to write while the reviewers work
        folder = tmp_path / f"more{k}"
        folder.mkdir()
        (folder / f"n{k}.txt").write_text(
            f"The ministry said the convoy {k} had crossed the river. Officials denied that talks {k} had failed.\n",
            encoding="utf-8")
        more.append(str(folder))
    done = threading.Event()
    errors: list[BaseException] = []
    decided: list[tuple[str, str]] = []
    stale = []
    during: list[bool] = []  # whether each decision was applied while the extraction was still writing
    lock = threading.Lock()

    def extraction() -> None:
        try:
            with open_store(db_url, create=False) as own:
                for folder in more:
                    jobs.extract(own, [folder], nlp=nlp)
                jobs.extract(own, [str(first)], nlp=nlp, force=True)  # rewrites the proposed claims under the reviewers
                jobs.link(own)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()

    def reviewer(w: int) -> None:
        rng = random.Random(w)
        try:
            with open_store(db_url, create=False) as own:
                n = 0
                while not done.is_set() or n < 20:
                    cid = rng.choice(ids)
                    claim, version = own.claim_versioned(cid)
                    note = f"r{w}-{n}"
                    status = rng.choice([Status.accepted, Status.rejected])
                    new = claim.model_copy(update={"status": status, "note": note})
                    try:
                        own.apply_review(reviewer=f"r{w}", action="decide", claims=[new], expected={cid: version})
                    except StaleError:
                        with lock:
                            stale.append(note)
                    else:
                        with lock:
                            decided.append((cid, note))
                            during.append(not done.is_set())
                    n += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=extraction)] + [threading.Thread(target=reviewer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    with open_store(db_url, create=False) as s:
        assert s.counts()["documents"] == 3 + len(more)
        rows, total = s.review_history(limit=100_000, record="claim")
        assert total == len(decided) and len(decided) + len(stale) >= 80
        assert any(during), "no decision was made while the extraction ran"
        assert sorted(json.loads(r["after"])["note"] for r in rows) == sorted(note for _, note in decided)
        # the last decision on each claim is what the store holds: extraction did not undo any
        last = {}
        for row in rows:  # newest first
            last.setdefault(row["record_id"], json.loads(row["after"])["note"])
        for cid, note in last.items():
            claim = s.claim(cid)
            assert claim.note == note and claim.status is not Status.proposed
