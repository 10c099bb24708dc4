"""Issue #24: /api/state and the progress counts are computed once per store version and cached;
the cache must follow every write, of this server, of another connection, of another process.

Each check compares what a real server answers with the same state computed from the store as
the app computed it before the cache (every document read, every actor, all statuses counted).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from argmap.model import ArgumentMap, Status
from argmap.review import handlers, views
from argmap.review.app import create_app
from argmap.store import open_store


def _http(server, method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(server.url.rstrip("/") + path, data=data, method=method, headers={
        "Content-Type": "application/json", "X-CSRF-Token": server.app.csrf_token})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status in (200, 201)
        return json.loads(resp.read())


def _uncached(db: str, reviewer: str) -> dict:
    """/api/state as computed before the cache, straight from the store."""
    with open_store(db, create=False) as s:
        progress = s.review_progress()
        created = s.review_created()
        for key in ("claims", "links"):
            row, n = progress[key], created[key]
            row["total"], row["reviewed"] = max(0, row["total"] - n), max(0, row["reviewed"] - n)
        return {"reviewer": reviewer, "progress": progress,
                "documents": [views.document_meta(d) for d in s.documents()],
                "document_progress": s.document_progress(), "actors": handlers._actor_rows(s.actors())}


def _check(server, db: str) -> dict:
    got = _http(server, "GET", "/api/state")
    want = _uncached(db, "ana")
    assert {k: got[k] for k in want} == want
    return got


def test_state_cache_follows_decisions_undo_and_other_writers(db_url, tiny_map, live_server, make_doc, make_claim):
    with open_store(db_url) as s:
        s.import_map(tiny_map)
    server = live_server(db_url, reviewer="ana")
    assert server.app.store_version() is not None  # the cache is on, on both backends
    first = _check(server, db_url)
    assert _http(server, "GET", "/api/state") == first  # a hit: the same answer

    shown = _http(server, "GET", "/api/claims/next")
    cid = shown["claim"]["id"]
    decided = _http(server, "POST", f"/api/claims/{cid}/decide", {"action": "accept", "version": shown["version"]})
    after = _check(server, db_url)  # this server's decision
    assert after["progress"]["claims"]["reviewed"] == first["progress"]["claims"]["reviewed"] + 1
    assert decided["progress"] == after["progress"]

    _http(server, "POST", "/api/undo", {})
    assert _check(server, db_url) == first  # the undo

    with open_store(db_url, create=False) as other:  # another connection decides (a second reviewer)
        claim, version = other.claim_versioned(cid)
        other.apply_review(reviewer="bob", action="reject", claims=[claim.model_copy(update={"status": Status.rejected})],
                           expected={cid: version})
    rejected = _check(server, db_url)
    assert rejected["progress"]["claims"]["by_status"].get("rejected") == 1
    assert _http(server, "GET", f"/api/claims/{cid}")["progress"] == rejected["progress"]  # per-item payloads too

    doc = make_doc("The army said the convoy was attacked near the border.\n", "c/army.txt")
    claim = make_claim(doc, (14, 53), (9, 13), (0, 8), "ministry")
    with open_store(db_url, create=False) as other:  # an import by another connection
        other.import_map(ArgumentMap(documents=[doc], claims=[claim]))
    imported = _check(server, db_url)
    assert doc.id in {d["id"] for d in imported["documents"]}
    assert imported["document_progress"][doc.id] == {"total": 1, "reviewed": 0}
    assert imported["progress"]["claims"]["total"] == rejected["progress"]["claims"]["total"] + 1


def test_state_cache_follows_an_extraction_by_another_process(tmp_path, tiny_map, live_server):
    db = tmp_path / "shared.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    server = live_server(str(db), reviewer="ana")
    before = _check(server, str(db))
    text = tmp_path / "corpus" / "statement.txt"
    text.parent.mkdir()
    text.write_text("The ministry said on Monday that the drone had violated Algerian airspace.\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("argmap")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "argmap"]
    run = subprocess.run([*cmd, "--db", str(db), "extract", str(text.parent)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    after = _check(server, str(db))
    assert len(after["documents"]) == len(before["documents"]) + 1
    assert after["progress"]["claims"]["total"] > before["progress"]["claims"]["total"]


def test_state_cache_connection_closes_with_the_server(imported_db):
    from argmap.review import ReviewServer

    server = ReviewServer(str(imported_db), reviewer="ana").start()
    assert server.app.store_version() is not None
    server.stop()
    assert server.app.store_version() is None  # its own connection is closed: nothing cached any more


def test_state_cache_hit_reads_nothing_but_the_version(imported_db, monkeypatch):
    from tests.review.conftest import TOKEN, Client

    store = open_store(imported_db)
    client = Client(create_app(store, reviewer="tester", csrf_token=TOKEN))
    calls = []
    for name in ("document_metas", "document_progress", "review_progress", "actors", "documents"):
        real = getattr(store, name)
        monkeypatch.setattr(store, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    first = client.get("/api/state").json()
    assert "document_metas" in calls and "review_progress" in calls and "documents" not in calls
    calls.clear()
    assert client.get("/api/state").json() == first
    claim = client.get("/api/claims/next").json()
    assert calls == [], calls  # the state and the progress of a claim payload come from the cache
    client.post(f"/api/claims/{claim['claim']['id']}/decide", {"action": "reject"})
    assert "review_progress" in calls  # the decision changed the store: counted again
    store.close()


def test_state_without_a_store_version_is_computed_every_time(tmp_path, tiny_map):
    """An in-memory store has no version another connection can see: nothing is cached."""
    from tests.review.conftest import TOKEN, Client

    store = open_store(":memory:")
    store.import_map(tiny_map)
    app = create_app(store, reviewer="tester", csrf_token=TOKEN)
    assert app.store_version() is None
    client = Client(app)
    first = client.get("/api/state").json()
    store.update_claim(tiny_map.claims[1].model_copy(update={"status": Status.rejected}), reviewer="bob")
    assert client.get("/api/state").json()["progress"] != first["progress"]


@pytest.mark.parametrize("ids", [None, ["ministry"], ["ministry", "nobody", None]])
def test_state_store_actor_names_of_some_actors(any_store, tiny_map, ids):
    any_store.import_map(tiny_map)
    every = {"mali-government": "Government of Mali", "ministry": "ministry"}
    want = every if ids is None else {i: every[i] for i in ids if i in every}
    assert any_store.actor_names(ids) == want


def test_state_store_document_metas_are_the_document_meta_of_each_document(any_store, tiny_map, make_doc):
    import datetime as dt

    dated = make_doc("Le ministère a déclaré que « le drone » était armé.\n", "a/é/dated.txt")
    dated = dated.model_copy(update={"publisher": "Le Monde", "published": dt.date(2024, 4, 1),
                                     "url": "https://example.org/a?b=1&c=é", "title": 'Quote "x" — é'})
    any_store.import_map(tiny_map.model_copy(update={"documents": [*tiny_map.documents, dated]}))
    assert any_store.document_metas() == [views.document_meta(d) for d in any_store.documents()]
