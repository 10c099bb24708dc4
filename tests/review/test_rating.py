"""Fact-check ratings in the review app (the ClaimReview verdict `argmap rate` gives on the command
line): the endpoint, its refusals, the history, and the control in a real browser.
"""

from __future__ import annotations

import datetime as dt
import json

from argmap.store import open_store

from .test_browser import settle


def _first(tiny_map) -> str:
    return next(c.id for c in tiny_map.claims if c.text == "the drone had violated its airspace")


def test_rating_endpoint_sets_changes_and_removes(client, map_store, tiny_map):
    cid = _first(tiny_map)
    res = client.post(f"/api/claims/{cid}/rate", {"rating": "mostly_false", "note": "2 km inside Mali"})
    assert res.status == 200, res.text
    data = res.json()
    assert data["claim"]["rating"] == "mostly_false" and data["claim"]["rating_note"] == "2 km inside Mali"
    stored = map_store.claim(cid)
    assert stored.rating.value == "mostly_false" and stored.rated_on == dt.date.today() and stored.reviewer == "tester"
    assert map_store.history(limit=1)[0]["action"] == "rate"
    # stale: the version shown before the rating is refused, nothing changes
    old = data["version"] - 1
    res = client.post(f"/api/claims/{cid}/rate", {"rating": "true", "version": old})
    assert res.status == 409 and res.json()["stale"] is True
    assert map_store.claim(cid).rating.value == "mostly_false"
    res = client.post(f"/api/claims/{cid}/rate", {"rating": None, "version": data["version"]})
    assert res.status == 200 and map_store.claim(cid).rating is None


def test_rating_endpoint_refuses_unknown_ratings_and_missing_csrf(client, map_store, tiny_map):
    cid = _first(tiny_map)
    res = client.post(f"/api/claims/{cid}/rate", {"rating": "pants-on-fire"})
    assert res.status == 400 and "rating" in res.json()["error"]
    assert client.post(f"/api/claims/{cid}/rate", {"rating": "false"}, csrf=None).status == 403
    assert map_store.claim(cid).rating is None


def test_rating_control_in_the_browser(page, tmp_path, tiny_map, live_server):
    db = tmp_path / "rate.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    server = live_server(db, reviewer="Rita")
    page.goto(server.url + f"claims/{_first(tiny_map)}")
    settle(page)
    assert page.inner_text("#claim-rating") == "not rated"
    page.keyboard.press("f")
    assert page.evaluate("document.activeElement.id") == "rating-select"
    page.select_option("#rating-select", "false")
    page.fill("#rating-note", "The wreckage lay inside Mali.")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('claim-rating').textContent.startsWith('false')")
    settle(page)
    assert "The wreckage lay inside Mali." in page.inner_text("#claim-rating")
    with open_store(db, create=False) as s:
        claim = s.claim(_first(tiny_map))
        assert claim.rating.value == "false" and claim.rating_note == "The wreckage lay inside Mali."
        assert claim.reviewer == "Rita"
        amap = s.load_map()
    from argmap.formats.claimreview import to_claimreview

    out = json.dumps(to_claimreview(amap, author="Test Check"))
    assert "The wreckage lay inside Mali." in out
    assert not page.errors, page.errors
