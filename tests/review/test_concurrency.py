"""Team mode: optimistic concurrency on both backends (a real SQLite file, a real PostgreSQL server).

A decision carries the version of the record the reviewer saw; a decision on a record that changed
since is refused (StaleError, HTTP 409 naming who changed it) and nothing is written. Eight reviewer
clients, each with its own connection and review app, make 1,000 decisions at once: none is lost,
none applied twice, stale ones are refused and retried.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest

from argmap.errors import StaleError
from argmap.model import ArgumentMap, Claim, ClaimSpans, Document, Status
from argmap.review import ReviewServer, create_app
from argmap.store import open_store

from .conftest import TOKEN, Client


@pytest.fixture
def store(any_store):
    """This module's store: parametrized over both backends (sqlite, postgresql)."""
    return any_store


def small_corpus(n_claims: int) -> ArgumentMap:
    """One document of numbered sentences, one claim per sentence (no spaCy)."""
    text = "".join(f"Speaker {k} said that event {k} happened. " for k in range(n_claims))
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=Document.make_id(sha), title="team", path="team.txt", sha256=sha, text=text)
    claims, pos = [], 0
    for k in range(n_claims):
        sentence = f"Speaker {k} said that event {k} happened. "
        start = pos + sentence.index("event")
        said = pos + sentence.index("said")
        spans = ClaimSpans(content=[(start, pos + len(sentence) - 2)], cue=[(said, said + 4)])
        claims.append(Claim(id=Claim.make_id(doc.id, spans), document=doc.id, spans=spans, confidence=0.5,
                            text=text[spans.content[0][0]:spans.content[0][1]]))
        pos += len(sentence)
    return ArgumentMap(documents=[doc], claims=claims)


def error_of(result, status: int) -> dict:
    assert result.status == status, result.text
    return result.json()


# -- the store refuses stale decisions ------------------------------------------------------------------
def test_concurrency_store_refuses_stale_decisions_and_names_who(store, tiny_map):
    store.import_map(tiny_map)
    claim = store.claims(status="proposed")[0]
    seen, version = store.claim_versioned(claim.id)
    assert version == 1
    accepted = seen.model_copy(update={"status": Status.accepted, "reviewer": "bob"})
    assert store.apply_review(reviewer="bob", action="accept", claims=[accepted], expected={claim.id: version})
    assert store.claim_versioned(claim.id)[1] == 2
    rejected = seen.model_copy(update={"status": Status.rejected, "reviewer": "ana"})
    with pytest.raises(StaleError, match="changed by bob since you opened it; reload to see the new version") as info:
        store.apply_review(reviewer="ana", action="reject", claims=[rejected], expected={claim.id: version})
    assert (info.value.record, info.value.record_id, info.value.by) == ("claim", claim.id, "bob")
    assert store.claim(claim.id).status is Status.accepted
    rows, _ = store.review_history(record_id=claim.id)
    assert [r["reviewer"] for r in rows] == ["bob"]
    # update_claim checks the same way
    with pytest.raises(StaleError):
        store.update_claim(rejected, reviewer="ana", version=1)
    assert store.update_claim(rejected, reviewer="ana", version=2) == 3
    # a record that must not exist yet (version 0)
    with pytest.raises(StaleError, match="created by"):
        store.apply_review(reviewer="ana", action="add", claims=[rejected], expected={claim.id: 0})
    # links too
    link = store.links(status="proposed")[0]
    _, lv = store.link_versioned(link.id)
    store.apply_review(reviewer="bob", action="flip", links=[link.model_copy(update={"status": Status.rejected})],
                       expected={link.id: lv})
    with pytest.raises(StaleError, match="This link was changed by bob"):
        store.apply_review(reviewer="ana", action="accept", links=[link.model_copy(update={"status": Status.accepted})],
                           expected={link.id: lv})


def test_concurrency_machine_runs_bump_versions_only_on_change(store, tiny_map):
    store.import_map(tiny_map)
    doc = next(d for d in tiny_map.documents if d.path == "b/ministry.txt")
    claim = next(c for c in tiny_map.claims if c.document == doc.id)
    assert store.claim_versioned(claim.id)[1] == 1
    store.replace_claims(doc.id, [claim])  # found again as it was: same version, a reviewer's view still holds
    assert store.claim_versioned(claim.id)[1] == 1
    store.replace_claims(doc.id, [claim.model_copy(update={"confidence": 0.9})])  # changed by re-extraction
    assert store.claim_versioned(claim.id)[1] == 2
    with pytest.raises(StaleError, match="changed by a re-extraction"):
        store.apply_review(reviewer="ana", action="accept",
                           claims=[claim.model_copy(update={"status": Status.accepted})], expected={claim.id: 1})
    link = next(lk for lk in tiny_map.links if lk.status is Status.proposed)
    store.replace_links([link])
    assert store.link_versioned(link.id)[1] == 1
    store.replace_links([link.model_copy(update={"confidence": 0.2})])
    assert store.link_versioned(link.id)[1] == 2


# -- the review app answers 409 ---------------------------------------------------------------------------
def test_concurrency_review_app_answers_409_for_a_stale_decision(store, tiny_map):
    store.import_map(tiny_map)
    ana = Client(create_app(store, reviewer="ana", csrf_token=TOKEN))
    bob = Client(create_app(store, reviewer="bob", csrf_token=TOKEN))
    shown = ana.get("/api/claims/next").json()  # what ana's page shows, with its version
    cid, version = shown["claim"]["id"], shown["version"]
    assert bob.get(f"/api/claims/{cid}").json()["version"] == version
    assert bob.post(f"/api/claims/{cid}/decide", {"action": "accept", "version": version}).status == 200
    for path, body in [(f"/api/claims/{cid}/decide", {"action": "reject"}),
                       (f"/api/claims/{cid}", {"note": "ana's note"}),
                       (f"/api/claims/{cid}/split", {"at": shown["claim"]["spans"]["content"][0][0] + 5})]:
        err = error_of(ana.post(path, {**body, "version": version}), 409)
        assert err["stale"] is True and err["by"] == "bob"
        assert err["error"] == "This claim was changed by bob since you opened it; reload to see the new version"
    assert store.claim(cid).status is Status.accepted and store.claim(cid).reviewer == "bob"
    assert [r["reviewer"] for r in store.review_history()[0]] == ["bob"]
    # reloading shows the new version, and then the decision goes through
    fresh = ana.get(f"/api/claims/{cid}").json()
    assert fresh["version"] == version + 1 and fresh["claim"]["status"] == "accepted"
    assert ana.post(f"/api/claims/{cid}/decide", {"action": "reject", "version": fresh["version"]}).status == 200
    assert store.claim(cid).status is Status.rejected
    # a bad version is a bad request
    bad = ana.post(f"/api/claims/{cid}/decide", {"action": "accept", "version": "x"})
    assert "version" in error_of(bad, 400)["error"]
    # links: rejecting the claim took its proposed links with it (#21), so ana looks at those
    shown = ana.get("/api/links/next?status=rejected").json()
    lid, lversion = shown["link"]["id"], shown["version"]
    assert cid in (shown["link"]["source"], shown["link"]["target"]) and shown["link"]["reviewer"] == "ana"
    assert bob.post(f"/api/links/{lid}/decide", {"action": "accept", "version": lversion}).status == 200
    err = error_of(ana.post(f"/api/links/{lid}/decide", {"action": "reject", "version": lversion}), 409)
    assert err["error"] == "This link was changed by bob since you opened it; reload to see the new version"
    assert store.link(lid).status is Status.accepted
    # merge: versions per claim
    doc = ana.get(f"/api/documents/{tiny_map.claims[0].document}").json()
    assert all(isinstance(c["version"], int) for c in doc["claims"])


# -- 8 reviewers, 1,000 decisions ---------------------------------------------------------------------------
DECISIONS = 1000
REVIEWERS = 8


def _review_concurrently(url: str, claim_ids: list[str]) -> tuple[dict[str, tuple[str, int]], Counter]:
    """REVIEWERS threads, each with its own store connection and review app, make DECISIONS decisions
    between them. Each decision is numbered; a stale one is re-read and tried again.

    Returns:
        (note "d<n>" of each applied decision -> (claim id, batch), counts of "stale" and "applied")
    """
    numbers = iter(range(DECISIONS))
    lock = threading.Lock()
    applied: dict[str, tuple[str, int]] = {}
    counts: Counter = Counter()
    errors: list[BaseException] = []
    start = threading.Barrier(REVIEWERS)

    def reviewer(w: int) -> None:
        rng = random.Random(w)
        try:
            with open_store(url, create=False) as own:
                client = Client(create_app(own, reviewer=f"reviewer-{w}", csrf_token=TOKEN))
                # all eight open the same claim, then all decide it: exactly one wins, seven are stale
                first = client.get(f"/api/claims/{claim_ids[0]}").json()
                start.wait(timeout=60)
                res = client.post(f"/api/claims/{claim_ids[0]}/decide",
                                  {"action": "accept", "note": f"race-{w}", "version": first["version"]})
                with lock:
                    counts["race-" + ("won" if res.status == 200 else str(res.status))] += 1
                while True:
                    with lock:
                        n = next(numbers, None)
                    if n is None:
                        return
                    cid = rng.choice(claim_ids)
                    for attempt in range(200):
                        shown = client.get(f"/api/claims/{cid}").json()
                        action = "reject" if shown["claim"]["status"] == "accepted" else "accept"
                        res = client.post(f"/api/claims/{cid}/decide",
                                          {"action": action, "note": f"d{n}", "version": shown["version"]})
                        if res.status == 200:
                            with lock:
                                applied[f"d{n}"] = (cid, res.json()["batch"])
                                counts["applied"] += 1
                            break
                        assert res.status == 409 and res.json()["stale"], res.text
                        with lock:
                            counts["stale"] += 1
                    else:
                        raise AssertionError(f"decision d{n} on {cid} stale 200 times in a row")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=reviewer, args=(w,)) for w in range(REVIEWERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert not any(t.is_alive() for t in threads)
    return applied, counts


def _check_history(store, applied: dict[str, tuple[str, int]], claim_ids: list[str], race_winner_note: str) -> None:
    rows, total = store.review_history(limit=10 * DECISIONS, record="claim")
    assert total == DECISIONS + 1 == len(rows)  # one row per applied decision, the race's winner included
    notes = Counter(json.loads(r["after"])["note"] for r in rows)
    assert notes == Counter({**{note: 1 for note in applied}, race_winner_note: 1})  # none lost, none twice
    assert len({r["batch"] for r in rows}) == len(rows)  # concurrent decisions never share an undo batch
    for note, (cid, batch) in applied.items():
        row = next(r for r in rows if r["batch"] == batch)
        assert row["record_id"] == cid and json.loads(row["after"])["note"] == note
    # every decision was made on the state the one before it left: a chain per claim, no lost update
    versions = store.versions("claim", claim_ids)
    for cid in claim_ids:
        chain = sorted((r for r in rows if r["record_id"] == cid), key=lambda r: r["seq"])
        for before, after in zip(chain, chain[1:]):
            assert after["before"] == before["after"]
        if chain:
            assert store.claim(cid).model_dump_json() == chain[-1]["after"]
        assert versions[cid] == 1 + len(chain)


@pytest.mark.slow
def test_concurrency_eight_reviewers_thousand_decisions(db_url):
    corpus = small_corpus(24)
    with open_store(db_url) as s:
        s.import_map(corpus)
    ids = [c.id for c in corpus.claims]
    t0 = time.monotonic()
    applied, counts = _review_concurrently(db_url, ids)
    elapsed = time.monotonic() - t0
    assert len(applied) == counts["applied"] == DECISIONS
    assert counts["race-won"] == 1 and counts["race-409"] == REVIEWERS - 1, counts
    with open_store(db_url, create=False) as s:
        winner = json.loads(next(r["after"] for r in reversed(s.review_history(limit=10 * DECISIONS)[0])))["note"]
        assert winner.startswith("race-")
        _check_history(s, applied, ids, winner)
    assert elapsed < 120, f"{DECISIONS} decisions took {elapsed:.0f} s"


# -- the same over HTTP: real review servers (one per reviewer) on one store ------------------------------
def _http(server: ReviewServer, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(server.url.rstrip("/") + path, data=data, method=method, headers={
        "Content-Type": "application/json", "X-CSRF-Token": server.app.csrf_token, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_concurrency_two_review_servers_on_one_store(db_url, tiny_map):
    with open_store(db_url) as s:
        s.import_map(tiny_map)
    ana = ReviewServer(db_url, reviewer="ana").start()
    bob = ReviewServer(db_url, reviewer="bob").start()
    try:
        status, shown = _http(ana, "GET", "/api/claims/next")
        assert status == 200
        cid, version = shown["claim"]["id"], shown["version"]
        assert _http(bob, "POST", f"/api/claims/{cid}/decide", {"action": "reject", "version": version})[0] == 200
        status, err = _http(ana, "POST", f"/api/claims/{cid}/decide", {"action": "accept", "version": version})
        assert status == 409 and err["stale"] and "changed by bob" in err["error"]
    finally:
        ana.stop()
        bob.stop()
    with open_store(db_url, create=False) as s:
        assert s.claim(cid).status is Status.rejected and s.claim(cid).reviewer == "bob"


# -- what the reviewer sees: the page shows who changed the claim and reloads it ---------------------------
@pytest.mark.browser
def test_concurrency_browser_shows_stale_decision_and_reloads(page, live_server, db_url, tiny_map):
    from .test_browser import card_id, settle

    with open_store(db_url) as s:
        s.import_map(tiny_map)
    server = live_server(db_url, reviewer="ana")
    page.goto(server.url)
    shown = card_id(page)
    with open_store(db_url, create=False) as s:  # bob decides the claim ana has on screen
        claim, version = s.claim_versioned(shown)
        s.apply_review(reviewer="bob", action="reject", claims=[claim.model_copy(update={"status": Status.rejected,
                                                                                         "reviewer": "bob"})],
                       expected={shown: version})
    page.keyboard.press("a")
    page.wait_for_selector("#stale", state="visible")
    settle(page)
    assert page.inner_text("#stale-text") == (
        "This claim was changed by bob since you opened it; reload to see the new version")
    assert page.get_attribute("#claim-card", "data-id") == shown  # still on it: nothing was applied
    page.click("#stale-reload")
    page.wait_for_selector("#stale", state="hidden")
    page.wait_for_function("() => document.getElementById('claim-card').dataset.status === 'rejected'")
    assert "rejected by bob" in page.inner_text("#claim-reviewed")
    page.keyboard.press("a")  # now on the version shown: applied
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=shown)
    settle(page)
    with open_store(db_url, create=False) as s:
        assert s.claim(shown).status is Status.accepted and s.claim(shown).reviewer == "ana"
        assert [r["reviewer"] for r in s.review_history()[0]] == ["ana", "bob"]
    # Chromium logs the refused request itself; nothing else went wrong on the page
    assert [e for e in page.errors if "status of 409" not in e] == [], page.errors
