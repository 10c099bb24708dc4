"""Store tests on real SQLite files in tmp_path and on a real PostgreSQL server (a fresh schema per
test): migrations, idempotent writes, rollback, refusal of foreign or broken databases, and review
decisions surviving machine re-runs. Tests taking `store` or `db_url` run on both backends.
"""

from __future__ import annotations

import os
import sqlite3

import pytest

from argmap import jobs
from argmap.errors import NotFoundError, StoreError
from argmap.model import Actor, ActorKind, ArgumentMap, Claim, Link, Relation, Status
from argmap.store import open_store
from argmap.store.sqlite import APP_ID, SCHEMA_VERSION, dumps_map


def _export(path) -> str:
    with open_store(path, create=False) as s:
        return dumps_map(s.load_map())


@pytest.fixture
def store(any_store):
    """This module's store: parametrized over both backends (sqlite, postgresql)."""
    return any_store


# -- schema and migrations -----------------------------------------------------------------------
def test_store_migrations_set_user_version_and_application_id(db_path):
    with open_store(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 1
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APP_ID
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"documents", "actors", "claims", "links", "history", "actor_merges"} <= tables
    # opening again migrates nothing and loses nothing
    with open_store(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.counts()["documents"] == 0


def test_store_postgres_migrations_set_meta_and_refuse_foreign_or_newer(pg_url, pg_schemas):
    import psycopg

    with open_store(pg_url) as s:
        assert s.dialect == "postgresql" and s.schema_version == SCHEMA_VERSION
    conn = psycopg.connect(pg_url, autocommit=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM argmap_meta").fetchall())
        assert meta == {"application_id": str(APP_ID), "user_version": str(SCHEMA_VERSION)}
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        assert {"documents", "actors", "claims", "links", "history", "actor_merges", "settings"} <= tables
        # text columns sort bytewise, as on SQLite and in Python
        assert conn.execute("SELECT collation_name FROM information_schema.columns WHERE table_schema = current_schema() "
                            "AND table_name = 'documents' AND column_name = 'path'").fetchone()[0] == "C"
        conn.execute("UPDATE argmap_meta SET value = %s WHERE key = 'user_version'", (str(SCHEMA_VERSION + 1),))
    finally:
        conn.close()
    with pytest.raises(StoreError, match="newer argmap"):
        open_store(pg_url)
    # a schema holding someone else's tables is left alone
    foreign = pg_schemas.create()
    try:
        pg_schemas.admin.execute(f"CREATE TABLE {foreign}.customers (id integer, name text)")
        from pgserver import with_schema

        with pytest.raises(StoreError, match="not an argmap store") as info:
            open_store(with_schema(pg_schemas.url, foreign))
        assert "\n" not in str(info.value)
        tables = pg_schemas.admin.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (foreign,)).fetchall()
        assert tables == [("customers",)]
        # and an empty one is not made a store by a read-only command
        empty = pg_schemas.create()
        with pytest.raises(StoreError, match="no argmap store there yet"):
            open_store(with_schema(pg_schemas.url, empty), create=False)
        pg_schemas.drop(empty)
    finally:
        pg_schemas.drop(foreign)


@pytest.mark.parametrize("url, message", [
    ("postgresql://argmap:s3cret@127.0.0.1:1/argmap", "cannot connect to postgresql://argmap:\\*\\*\\*@127.0.0.1:1/argmap"),
    ("postgres://argmap@127.0.0.1:5432:9/argmap", "cannot connect"),
    ("postgresql://argmap@127.0.0.1:1/argmap?sslmode=nonsense", "sslmode"),
], ids=["refused", "bad-port", "bad-option"])
def test_store_postgres_bad_url_or_unreachable_is_one_line(url, message):
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=message) as info:
        open_store(url)
    assert "\n" not in str(info.value) and "s3cret" not in str(info.value)


def test_store_open_missing_without_create(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def _corrupt(p):
    p.write_bytes(os.urandom(8192))


def _sqlite_header_then_garbage(p):
    p.write_bytes(b"SQLite format 3\x00" + os.urandom(8192 - 16))


def _foreign(p):
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers(name) VALUES ('Ada')")
    conn.commit()
    conn.close()


def _newer(p):
    with open_store(p):
        pass
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "make, message",
    [
        (_corrupt, "not a usable argmap database"),
        (_sqlite_header_then_garbage, "not a usable argmap database"),
        (_foreign, "not an argmap store"),
        (_newer, "newer argmap"),
    ],
    ids=["random-bytes", "header-then-garbage", "foreign", "newer"],
)
def test_store_open_refuses_and_leaves_file_untouched(tmp_path, make, message):
    p = tmp_path / "argmap.db"
    make(p)
    before = p.read_bytes()
    with pytest.raises(StoreError, match=message) as info:
        open_store(p)
    assert "\n" not in str(info.value)
    assert p.read_bytes() == before


def test_store_open_refuses_directory_and_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "argmap.db")
    assert not (tmp_path / "no").exists()


# -- documents -----------------------------------------------------------------------------------
def test_store_add_same_document_twice_adds_nothing(store, tiny_map):
    doc = tiny_map.documents[0]
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    # same text under another path is the same document
    assert store.add_document(doc.model_copy(update={"path": "elsewhere.txt"})) is False
    assert store.documents() == [doc]
    assert store.has_document(doc.sha256)
    assert store.document(doc.id) == doc
    with pytest.raises(NotFoundError):
        store.document("doc-000000000000")


# -- import / export -----------------------------------------------------------------------------
def test_store_import_load_round_trip(db_url, tmp_path, tiny_map):
    with open_store(db_url) as a:
        counts = a.import_map(tiny_map)
        assert counts == {"documents": 2, "actors": 2, "claims": 3, "links": 2}
        assert a.load_map() == tiny_map.sorted()
        text = dumps_map(a.load_map())
    with open_store(tmp_path / "b.db") as b:
        b.import_map(ArgumentMap.model_validate_json(text))
        assert dumps_map(b.load_map()) == text
    assert text.endswith("\n") and text == dumps_map(tiny_map)


def test_store_import_claim_with_unknown_document_rolls_back(db_url, tiny_map, make_doc, make_claim):
    db_path = db_url
    with open_store(db_path) as s:
        s.import_map(tiny_map)
    before = _export(db_path)
    new_doc = make_doc("The army said the aircraft crashed near the border.\n", "c/army.txt")
    good = make_claim(new_doc, (14, 50), (9, 13), (0, 8), "army")
    orphan = good.model_copy(update={"id": "c-orphan", "document": "doc-nowhere0000"})
    bad = ArgumentMap(documents=[new_doc], claims=[good, orphan])
    with open_store(db_path) as s:
        with pytest.raises(StoreError, match="unknown document"):
            s.import_map(bad)
        assert not s.has_document(new_doc.sha256)  # the document written first was rolled back
    assert _export(db_path) == before


def test_store_import_link_to_unknown_claim_rolls_back(db_url, tiny_map):
    db_path = db_url
    with open_store(db_path) as s:
        s.import_map(tiny_map)
    before = _export(db_path)
    c = tiny_map.claims[0]
    dangling = Link(id=Link.make_id(c.id, "c-missing", "supports"), source=c.id, target="c-missing", relation="supports")
    with open_store(db_path) as s:
        with pytest.raises(StoreError, match="unknown claim"):
            s.import_map(ArgumentMap(links=[dangling]))
    assert _export(db_path) == before


def test_store_import_same_text_under_another_id_refused(store, tiny_map):
    store.import_map(tiny_map)
    doc = tiny_map.documents[0]
    with pytest.raises(StoreError, match="same text"):
        store.import_map(ArgumentMap(documents=[doc.model_copy(update={"id": "doc-ffffffffffff"})]))


def test_store_transaction_rolls_back_on_error(store, tiny_map):
    store.import_map(tiny_map)
    with pytest.raises(RuntimeError):
        with store.transaction() as c:
            c.execute("DELETE FROM claims")
            c.execute("DELETE FROM documents")
            raise RuntimeError("boom")
    assert store.load_map() == tiny_map.sorted()


# -- review decisions survive machine runs -------------------------------------------------------
def test_store_replace_claims_keeps_reviewed_and_linked(store, tiny_map):
    store.import_map(tiny_map)
    bamako, ministry = sorted(tiny_map.documents, key=lambda d: d.path)
    c3 = next(c for c in tiny_map.claims if c.status is Status.accepted)
    c2 = next(c for c in tiny_map.claims if c.document == bamako.id and c.status is Status.proposed)
    c1 = next(c for c in tiny_map.claims if c.document == ministry.id)
    # a new run that finds nothing: the accepted claim stays, and so does the claim an accepted link needs
    assert store.replace_claims(bamako.id, []) == (0, 1)
    assert {c.id for c in store.claims(document=bamako.id)} == {c2.id, c3.id}
    # a new run proposing a changed version of the accepted claim: the reviewed version wins
    assert store.replace_claims(bamako.id, [c3.model_copy(update={"status": Status.proposed, "text": "changed"})]) == (0, 1)
    assert store.claim(c3.id) == c3
    # an unreviewed claim that is no longer found goes, with its proposed links
    assert store.replace_claims(ministry.id, []) == (0, 0)
    assert store.claims(document=ministry.id) == []
    assert [lk.relation for lk in store.links()] == [Relation.supports]  # the proposed contradicts link went


def test_store_replace_claims_with_actors_in_one_transaction_keeps_user_actors(store, tiny_map):
    store.import_map(tiny_map)  # imported actors are the user's
    ministry = next(a for a in tiny_map.actors if a.id == "ministry")
    bamako = next(d for d in tiny_map.documents if d.path == "a/bamako.txt")
    store.upsert_actors([Actor(id="auto-one", name="first")])
    found = [c for c in tiny_map.claims if c.document == bamako.id and c.status is Status.proposed]
    fresh = [Actor(id="ministry", name="another name"), Actor(id="auto-one", name="second"),
             Actor(id="new-actor", name="new actor"), Actor(id="auto-one", name="third", kind=ActorKind.group)]
    assert store.replace_claims(bamako.id, found, extractor="x1-test", actors=fresh) == (0, 1)  # linked: kept
    actors = {a.id: a for a in store.actors()}
    assert actors["ministry"] == ministry  # the user's actor is not overwritten
    assert actors["auto-one"] == fresh[-1] and actors["new-actor"] == fresh[2]  # the last write wins
    assert store.stored_extraction(bamako.sha256)[1] == "x1-test"
    store.rename_actor("auto-one", "Mine")
    # many actors at once (more than one IN (...) query's worth), two of them the user's
    many = [Actor(id=f"actor-{i:04d}", name=f"actor {i}") for i in range(1200)]
    store.upsert_actors([*many[:700], Actor(id="auto-one", name="fourth"), Actor(id="ministry", name="x"), *many[700:]])
    actors = {a.id: a for a in store.actors()}
    assert actors["auto-one"].name == "Mine" and actors["ministry"] == ministry
    assert all(actors[a.id] == a for a in many)


def test_store_replace_claims_keeps_a_claim_linked_from_another_document(store, tiny_map):
    store.import_map(tiny_map)
    bamako, ministry = sorted(tiny_map.documents, key=lambda d: d.path)
    c1 = next(c for c in tiny_map.claims if c.document == ministry.id)
    c2 = next(c for c in tiny_map.claims if c.document == bamako.id and c.status is Status.proposed)
    link = Link(id=Link.make_id(c2.id, c1.id, Relation.contradicts), source=c2.id, target=c1.id,
                relation=Relation.contradicts, status=Status.accepted, reviewer="t")
    store.import_map(ArgumentMap(links=[link]))
    assert store.replace_claims(ministry.id, []) == (0, 0)
    assert [c.id for c in store.claims(document=ministry.id)] == [c1.id]  # an accepted link needs it
    assert store.replace_claims(ministry.id, [c1.model_copy(update={"text": "changed"})]) == (0, 0)
    assert store.claim(c1.id) == c1


def test_store_update_claim_records_history(store, tiny_map):
    store.import_map(tiny_map)
    claim = store.claims(status="proposed")[0]
    store.update_claim(claim.model_copy(update={"status": Status.rejected, "note": "not a claim"}), reviewer="t", action="reject")
    assert store.claim(claim.id).status is Status.rejected
    (entry,) = store.history()
    assert (entry["record"], entry["record_id"], entry["reviewer"], entry["action"]) == ("claim", claim.id, "t", "reject")
    assert Claim.model_validate_json(entry["before"]) == claim
    with pytest.raises(NotFoundError):
        store.update_claim(claim.model_copy(update={"id": "c-unknown"}))


def test_store_replace_links_keeps_reviewed(store, tiny_map):
    store.import_map(tiny_map)
    accepted = next(lk for lk in tiny_map.links if lk.status is Status.accepted)
    c1 = next(c for c in tiny_map.claims if c.actor == "ministry")
    proposals = [
        # the machine proposes another relation for a pair a reviewer settled: ignored
        Link(id=Link.make_id(accepted.target, accepted.source, "contradicts"), source=accepted.target,
             target=accepted.source, relation="contradicts"),
        Link(id=Link.make_id(accepted.source, c1.id, "supports"), source=accepted.source, target=c1.id, relation="supports"),
    ]
    assert store.replace_links(proposals) == (1, 1)
    links = {lk.id: lk for lk in store.links()}
    assert links[accepted.id] == accepted
    assert set(links) == {accepted.id, proposals[1].id}


def test_store_actor_merge_and_rename(store, tiny_map):
    store.import_map(tiny_map)
    moved = store.merge_actors("ministry", "mali-government", reviewer="t")
    assert moved == 1
    assert [a.id for a in store.actors()] == ["mali-government"]
    assert "ministry" in store.actors()[0].aliases
    assert {c.actor for c in store.claims()} == {"mali-government"}
    assert store.actor_merges() == {"ministry": "mali-government"}
    store.rename_actor("mali-government", "Malian transitional government")
    assert store.actors()[0].name == "Malian transitional government"
    with pytest.raises(StoreError, match="itself"):
        store.merge_actors("mali-government", "mali-government")
    with pytest.raises(NotFoundError):
        store.merge_actors("nobody", "mali-government")
    with pytest.raises(NotFoundError):
        store.rename_actor("nobody", "x")


# -- with the real pipeline ----------------------------------------------------------------------
@pytest.mark.model
def test_store_extract_twice_same_claims(store, corpus, nlp):
    first = jobs.extract(store, [str(corpus)], nlp=nlp)
    claims = store.claims()
    assert first.documents_added == 3 and first.claims_written == len(claims) >= 6
    second = jobs.extract(store, [str(corpus)], nlp=nlp)
    assert (second.documents_added, second.documents_unchanged) == (0, 3)
    assert store.claims() == claims
    assert store.counts()["documents"] == 3


@pytest.mark.model
def test_store_reextract_keeps_review_decisions(store, corpus, nlp):
    jobs.extract(store, [str(corpus)], nlp=nlp)
    claims = store.claims()
    # the plain-string form reviewers' code will use: model_copy does not validate, the store must
    accepted = claims[0].model_copy(update={"status": "accepted"})
    rejected = claims[1].model_copy(update={"status": Status.rejected, "note": "a belief, not a claim"})
    edited = claims[2].model_copy(update={"status": Status.edited, "actor": "someone-else", "text": "fixed by hand"})
    for c in (accepted, rejected, edited):
        store.update_claim(c, reviewer="t")
    accepted = Claim.model_validate(dict(accepted))
    assert store.claim(accepted.id).status is Status.accepted
    result = jobs.extract(store, [str(corpus)], nlp=nlp)
    assert result.claims_kept == 3
    after = {c.id: c for c in store.claims()}
    assert len(after) == len(claims)
    for c in (accepted, rejected, edited):
        assert after[c.id] == c
    # the proposed ones are back as the extractor makes them
    assert [after[c.id] for c in claims[3:]] == claims[3:]


@pytest.mark.model
def test_store_relink_keeps_reviewed_links(store, corpus, nlp):
    jobs.extract(store, [str(corpus)], nlp=nlp)
    claims = store.claims()
    # there is no update_link in the store API: a reviewed link arrives through import
    made = Link(id=Link.make_id(claims[0].id, claims[-1].id, "contradicts"), source=claims[0].id, target=claims[-1].id,
                relation="contradicts", status=Status.accepted, reviewer="t", reason="reviewer link")
    store.import_map(ArgumentMap(links=[made]))
    result = jobs.link(store)
    assert result.links_kept == 1
    jobs.extract(store, [str(corpus)], nlp=nlp)
    jobs.link(store)
    assert store.links(status="accepted") == [made]
    ids = {c.id for c in store.claims()}
    assert made.source in ids and made.target in ids


def _open_and_close(args) -> str:
    path, barrier = args
    barrier.wait()  # all processes open the new file at the same instant
    try:
        store = open_store(path)
        store.close()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        return f"{type(exc).__name__}: {exc}"


def test_store_many_processes_creating_one_new_store_at_once_all_succeed(tmp_path):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    for round_ in range(3):  # a race: try a few fresh files
        path = str(tmp_path / f"new-{round_}.db")
        with ctx.Manager() as manager, ctx.Pool(6) as pool:
            barrier = manager.Barrier(6)
            results = pool.map(_open_and_close, [(path, barrier)] * 6)
        assert results == ["ok"] * 6, results
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APP_ID
        conn.close()


def test_store_postgres_reconnects_after_the_server_drops_its_connection(pg_url, pg_schemas, tiny_map):
    import psycopg

    with open_store(pg_url) as s:
        s.import_map(tiny_map)
        before = s.load_map()
        pid = s.conn.raw.info.backend_pid
        admin = psycopg.connect(pg_schemas.url, autocommit=True)
        try:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        finally:
            admin.close()
        # reads and write transactions that start after the drop run on a new connection
        assert s.load_map() == before
        claim = before.claims[0]
        s.update_claim(claim.model_copy(update={"status": Status.accepted}), reviewer="ana", action="accept")
        assert s.conn.raw.info.backend_pid != pid
    with open_store(pg_url) as s:
        assert s.claim(claim.id).status == Status.accepted
