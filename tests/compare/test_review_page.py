"""The review app's comparison page through the in-process WSGI client (no browser, no socket)."""

from __future__ import annotations

import pytest

from argmap.review import create_app
from argmap.review.app import CSP
from argmap.store import open_store

from review.conftest import Client
from .conftest import make_map


@pytest.fixture
def client(tmp_path):
    store = open_store(tmp_path / "review.db")
    store.import_map(make_map())
    yield Client(create_app(store, reviewer="tester", csrf_token="t"))
    store.close()


def test_review_page_compare_renders_the_report(client):
    res = client.get("/compare?a=Ruritania&b=Freedonia")
    assert res.status == 200 and res.headers["content-type"].startswith("text/html")
    assert res.headers["content-security-policy"] == CSP
    html = res.text
    assert '<link rel="stylesheet" href="/compare/report.css">' in html
    assert '<script src="/static/compare.js" defer></script>' in html
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html
    assert 'id="p01"' in html and 'id="p02"' in html and 'src="data:image/svg+xml;base64,' in html
    assert 'value="Ruritania"' in html  # the form keeps the parties


def test_review_page_form_only_and_errors(client):
    assert client.get("/compare").status == 200
    assert 'id="compare-empty"' in client.get("/compare").text
    res = client.get("/compare?a=Ruritania&b=Nobody")
    assert res.status == 404 and "no actor or side matches" in res.text
    one = client.get("/compare?a=Ruritania")  # one party: the form, keeping it (review app, issue #21)
    assert one.status == 200 and 'value="Ruritania"' in one.text and 'id="p01"' not in one.text
    assert client.get("/compare?a=Ruritania&b=Freedonia&since=soon").status == 400


def test_review_page_accepted_only_and_json(client):
    res = client.get("/api/compare?a=Ruritania&b=Freedonia")
    assert res.status == 200 and res.json()["stats"]["points"] == 2
    none = client.get("/api/compare?a=Ruritania&b=Freedonia&accepted=1").json()
    assert none["points"] == [] and none["filters"]["accepted_only"] is True
    assert client.get("/api/compare?a=Ruritania").status == 400


def test_review_page_static_files(client):
    css = client.get("/compare/report.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css") and ".cmp" in css.text
    js = client.get("/static/compare.js")
    assert js.status == 200 and "relation-filters" in js.text


def test_review_page_existing_routes_still_work(client):
    assert client.get("/").status == 200
    assert client.get("/api/state").status == 200
    assert client.post("/compare", {}, csrf="t").status == 405
