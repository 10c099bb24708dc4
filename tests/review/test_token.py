"""The review app's access token (team mode): required beyond loopback, given once in the address
and then kept as an HttpOnly SameSite=Strict cookie, or sent as a bearer header; every refusal
still carries the security headers. In process (WSGI) and through `argmap review` on real sockets.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.review import ReviewServer, create_app
from argmap.review.app import CSP
from argmap.review.server import is_loopback

from .conftest import TOKEN, Client
from .test_server import fetch

ACCESS = "team-token-0123456789abcdef"
ARGMAP = Path(sys.executable).with_name("argmap")


@pytest.fixture
def guarded(map_store):
    return Client(create_app(map_store, reviewer="tester", csrf_token=TOKEN, access_token=ACCESS))


@pytest.mark.parametrize("path", ["/", "/api/state", "/static/app.js", "/nowhere", "/?token=wrong"])
def test_token_required_on_every_path_with_security_headers(guarded, path):
    r = guarded.get(path)
    assert r.status == 401
    assert "access token" in r.json()["error"]
    assert r.headers["content-security-policy"] == CSP
    assert "set-cookie" not in r.headers


def test_token_in_the_address_becomes_a_strict_httponly_cookie(guarded):
    r = guarded.get(f"/?token={ACCESS}&view=links")
    assert r.status == 303
    assert r.headers["location"] == "/?view=links"  # the token leaves the address bar
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"argmap_token={ACCESS};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    page = guarded.get("/", headers={"Cookie": f"argmap_token={ACCESS}"})
    assert page.status == 200 and "text/html" in page.headers["content-type"]
    assert guarded.get("/", headers={"Cookie": "argmap_token=nope"}).status == 401
    assert guarded.get("/", headers={"Cookie": "garbage;;=;"}).status == 401


def test_token_as_bearer_header(guarded):
    assert guarded.get("/api/state", headers={"Authorization": f"Bearer {ACCESS}"}).status == 200
    assert guarded.get("/api/state", headers={"Authorization": "Bearer wrong"}).status == 401
    assert guarded.get("/api/state", headers={"Authorization": f"Basic {ACCESS}"}).status == 401


def test_token_does_not_replace_csrf(guarded, map_store, tiny_map):
    ids = {"c1": next(c.id for c in tiny_map.claims if c.text == "the drone had violated its airspace")}
    before = map_store.claim(ids["c1"]).status
    auth = {"Authorization": f"Bearer {ACCESS}"}
    r = guarded.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"}, csrf=None, headers=auth)
    assert r.status == 403 and map_store.claim(ids["c1"]).status == before
    r = guarded.post(f"/api/claims/{ids['c1']}/decide", {"action": "accept"}, headers=auth)
    assert r.status == 200, r.body
    assert map_store.claim(ids["c1"]).status.value == "accepted"
    # a POST cannot log in through the address
    r = guarded.post(f"/api/claims/{ids['c1']}/decide?token={ACCESS}", {"action": "reject"})
    assert r.status == 401


def test_token_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")
    assert not is_loopback("")


def test_token_required_beyond_loopback(tmp_path, tiny_map):
    from argmap.store import open_store

    db = tmp_path / "team.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    with pytest.raises(InputError, match="--token"):
        ReviewServer(str(db), host="0.0.0.0")
    with pytest.raises(InputError, match="16 characters"):
        ReviewServer(str(db), host="0.0.0.0", token="short")


@pytest.mark.skipif(not ARGMAP.exists(), reason="the argmap entry point is not installed in this environment")
def test_token_cli_review_on_all_addresses_makes_and_prints_a_token(tmp_path, tiny_map):
    from argmap.store import open_store

    db = tmp_path / "team.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    proc = subprocess.Popen([str(ARGMAP), "--db", str(db), "review", "--host", "0.0.0.0", "--reviewer", "ana"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline()
        m = re.search(r"at http://0\.0\.0\.0:(\d+)/\?token=([\w-]+) ", first)
        assert m, first
        port, token = int(m.group(1)), m.group(2)
        assert len(token) >= 16 and token in second and "Authorization: Bearer" in second
        status, headers, _ = fetch("127.0.0.1", port, path="/")
        assert status == 401 and headers["content-security-policy"] == CSP
        # teammates reach it by this machine's own name: any Host header, but only with the token
        status, headers, _ = fetch("127.0.0.1", port, path=f"/?token={token}", headers={"Host": "reviewbox.lan:80"})
        assert status == 303 and "HttpOnly" in headers["set-cookie"]
        status, _, body = fetch("127.0.0.1", port, path="/api/state", headers={"Authorization": f"Bearer {token}"})
        assert status == 200 and b"claims" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif(not ARGMAP.exists(), reason="the argmap entry point is not installed in this environment")
def test_token_cli_short_token_is_a_one_line_error(tmp_path, tiny_map):
    from argmap.store import open_store

    db = tmp_path / "team.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    result = subprocess.run([str(ARGMAP), "--db", str(db), "review", "--host", "0.0.0.0", "--token", "abc"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "16 characters" in lines[0]
