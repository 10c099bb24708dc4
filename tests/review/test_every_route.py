"""Every route of the review app, enumerated from the router (so a route added later is covered
without editing this file): each state-changing one refuses a request without the CSRF token and
changes nothing; behind an access token each one answers 401 without it; and every response,
whatever its status (pages, API, static files, errors, redirects), carries the Content-Security-Policy
and the other security headers.
"""

from __future__ import annotations

import re

import pytest

from argmap.review import create_app
from argmap.review.app import CSP

from .conftest import TOKEN, Client

ACCESS = "route-test-access-token-0123456789"
_GROUP = re.compile(r"\(\?P<(\w+)>[^()]*(?:\([^()]*\)[^()]*)*\)")
SAMPLES = {"claim_id": "c-0123456789ab", "link_id": "l-0123456789ab", "doc_id": "doc-0123456789ab", "name": "app.js"}


def _routes() -> list[tuple[str, str]]:
    from argmap.review import compare_page, handlers  # noqa: F401  (registers the routes)
    from argmap.review.app import ROUTES

    out = []
    for method, pattern, _ in ROUTES:
        path = _GROUP.sub(lambda m: SAMPLES.get(m.group(1), "x"), pattern.pattern.removesuffix(r"\Z"))
        path = path.replace("\\", "")
        assert pattern.match(path), f"no sample path for {pattern.pattern}"
        out.append((method, path))
    return out


ROUTE_LIST = _routes()
POSTS = [p for m, p in ROUTE_LIST if m == "POST"]
GETS = [p for m, p in ROUTE_LIST if m == "GET"]


def _headers_ok(res) -> None:
    assert res.headers["content-security-policy"] == CSP, res.status
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.headers["referrer-policy"] == "no-referrer"


def test_every_route_enumerated():
    assert len(POSTS) >= 10 and len(GETS) >= 15


@pytest.mark.parametrize("path", POSTS)
def test_every_post_route_refuses_without_csrf_and_changes_nothing(client, map_store, path):
    before = (map_store.review_history()[1], [c.model_dump() for c in map_store.claims()],
              [lk.model_dump() for lk in map_store.links()])
    for csrf in (None, "", "wrong-token", TOKEN + "x"):
        res = client.post(path, {"action": "accept", "name": "x", "claims": [], "ids": []}, csrf=csrf)
        assert res.status == 403, (path, csrf, res.status)
        assert "X-CSRF-Token" in res.json()["error"]
        _headers_ok(res)
    after = (map_store.review_history()[1], [c.model_dump() for c in map_store.claims()],
             [lk.model_dump() for lk in map_store.links()])
    assert after == before


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", sorted(set(POSTS)))
def test_every_other_method_is_refused(client, path, method):
    """No route takes these methods: they are refused (405; or 403 when the CSRF check comes
    first), with or without the CSRF token, so nothing runs."""
    res = client.request(method, path, body=b"{}", headers={"Content-Type": "application/json"})
    assert res.status in (403, 405)
    _headers_ok(res)
    res = client.request(method, path, body=b"{}", headers={"Content-Type": "application/json", "X-CSRF-Token": TOKEN})
    assert res.status == 405
    _headers_ok(res)


@pytest.mark.parametrize("path", GETS + ["/nowhere", "/static/nope.js", "/api/claims/next?limit=-1"])
def test_every_get_route_sends_the_security_headers(client, path):
    res = client.get(path)
    assert res.status < 500, (path, res.status)
    _headers_ok(res)


@pytest.mark.parametrize("method, path", ROUTE_LIST)
def test_every_route_needs_the_access_token(map_store, method, path):
    client = Client(create_app(map_store, reviewer="tester", csrf_token=TOKEN, access_token=ACCESS))
    res = client.post(path, {}) if method == "POST" else client.get(path)  # with the CSRF token: still 401
    assert res.status == 401, (path, res.status)
    _headers_ok(res)
    ok = client.request(method, path, body=b"{}" if method == "POST" else None,
                        headers={"Authorization": f"Bearer {ACCESS}", "X-CSRF-Token": TOKEN,
                                 "Content-Type": "application/json"})
    assert ok.status != 401
    _headers_ok(ok)
