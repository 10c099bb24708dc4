"""The store methods the review app adds (migration 0002, queues, apply_review / undo_review,
history, settings), on real SQLite files and a real PostgreSQL server (tests taking `store`,
`corpus_store` or `map_store` run on both); and review decisions surviving re-extraction and re-linking.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest

from argmap import jobs
from argmap.errors import NotFoundError, StoreError
from argmap.model import Actor, ArgumentMap, Claim, ClaimSpans, Document, Status
from argmap.review import create_app
from argmap.store import open_store
from argmap.store.sqlite import APP_ID, MIGRATIONS, SCHEMA_VERSION

from .conftest import TOKEN, Client


def make_corpus(n_docs: int = 3, per_doc: int = 7, seed: int = 1) -> ArgumentMap:
    """Documents of numbered sentences, one claim per sentence, random confidences, two actors."""
    rng = random.Random(seed)
    docs, claims = [], []
    for d in range(n_docs):
        text = "".join(f"Actor {k} said that thing {k} happened in doc {d}. " for k in range(per_doc))
        sha = hashlib.sha256(text.encode()).hexdigest()
        doc = Document(id=Document.make_id(sha), title=f"doc {d}", path=f"p/{n_docs - d:02d}.txt", sha256=sha, text=text)
        docs.append(doc)
        pos = 0
        for k in range(per_doc):
            sentence = f"Actor {k} said that thing {k} happened in doc {d}. "
            start = pos + sentence.index("thing")
            spans = ClaimSpans(content=[(start, pos + len(sentence) - 2)], cue=[(pos + 8, pos + 12)])
            claims.append(Claim(id=Claim.make_id(doc.id, spans), document=doc.id, text=text[spans.content[0][0]:spans.content[0][1]],
                                spans=spans, actor=("a1", "a2", None)[k % 3], confidence=round(rng.random(), 1)))
            pos += len(sentence)
    actors = [Actor(id="a1", name="One"), Actor(id="a2", name="Two")]
    return ArgumentMap(documents=docs, actors=actors, claims=claims)


@pytest.fixture
def store(any_store):
    """This module's store: parametrized over both backends (sqlite, postgresql)."""
    return any_store


@pytest.fixture
def corpus_store(store):
    store.import_map(make_corpus())
    return store


def walk(store, **kw) -> list[str]:
    out, after = [], None
    while True:
        batch = store.claim_queue(after=after, limit=4, **kw)
        if not batch:
            return out
        out += [c.id for c in batch]
        after = batch[-1].id


# -- migration 0002 ------------------------------------------------------------------------------------
def test_store_review_migration_upgrades_a_version_1_store(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.executescript(f"BEGIN; {MIGRATIONS[0][1]}; PRAGMA application_id = {APP_ID}; PRAGMA user_version = 1; COMMIT;")
    conn.execute("INSERT INTO history(record, record_id, reviewer, at, action, before, after) "
                 "VALUES ('actor', 'x', NULL, '2025-01-01T00:00:00+00:00', 'merge', '{}', 'y')")
    conn.close()
    with open_store(db_path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 2
        rows, total = s.review_history()
        assert total == 1 and rows[0]["batch"] is None and rows[0]["undone_by"] is None
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"claims_queue_confidence", "claims_queue_document", "documents_order", "links_queue_confidence"} <= names
        assert s.setting("review.reviewer") is None


@pytest.mark.parametrize("sort", ["confidence", "document"])
def test_store_review_queue_is_an_index_walk(db_path, sort):
    """No full sort of the claims table: the plan walks an index (the latency budget depends on it). SQLite's plan."""
    corpus_store = open_store(db_path)
    corpus_store.import_map(make_corpus())
    claim = corpus_store.claims()[3]
    plans = []
    real = corpus_store.conn

    class Spy:
        def execute(self, sql, args=()):
            if "ORDER BY" in sql:
                plans.extend(r[3] for r in real.execute("EXPLAIN QUERY PLAN " + sql, args))
            return real.execute(sql, args)

    corpus_store.conn = Spy()
    try:
        corpus_store.claim_queue(sort=sort, after=claim.id)
    finally:
        corpus_store.conn = real
        corpus_store.close()
    assert plans and any("claims_queue_" in p for p in plans), plans
    assert not any(p == "USE TEMP B-TREE FOR ORDER BY" for p in plans), plans


# -- queues --------------------------------------------------------------------------------------------
def test_store_review_claim_queue_by_confidence(corpus_store):
    claims = corpus_store.claims()
    expected = [c.id for c in sorted(claims, key=lambda c: (c.confidence, c.document, c.spans.content[0][0], c.id))]
    assert walk(corpus_store) == expected
    assert corpus_store.claim_queue_count() == len(claims) == 21


def test_store_review_claim_queue_in_document_order(corpus_store):
    assert walk(corpus_store, sort="document") == [c.id for c in corpus_store.claims()]  # path, then offset


def test_store_review_claim_queue_filters(corpus_store):
    claims = corpus_store.claims()
    doc = claims[0].document
    assert walk(corpus_store, sort="document", document=doc) == [c.id for c in claims if c.document == doc]
    assert set(walk(corpus_store, actor="a2")) == {c.id for c in claims if c.actor == "a2"}
    assert set(walk(corpus_store, actor="")) == {c.id for c in claims if c.actor is None}
    assert corpus_store.claim_queue_count(actor="") == 6
    first = claims[0]
    corpus_store.apply_review(reviewer="r", action="accept", claims=[first.model_copy(update={"status": Status.accepted})])
    assert first.id not in walk(corpus_store)
    assert walk(corpus_store, status="accepted") == [first.id]
    assert len(walk(corpus_store, status=None)) == 21


def test_store_review_claim_queue_after_a_claim_outside_the_filter(corpus_store):
    """The cursor may be a claim that was just decided (so no longer matches status=proposed)."""
    order = walk(corpus_store, sort="document")
    decided = corpus_store.claim(order[5])
    corpus_store.apply_review(reviewer="r", action="reject", claims=[decided.model_copy(update={"status": Status.rejected})])
    assert corpus_store.claim_queue(sort="document", after=decided.id)[0].id == order[6]
    assert corpus_store.claim_queue(sort="document", after=order[-1]) == []


def test_store_review_claim_queue_errors(corpus_store):
    with pytest.raises(NotFoundError):
        corpus_store.claim_queue(after="c-000000000000")
    with pytest.raises(StoreError, match="sort"):
        corpus_store.claim_queue(sort="random")


def test_store_review_link_queue_and_lookups(map_store, tiny_map):
    proposed = [lk for lk in tiny_map.links if lk.status == Status.proposed]
    assert [lk.id for lk in map_store.link_queue(limit=10)] == [lk.id for lk in proposed]
    assert map_store.link_queue(after=proposed[-1].id) == []
    assert map_store.link_queue_count(status=None) == 2 and map_store.link_queue_count(relation="supports") == 0
    assert map_store.link(proposed[0].id) == proposed[0]
    with pytest.raises(NotFoundError):
        map_store.link("l-000000000000")
    with pytest.raises(NotFoundError):
        map_store.link_queue(after="l-000000000000")
    ids = [c.id for c in tiny_map.claims]
    assert set(map_store.claims_by_id([*ids, "c-nope"])) == set(ids)
    assert {lk.id for lk in map_store.links_touching([proposed[0].source])} == {lk.id for lk in tiny_map.links}
    assert [c.actor for c in map_store.claims_of_actors(["ministry"])] == ["ministry"]
    assert map_store.claims_of_actors([]) == []
    assert map_store.actor_names() == {"mali-government": "Government of Mali", "ministry": "ministry"}


def test_store_review_progress(map_store):
    p = map_store.review_progress()
    assert p["claims"] == {"total": 3, "reviewed": 1, "by_status": {"accepted": 1, "proposed": 2}}
    assert p["links"]["total"] == 2 and p["links"]["reviewed"] == 1


# -- apply_review / undo_review ------------------------------------------------------------------------
def test_store_review_apply_logs_previous_values_in_one_batch(map_store, tiny_map):
    c1, c2 = (c for c in tiny_map.claims if c.status == Status.proposed)
    actor = Actor(id="new-one", name="New one")
    batch = map_store.apply_review(reviewer="ana", action="edit", actors=[actor],
                                   claims=[c1.model_copy(update={"actor": "new-one", "status": Status.edited}), c2])
    rows, total = map_store.review_history()
    assert total == 2  # c2 did not change: no row
    assert {r["batch"] for r in rows} == {batch} and {r["reviewer"] for r in rows} == {"ana"}
    by_record = {r["record"]: r for r in rows}
    assert by_record["actor"]["before"] is None
    assert json.loads(by_record["claim"]["before"])["actor"] == c1.actor
    assert map_store.claim(c1.id).actor == "new-one"
    assert map_store.apply_review(reviewer="ana", action="edit", claims=[map_store.claim(c1.id)]) == 0


def test_store_review_undo_goes_back_one_decision_at_a_time(map_store, tiny_map):
    c1, c2 = (c for c in tiny_map.claims if c.status == Status.proposed)
    map_store.apply_review(reviewer="ana", action="accept", claims=[c1.model_copy(update={"status": Status.accepted})])
    map_store.apply_review(reviewer="bo", action="reject", claims=[c2.model_copy(update={"status": Status.rejected})])
    map_store.apply_review(reviewer="ana", action="reject", claims=[map_store.claim(c1.id).model_copy(update={"status": Status.rejected})])
    assert map_store.undo_review("ana")["action"] == "reject"
    assert map_store.claim(c1.id).status == Status.accepted
    assert map_store.undo_review("ana")["records"] == [("claim", c1.id)]
    assert map_store.claim(c1.id).status == Status.proposed
    assert map_store.undo_review("ana") is None
    assert map_store.claim(c2.id).status == Status.rejected  # bo's decision is bo's to undo
    rows, _ = map_store.review_history()
    assert [r["action"] for r in rows] == ["undo", "undo", "reject", "reject", "accept"]
    assert rows[2]["undone_by"] == rows[1]["batch"] and rows[4]["undone_by"] == rows[0]["batch"]
    assert rows[3]["undone_by"] is None


def test_store_review_undo_refuses_a_record_changed_since(map_store, tiny_map):
    c1 = next(c for c in tiny_map.claims if c.status == Status.proposed)
    map_store.apply_review(reviewer="ana", action="accept", claims=[c1.model_copy(update={"status": Status.accepted})])
    map_store.update_claim(map_store.claim(c1.id).model_copy(update={"note": "changed by the CLI"}))
    with pytest.raises(StoreError, match="changed since"):
        map_store.undo_review("ana")
    assert map_store.claim(c1.id).note == "changed by the CLI"


def test_store_review_settings(store):
    assert store.setting("x") is None and store.setting("x", "d") == "d"
    store.set_setting("x", "1")
    store.set_setting("x", "2")
    assert store.setting("x") == "2"


# -- re-running extraction and linking keeps every kind of decision ------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def seed_store_path(request, nlp):
    """The seed article extracted and linked, in a store on each backend."""
    if request.param == "sqlite":
        return request.getfixturevalue("fresh_seed_db")
    from .conftest import SEED

    if not SEED.exists():
        pytest.skip(f"{SEED} is missing")
    url = request.getfixturevalue("pg_url")
    with open_store(url) as store:
        jobs.extract(store, [str(SEED)], nlp=nlp)
        jobs.link(store)
    return url


@pytest.mark.model
def test_store_review_decisions_survive_reextraction_and_relinking(seed_store_path, nlp):
    from .conftest import SEED

    with open_store(seed_store_path) as store:
        client = Client(create_app(store, reviewer="ana", csrf_token=TOKEN))
        claims = store.claims()
        by_doc = claims[0].document
        accepted, rejected, edited, to_split, m1, m2 = (c.id for c in claims[:6])
        assert client.post(f"/api/claims/{accepted}/decide", {"action": "accept"}).status == 200
        assert client.post(f"/api/claims/{rejected}/decide", {"action": "reject"}).status == 200
        c = store.claim(edited)
        s, e = c.spans.content[0]
        assert client.post(f"/api/claims/{edited}", {"content": [[s, e - 3]], "new_actor": {"name": "Reviewer Actor"}}).status == 200
        c = store.claim(to_split)
        s, e = c.spans.content[0]
        at = c.spans.content[0][0] + store.document(by_doc).text[s:e].index(" ", (e - s) // 2)
        parts = client.post(f"/api/claims/{to_split}/split", {"at": at}).json()["claims"]
        merged = client.post("/api/claims/merge", {"ids": [m1, m2]}).json()["claim"]["id"]
        added = client.post("/api/claims", {"document": by_doc, "content": [[0, 20]]}).json()["claim"]["id"]
        made = client.post("/api/links", {"source": accepted, "target": added, "relation": "contradicts"}).json()["link"]["id"]
        proposed_link = store.link_queue()[0]
        flipped = client.post(f"/api/links/{proposed_link.id}/decide", {"action": "flip"}).json()["link"]["id"]
        before = {c.id: (c.status, c.actor, c.spans, c.text) for c in store.claims() if c.status != Status.proposed}
        links_before = {lk.id: (lk.status, lk.relation) for lk in store.links() if lk.status != Status.proposed}
        assert len(before) == 10  # accepted, rejected, edited, split original + 2 parts, 2 merged + merge, added

        jobs.extract(store, [str(SEED)], nlp=nlp)
        jobs.link(store)

        after = {c.id: (c.status, c.actor, c.spans, c.text) for c in store.claims() if c.status != Status.proposed}
        assert after == before
        assert {lk.id: (lk.status, lk.relation) for lk in store.links() if lk.status != Status.proposed} == links_before
        assert {made, flipped, proposed_link.id, merged, added, *(p["claim"]["id"] for p in parts)} <= set(after) | set(links_before)
        assert "reviewer-actor" in {a.id for a in store.actors()}
        # the split and merged originals are not proposed again
        proposed_now = {c.id for c in store.claims(status="proposed")}
        assert not proposed_now & {to_split, m1, m2, rejected}
