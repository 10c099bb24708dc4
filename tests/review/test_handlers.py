"""Every endpoint of the review app through the in-process WSGI client (no browser, no socket),
good requests and bad ones: unknown ids (404 JSON), missing or wrong CSRF token (403), bad bodies
(400/413/415), wrong methods (405), and the security headers on every response.
"""

from __future__ import annotations

import json
import shutil

import pytest

from argmap.model import Status
from argmap.review import create_app
from argmap.review.app import CSP, MAX_BODY

from .conftest import TOKEN, Client


@pytest.fixture
def ids(tiny_map):
    """Claim and link ids of the tiny map: c1 (doc a, proposed 0.8), c2 (doc b, proposed 0.5), c3 (doc b, accepted)."""
    by_text = {c.text: c for c in tiny_map.claims}
    c1 = by_text["the drone had violated its airspace"]
    c2 = by_text["the drone had crossed the border"]
    c3 = by_text["the drone was unarmed"]
    links = {lk.relation.value: lk for lk in tiny_map.links}
    return {"c1": c1.id, "c2": c2.id, "c3": c3.id, "doc_a": c1.document, "doc_b": c2.document,
            "l_contra": links["contradicts"].id, "l_sup": links["supports"].id}


def error_of(res, status: int) -> str:
    assert res.status == status, res.text
    data = res.json()
    assert data["status"] == status and data["error"]
    return data["error"]


# -- pages, static files, headers -----------------------------------------------------------------
def test_handlers_index_page_embeds_csrf_token_and_links_static_files(client):
    res = client.get("/")
    assert res.status == 200 and res.headers["content-type"].startswith("text/html")
    assert f'<meta name="csrf-token" content="{TOKEN}">' in res.text
    assert '<script src="/static/app.js" defer></script>' in res.text
    assert "<script>" not in res.text and " onclick=" not in res.text and "style=" not in res.text


def test_handlers_index_escapes_reviewer_name(map_store):
    client = Client(create_app(map_store, reviewer='<script>alert(1)</script>"', csrf_token=TOKEN))
    res = client.get("/")
    assert "<script>alert(1)" not in res.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in res.text


@pytest.mark.parametrize("path", ["/", "/api/state", "/api/claims/nope", "/static/app.js", "/nowhere"])
def test_handlers_security_headers_on_every_response(client, path):
    res = client.get(path)
    assert res.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.headers["referrer-policy"] == "no-referrer"


def test_handlers_static_files_and_unknown_ones(client):
    js = client.get("/static/app.js")
    assert js.status == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in js.text and "insertAdjacentHTML" not in js.text and "eval(" not in js.text
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    error_of(client.get("/static/secret.py"), 404)
    error_of(client.get("/static/..%2Fapp.py"), 404)
    assert client.get("/favicon.ico").status == 204


def test_handlers_claim_page_redirects_into_the_app(client, ids):
    res = client.get(f"/claims/{ids['c1']}")
    assert res.status == 303 and res.headers["location"] == f"/?claim={ids['c1']}"
    # an unknown id: a page saying so, with a way back, not raw JSON (#21)
    missing = client.get("/claims/c-000000000000")
    assert missing.status == 404 and missing.headers["content-type"].startswith("text/html")
    assert "No claim" in missing.text and "c-000000000000" in missing.text and 'href="/"' in missing.text


def test_handlers_unknown_path_and_wrong_method(client):
    assert "no such page" in error_of(client.get("/api/nothing"), 404)
    res = client.get("/api/undo")
    error_of(res, 405)
    assert res.headers["allow"] == "POST"
    error_of(client.post("/api/state", {}), 405)


# -- CSRF and request bodies ------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/reviewer", "/api/undo", "/api/claims", "/api/links", "/api/claims/merge",
                                  "/api/claims/c-x/decide", "/api/links/l-x/decide"])
def test_handlers_post_without_csrf_is_403(client, path):
    assert "X-CSRF-Token" in error_of(client.post(path, {"action": "accept"}, csrf=None), 403)
    error_of(client.post(path, {"action": "accept"}, csrf="wrong-token"), 403)


def test_handlers_post_without_csrf_changes_nothing(client, map_store, ids):
    client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"}, csrf=None)
    assert map_store.claim(ids["c1"]).status == Status.proposed
    assert map_store.review_history()[1] == 0


def test_handlers_bad_bodies(client, ids):
    path = f"/api/claims/{ids['c1']}/decide"
    headers = {"Content-Type": "application/json", "X-CSRF-Token": TOKEN}
    assert "JSON" in error_of(client.request("POST", path, body=b"{nope", headers=headers), 400)
    assert "object" in error_of(client.request("POST", path, body=b"[1, 2]", headers=headers), 400)
    error_of(client.request("POST", path, body=b"action=accept",
                            headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": TOKEN}), 415)
    error_of(client.request("POST", path, body=b" " * (MAX_BODY + 1), headers=headers), 413)


def test_handlers_host_header_checked_when_configured(map_store):
    app = create_app(map_store, reviewer="t", csrf_token=TOKEN, allowed_hosts={"127.0.0.1:8000"})
    client = Client(app)
    assert client.get("/api/state").status == 200
    assert "Host" in error_of(client.get("/api/state", headers={"Host": "evil.example:8000"}), 400)


# -- state, reviewer, actors, documents --------------------------------------------------------------
def test_handlers_state(client):
    data = client.get("/api/state").json()
    assert data["reviewer"] == "tester"
    assert data["progress"]["claims"] == {"total": 3, "reviewed": 1, "by_status": {"accepted": 1, "proposed": 2}}
    assert data["progress"]["links"]["reviewed"] == 1
    assert {a["id"] for a in data["actors"]} == {"mali-government", "ministry"}
    assert "denial" in data["kinds"] and "government" in data["actor_kinds"]
    assert [d["path"] for d in data["documents"]] == ["a/bamako.txt", "b/ministry.txt"]


def test_handlers_reviewer_is_remembered_in_the_store(client, map_store):
    assert client.post("/api/reviewer", {"name": "  Ana  "}).json() == {"reviewer": "Ana"}
    assert map_store.setting("review.reviewer") == "Ana"
    assert Client(create_app(map_store, csrf_token=TOKEN)).get("/api/state").json()["reviewer"] == "Ana"
    error_of(client.post("/api/reviewer", {"name": ""}), 400)
    error_of(client.post("/api/reviewer", {"name": 5}), 400)


def test_handlers_decisions_need_a_reviewer(map_store, ids):
    client = Client(create_app(map_store, csrf_token=TOKEN))
    assert "reviewer" in error_of(client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"}), 409)


def test_handlers_actors(client):
    rows = client.get("/api/actors").json()["actors"]
    assert {r["id"]: r["claims"] for r in rows} == {"mali-government": 2, "ministry": 1}


def test_handlers_document_segments_cover_the_text(client, ids):
    data = client.get(f"/api/documents/{ids['doc_b']}").json()
    text = "".join(s["text"] for s in data["segments"])
    assert text.startswith("Bamako denied that the drone had crossed the border.")
    covered = [s for s in data["segments"] if s["claims"]]
    assert {c for s in covered for c in s["claims"]} == {ids["c2"], ids["c3"]}
    assert all(s["roles"] == ["claim"] for s in covered)
    error_of(client.get("/api/documents/doc-000000000000"), 404)


# -- claim queue -------------------------------------------------------------------------------------
def test_handlers_next_claim_lowest_confidence_first_then_wraps(client, ids):
    first = client.get("/api/claims/next").json()
    assert first["claim"]["id"] == ids["c2"]  # 0.5 before 0.8; c3 is accepted, not in the queue
    assert first["queue"] == {"remaining": 2, "wrapped": False}
    assert first["progress"]["claims"]["reviewed"] == 1
    roles = {tuple(s["roles"]): s["text"] for s in first["context"]["segments"] if s["roles"]}
    assert roles == {("source",): "Bamako", ("cue",): "denied", ("content",): "the drone had crossed the border"}
    assert first["actor_name"] == "Government of Mali"
    assert {(lk["relation"], lk["direction"], lk["other"]) for lk in first["links"]} == {
        ("contradicts", "out", ids["c1"]), ("supports", "in", ids["c3"])}
    second = client.get(f"/api/claims/next?after={ids['c2']}").json()
    assert second["claim"]["id"] == ids["c1"]
    again = client.get(f"/api/claims/next?after={ids['c1']}").json()
    assert again["claim"]["id"] == ids["c2"] and again["queue"]["wrapped"] is True


def test_handlers_next_claim_sort_and_filters(client, ids):
    by_doc = client.get("/api/claims/next?sort=document").json()
    assert by_doc["claim"]["id"] == ids["c2"]  # a/bamako.txt sorts first
    assert client.get(f"/api/claims/next?document={ids['doc_a']}").json()["claim"]["id"] == ids["c1"]
    assert client.get("/api/claims/next?actor=ministry").json()["claim"]["id"] == ids["c1"]
    assert client.get("/api/claims/next?actor=-").json() == {
        "claim": None, "queue": {"remaining": 0, "wrapped": False}, "progress": client.get("/api/state").json()["progress"]}
    assert client.get("/api/claims/next?status=accepted").json()["claim"]["id"] == ids["c3"]
    assert client.get("/api/claims/next?status=all").json()["queue"]["remaining"] == 3


@pytest.mark.parametrize("query, status", [("sort=random", 400), ("status=maybe", 400), ("after=c-000000000000", 404)])
def test_handlers_next_claim_bad_queries(client, query, status):
    error_of(client.get("/api/claims/next?" + query), status)


def test_handlers_get_claim(client, ids):
    data = client.get(f"/api/claims/{ids['c3']}").json()
    assert data["claim"]["status"] == "accepted" and data["document"]["id"] == ids["doc_b"]
    assert "no claim" in error_of(client.get("/api/claims/c-000000000000"), 404)
    error_of(client.get("/api/claims/<script>"), 404)


# -- claim decisions ----------------------------------------------------------------------------------
def test_handlers_accept_and_reject_record_reviewer_time_and_previous_value(client, map_store, ids):
    res = client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"}).json()
    assert res["claim"]["status"] == "accepted" and res["claim"]["reviewer"] == "tester"
    assert res["progress"]["claims"]["reviewed"] == 2
    touching = sorted(lk.id for lk in map_store.links() if ids["c2"] in (lk.source, lk.target)
                      and lk.status == Status.proposed)
    client.post(f"/api/claims/{ids['c2']}/decide", {"action": "reject", "note": "not a claim"})
    assert map_store.claim(ids["c1"]).status == Status.accepted
    c2 = map_store.claim(ids["c2"])
    assert (c2.status, c2.reviewer, c2.note) == (Status.rejected, "tester", "not a claim")
    rows, total = map_store.review_history()
    # the rejection took c2's proposed links with it, in the same decision (#21)
    assert touching and all(map_store.link(i).status == Status.rejected for i in touching)
    assert sorted(r["record_id"] for r in rows if r["record"] == "link") == touching
    assert len({r["batch"] for r in rows[: 1 + len(touching)]}) == 1
    assert total == 2 + len(touching)
    rows = [r for r in rows if r["record"] == "claim"]
    assert rows[0]["record_id"] == ids["c2"] and rows[0]["action"] == "reject" and rows[0]["reviewer"] == "tester"
    assert json.loads(rows[0]["before"])["status"] == "proposed" and rows[0]["at"].endswith("+00:00")


def test_handlers_decide_bad_requests(client, ids):
    assert "action" in error_of(client.post(f"/api/claims/{ids['c1']}/decide", {"action": "maybe"}), 400)
    error_of(client.post(f"/api/claims/{ids['c1']}/decide", {}), 400)
    error_of(client.post("/api/claims/c-000000000000/decide", {"action": "accept"}), 404)


def test_handlers_edit_actor_kind_and_offsets(client, map_store, ids):
    res = client.post(f"/api/claims/{ids['c2']}", {"actor": "ministry", "kind": "accusation", "source": [[0, 6]],
                                                     "content": [[18, 52]]})
    assert res.status == 200, res.text
    c = map_store.claim(ids["c2"])
    assert (c.actor, c.kind.value, c.status, c.reviewer) == ("ministry", "accusation", Status.edited, "tester")
    assert c.spans.content == [(19, 51)]  # the selection is trimmed of spaces and punctuation
    assert c.text == "the drone had crossed the border" and c.id == ids["c2"]  # same id: re-extraction keeps it
    assert res.json()["claim"]["status"] == "edited"


def test_handlers_edit_creates_a_new_actor(client, map_store, ids):
    res = client.post(f"/api/claims/{ids['c1']}", {"new_actor": {"name": "Algerian Ministry of Defence", "kind": "government"}})
    assert res.json()["claim"]["actor"] == "algerian-ministry-of-defence"
    actor = {a.id: a for a in map_store.actors()}["algerian-ministry-of-defence"]
    assert actor.kind.value == "government"
    # the same name again reuses the actor
    client.post(f"/api/claims/{ids['c2']}", {"new_actor": {"name": "algerian ministry of defence"}})
    assert map_store.claim(ids["c2"]).actor == "algerian-ministry-of-defence"


def test_handlers_edit_text_and_removing_the_actor(client, map_store, ids):
    client.post(f"/api/claims/{ids['c1']}", {"text": "the drone violated Algerian airspace", "actor": None, "note": "x"})
    c = map_store.claim(ids["c1"])
    assert (c.text, c.actor, c.note) == ("the drone violated Algerian airspace", None, "x")


@pytest.mark.parametrize("body, word", [
    ({"actor": "nobody"}, "actor"),
    ({"kind": "shout"}, "kind"),
    ({"content": [[5, 2]]}, "content"),
    ({"content": [[0, 10_000]]}, "content"),
    ({"content": "0-5"}, "content"),
    ({"content": []}, "content"),
    ({"text": ""}, "text"),
    ({"hedged": "yes"}, "hedged"),
    ({"colour": "red"}, "colour"),
    ({"new_actor": {"name": ""}}, "new_actor"),
])
def test_handlers_edit_bad_fields_name_the_field(client, map_store, ids, body, word):
    assert word in error_of(client.post(f"/api/claims/{ids['c1']}", body), 400)
    assert map_store.claim(ids["c1"]).status == Status.proposed


def test_handlers_edit_unknown_claim(client):
    error_of(client.post("/api/claims/c-000000000000", {"kind": "denial"}), 404)


def test_handlers_split(client, map_store, ids):
    res = client.post(f"/api/claims/{ids['c2']}/split", {"at": 32}).json()
    texts = [p["claim"]["text"] for p in res["claims"]]
    assert texts == ["the drone had", "crossed the border"]
    assert res["original"]["status"] == "rejected" and "split into" in res["original"]["note"]
    for p in res["claims"]:
        stored = map_store.claim(p["claim"]["id"])
        assert (stored.status, stored.rule, stored.actor) == (Status.edited, "review.split", "mali-government")
    error_of(client.post(f"/api/claims/{ids['c2']}/split", {"at": 32}), 409)  # the parts exist now


@pytest.mark.parametrize("at", [19, 51, 5, "x", None])
def test_handlers_split_bad_offset(client, ids, at):
    assert "at" in error_of(client.post(f"/api/claims/{ids['c2']}/split", {"at": at}), 400)


def test_handlers_merge(client, map_store, ids):
    res = client.post("/api/claims/merge", {"ids": [ids["c3"], ids["c2"]]}).json()
    merged = map_store.claim(res["claim"]["id"])
    assert merged.text == "the drone had crossed the border … the drone was unarmed"
    assert merged.spans.content == [(19, 51), (65, 86)] and merged.status == Status.edited
    assert {map_store.claim(i).status for i in res["originals"]} == {Status.rejected}


@pytest.mark.parametrize("body, status", [
    ({"ids": ["a"]}, 400), ({"ids": "c-1,c-2"}, 400), ({}, 400),
    ({"ids": ["c-000000000000", "c-111111111111"]}, 404),
])
def test_handlers_merge_bad_requests(client, body, status):
    error_of(client.post("/api/claims/merge", body), status)


def test_handlers_merge_refuses_claims_of_two_documents(client, ids):
    assert "same document" in error_of(client.post("/api/claims/merge", {"ids": [ids["c1"], ids["c2"]]}), 400)


def test_handlers_add_claim_from_selected_offsets(client, map_store, ids):
    res = client.post("/api/claims", {"document": ids["doc_a"], "content": [[31, 53]], "source": [[0, 12]],
                                      "cue": [[13, 17]], "actor": "ministry", "kind": "accusation"})
    assert res.status == 201, res.text
    c = map_store.claim(res.json()["claim"]["id"])
    assert (c.text, c.cue, c.source_text, c.rule, c.status) == (
        "violated its airspace", "said", "The ministry", "review.added", Status.accepted)
    assert c.sentence == (0, 54)
    again = {"document": ids["doc_a"], "content": [[32, 53]], "source": [[0, 12]], "cue": [[13, 17]]}
    assert "exists already" in error_of(client.post("/api/claims", again), 409)


@pytest.mark.parametrize("body, status", [
    ({"document": "doc-000000000000", "content": [[0, 3]]}, 404),
    ({"content": [[0, 3]]}, 400),
    ({"document": "DOC", "content": [[0, 3]]}, 404),
    ({"document": "<doc>", "content": [[0, 3]]}, 404),
])
def test_handlers_add_claim_bad_document(client, body, status):
    error_of(client.post("/api/claims", body), status)


def test_handlers_add_claim_needs_content(client, ids):
    assert "content" in error_of(client.post("/api/claims", {"document": ids["doc_a"]}), 400)


# -- links ---------------------------------------------------------------------------------------------
def test_handlers_next_link_shows_both_claims_and_the_reason(client, ids):
    data = client.get("/api/links/next").json()
    assert data["link"]["id"] == ids["l_contra"] and data["link"]["reason"] == "denial of the same event"
    assert data["source"]["claim"]["id"] == ids["c2"] and data["target"]["claim"]["id"] == ids["c1"]
    assert data["queue"] == {"remaining": 1, "wrapped": False}
    assert client.get("/api/links/next?relation=supports").json()["link"] is None
    assert client.get("/api/links/next?status=accepted").json()["link"]["id"] == ids["l_sup"]
    assert client.get(f"/api/links/next?after={ids['l_contra']}").json()["queue"]["wrapped"] is True


@pytest.mark.parametrize("query, status", [("relation=hates", 400), ("status=x", 400), ("after=l-000000000000", 404)])
def test_handlers_next_link_bad_queries(client, query, status):
    error_of(client.get("/api/links/next?" + query), status)


def test_handlers_get_link(client, ids):
    assert client.get(f"/api/links/{ids['l_sup']}").json()["link"]["status"] == "accepted"
    error_of(client.get("/api/links/l-000000000000"), 404)


def test_handlers_link_accept_reject(client, map_store, ids):
    assert client.post(f"/api/links/{ids['l_contra']}/decide", {"action": "accept"}).json()["link"]["status"] == "accepted"
    client.post(f"/api/links/{ids['l_sup']}/decide", {"action": "reject"})
    assert map_store.link(ids["l_contra"]).status == Status.accepted
    assert map_store.link(ids["l_sup"]).status == Status.rejected


def test_handlers_link_flip_rejects_old_and_writes_the_flipped_link(client, map_store, ids):
    res = client.post(f"/api/links/{ids['l_contra']}/decide", {"action": "flip"}).json()
    assert [lk["relation"] for lk in res["links"]] == ["contradicts", "supports"]
    flipped = map_store.link(res["link"]["id"])
    assert (flipped.relation.value, flipped.status, flipped.method) == ("supports", Status.edited, "review.flip")
    assert map_store.link(ids["l_contra"]).status == Status.rejected


def test_handlers_link_decide_bad_requests(client, ids):
    error_of(client.post(f"/api/links/{ids['l_contra']}/decide", {"action": "love"}), 400)
    error_of(client.post("/api/links/l-000000000000/decide", {"action": "accept"}), 404)


def test_handlers_create_link_between_any_two_claims(client, map_store, ids):
    res = client.post("/api/links", {"source": ids["c1"], "target": ids["c3"], "relation": "contradicts",
                                     "reason": "unarmed vs violated"})
    assert res.status == 201, res.text
    link = map_store.link(res.json()["link"]["id"])
    assert (link.status, link.method, link.reviewer, link.reason) == (Status.accepted, "review.manual", "tester",
                                                                    "unarmed vs violated")
    assert "exists already" in error_of(
        client.post("/api/links", {"source": ids["c1"], "target": ids["c3"], "relation": "contradicts"}), 409)


@pytest.mark.parametrize("body, word", [
    ({"source": "C1", "target": "C1", "relation": "supports"}, "differ"),
    ({"source": "C1", "target": "c-000000000000", "relation": "supports"}, "target"),
    ({"source": "C1", "target": "C3", "relation": "loves"}, "relation"),
    ({"source": "C1", "relation": "supports"}, "target"),
    ({"source": "C1", "target": "C3", "relation": "supports", "weight": 2}, "weight"),
])
def test_handlers_create_link_bad_requests(client, ids, body, word):
    body = {k: ids.get(v.lower(), v) if isinstance(v, str) else v for k, v in body.items()}
    assert word in error_of(client.post("/api/links", body), 400)


# -- undo and history --------------------------------------------------------------------------------
def test_handlers_undo_takes_back_the_latest_decision_then_the_one_before(client, map_store, ids):
    client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"})
    client.post(f"/api/links/{ids['l_contra']}/decide", {"action": "flip"})
    res = client.post("/api/undo").json()
    assert res["undone"]["action"] == "flip" and res["focus"] == {"record": "link", "id": ids["l_contra"]}
    assert map_store.link(ids["l_contra"]).status == Status.proposed
    assert len(map_store.links()) == 2  # the flipped link is gone again
    res = client.post("/api/undo").json()
    assert res["focus"] == {"record": "claim", "id": ids["c1"]}
    assert map_store.claim(ids["c1"]).status == Status.proposed
    assert client.post("/api/undo").json() == {"undone": None, "focus": None,
                                                "progress": client.get("/api/state").json()["progress"]}


def test_handlers_undo_of_an_added_claim_removes_it(client, map_store, ids):
    added = client.post("/api/claims", {"document": ids["doc_a"], "content": [[31, 53]],
                                        "new_actor": {"name": "Drone experts"}}).json()
    res = client.post("/api/undo").json()
    assert res["focus"] is None
    assert added["claim"]["id"] not in map_store.claims_by_id([added["claim"]["id"]])
    assert "drone-experts" not in {a.id for a in map_store.actors()}


def test_handlers_undo_refuses_when_the_record_changed_since(client, map_store, ids):
    client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"})
    other = Client(create_app(map_store, reviewer="someone-else", csrf_token=TOKEN))
    other.post(f"/api/claims/{ids['c1']}/decide", {"action": "reject"})
    client.post("/api/reviewer", {"name": "tester"})
    assert "changed since" in error_of(client.post("/api/undo"), 409)
    assert map_store.claim(ids["c1"]).status == Status.rejected


def test_handlers_history_lists_changes_newest_first_with_paging(client, ids):
    client.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"})
    client.post(f"/api/claims/{ids['c2']}", {"kind": "denial"})
    client.post("/api/undo")
    data = client.get("/api/history?limit=2").json()
    assert data["total"] == 3 and len(data["rows"]) == 2
    undo_row, edit_row = data["rows"]
    assert undo_row["action"] == "undo"
    assert edit_row["action"] == "edit" and edit_row["undone_by"] == undo_row["batch"]
    assert {c["field"]: (c["before"], c["after"]) for c in edit_row["changes"]} == {
        "kind": ("assertion", "denial"), "reviewer": (None, "tester"), "status": ("proposed", "edited")}
    assert edit_row["label"] == "the drone had crossed the border"
    older = client.get("/api/history?limit=2&offset=2").json()["rows"]
    assert [r["action"] for r in older] == ["accept"]
    only = client.get(f"/api/history?record=claim&record_id={ids['c1']}").json()
    assert only["total"] == 1


@pytest.mark.parametrize("query", ["limit=0", "limit=x", "offset=-1", "record=document"])
def test_handlers_history_bad_queries(client, query):
    error_of(client.get("/api/history?" + query), 400)


# -- map --------------------------------------------------------------------------------------------------
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@needs_dot
def test_handlers_map_of_a_document_links_nodes_to_the_app(client, ids):
    res = client.get(f"/api/map.svg?documents={ids['doc_b']}")
    assert res.status == 200 and res.headers["content-type"] == "image/svg+xml"
    svg = res.text
    assert f'id="{ids["c2"]}"' in svg.replace("&#45;", "-") and ids["c1"] not in svg.replace("&#45;", "-")
    assert f"http://127.0.0.1:8000/claims/{ids['c2']}" in svg


@needs_dot
def test_handlers_map_of_an_actor_pair_and_decisions_show_up(client, ids):
    before = client.get("/api/map.svg?actors=ministry,mali-government").text.replace("&#45;", "-")
    assert ids["c1"] in before and ids["c2"] in before
    client.post(f"/api/claims/{ids['c1']}/decide", {"action": "reject"})
    after = client.get("/api/map.svg?actors=ministry,mali-government").text.replace("&#45;", "-")
    assert ids["c1"] not in after  # rejected claims leave the map


@pytest.mark.parametrize("query, status", [("", 400), ("documents=doc-000000000000", 404), ("actors=nobody", 404),
                                           ("documents=a&actors=b", 400)])
def test_handlers_map_bad_requests(client, query, status):
    error_of(client.get("/api/map.svg?" + query), status)


def test_review_app_on_postgresql_survives_a_dropped_connection(pg_url, pg_schemas, tiny_map):
    import psycopg

    from argmap.store import open_store

    with open_store(pg_url) as store:
        store.import_map(tiny_map)
        client = Client(create_app(store, reviewer="tester", csrf_token=TOKEN))
        assert client.get("/api/state").status == 200
        admin = psycopg.connect(pg_schemas.url, autocommit=True)
        try:
            admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.raw.info.backend_pid,))
        finally:
            admin.close()
        # the server restarted (or killed the session): the next request is served, not a 500
        assert client.get("/api/state").status == 200
        assert client.post("/api/reviewer", {"name": "Ana"}).json() == {"reviewer": "Ana"}


def test_handlers_actor_side_declares_clears_and_refuses_bad_input(client, map_store):
    actor = map_store.actors()[0].id
    got = client.post(f"/api/actors/{actor}/side", {"side": "rebels"})
    assert got.status == 200, got.text
    rows = {r["id"]: r for r in got.json()["actors"]}
    assert rows[actor]["side"] == "rebels"
    assert map_store.actors()[0].side == "rebels"
    error_of(client.post(f"/api/actors/{actor}/side", {"side": "Not A Slug"}), 400)
    error_of(client.post(f"/api/actors/{actor}/side", {"side": 7}), 400)
    error_of(client.post("/api/actors/nobody-here/side", {"side": "rebels"}), 404)
    assert map_store.actors()[0].side == "rebels"  # nothing changed by the refused requests
    got = client.post(f"/api/actors/{actor}/side", {"side": None})
    assert got.status == 200 and map_store.actors()[0].side is None
