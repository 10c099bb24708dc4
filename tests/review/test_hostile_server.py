"""The review server against hostile and careless clients, over real sockets (issue #23 item 9, the
taken port of issue #24): slow clients never hold up the others, request line, headers and body are
bounded in size and time, malformed bodies get a 400 naming the field (never a 500) and change
nothing, and a port already in use is a one-line error.

Timeouts are made short for the tests (the server takes them as arguments); nothing here waits for
the production values.
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import sqlite3
import threading
import time

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.errors import InputError
from argmap.review import ReviewServer
from argmap.review import server as server_mod
from argmap.review.app import MAX_BODY

ACCESS = "hostile-test-access-token-0123"
#: Short limits for the tests (production: server.HEADER_TIMEOUT, BODY_TIMEOUT).
FAST = {"header_timeout": 1.0, "body_timeout": 0.5}


@pytest.fixture
def served(imported_db, live_server):
    return live_server(imported_db, reviewer="tester", **FAST)


# -- helpers -------------------------------------------------------------------------------------------
def fetch(server, method: str = "GET", path: str = "/api/state", body: bytes | None = None,
          headers: dict | None = None, timeout: float = 3.0) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def post(server, path: str, payload, timeout: float = 3.0) -> tuple[int, dict]:
    status, _, body = fetch(server, "POST", path, json.dumps(payload).encode(),
                            {"Content-Type": "application/json", "X-CSRF-Token": server.app.csrf_token}, timeout)
    return status, json.loads(body)


def raw_exchange(server, data: bytes, *, keep_open: bool = True, timeout: float = 3.0) -> tuple[bytes, float]:
    """Send `data` on a fresh socket (its sending side left open unless `keep_open` is false) and
    read until the server closes; returns (what came back, seconds it took)."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    start = time.monotonic()
    try:
        sock.sendall(data)
        if not keep_open:
            sock.shutdown(socket.SHUT_WR)
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
        return out, time.monotonic() - start
    finally:
        sock.close()


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def json_of(response: bytes) -> dict:
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


class Trickler:
    """A client that sends its request one byte at a time, `every` seconds, never finishing it."""

    def __init__(self, server, every: float = 0.1):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        self.every = every
        self.closed_after: float | None = None  # seconds until the server dropped it
        self._stop = threading.Event()
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        data = b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"z" * 100_000
        self.sock.setblocking(False)
        for byte in data:
            if self._stop.wait(self.every):
                return
            try:
                if self.sock.recv(65536) == b"":  # the server closed (or answered and closed)
                    break
            except BlockingIOError:
                pass
            except OSError:
                break
            try:
                self.sock.send(bytes([byte]))
            except BlockingIOError:
                pass
            except OSError:
                break
        self.closed_after = time.monotonic() - self._start

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def tricklers():
    made: list[Trickler] = []

    def make(server, n: int) -> list[Trickler]:
        new = [Trickler(server) for _ in range(n)]
        made.extend(new)
        time.sleep(0.3)  # all connected and trickling
        return new

    yield make
    for t in made:
        t.stop()


def snapshot(db) -> dict:
    """Every stored row of the records a review can change, to show that nothing changed."""
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("claims", "links", "actors", "history", "documents")}


# -- 1. slow clients ------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_hostile_slow_clients_do_not_block_other_requests(imported_db, live_server, tricklers, host):
    """Eight connections that send a header byte every 0.1 s (more than the workers): every other
    request is still answered at once, also beyond loopback where the token check comes later."""
    token = ACCESS if host != "127.0.0.1" else None
    server = live_server(imported_db, host=host, token=token, **FAST)
    slow = tricklers(server, 8)
    auth = {"Authorization": f"Bearer {ACCESS}"} if token else {}
    for _ in range(6):
        start = time.monotonic()
        status, _, _ = fetch(server, headers=auth, timeout=0.9)
        assert status == 200 and time.monotonic() - start < 0.9
    if token:
        assert fetch(server, timeout=0.9)[0] == 401
    assert all(t.closed_after is None for t in slow[-2:])  # they are still connected: served around them


def test_hostile_slow_client_is_dropped_at_the_header_timeout(served, tricklers):
    """The header timeout is for the whole request line and headers, not per byte."""
    (slow,) = tricklers(served, 1)
    deadline = time.monotonic() + FAST["header_timeout"] + 2
    while slow.closed_after is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert slow.closed_after is not None, "a client sending a byte every 0.1 s was never dropped"
    assert FAST["header_timeout"] - 0.2 < slow.closed_after < FAST["header_timeout"] + 1.5


def test_hostile_full_server_drops_the_oldest_slow_client_for_a_new_one(imported_db, live_server, tricklers):
    server = live_server(imported_db, header_timeout=30, body_timeout=30, max_connections=4)
    slow = tricklers(server, 4)  # every connection slot taken, and the header timeout far away
    start = time.monotonic()
    assert fetch(server, timeout=2)[0] == 200
    assert time.monotonic() - start < 2
    time.sleep(0.3)
    assert slow[0].closed_after is not None  # the oldest made room
    assert all(t.closed_after is None for t in slow[2:])


def test_hostile_request_line_and_headers_are_bounded(served):
    long_line, took = raw_exchange(served, b"GET /" + b"a" * (server_mod.MAX_REQUEST_LINE + 10) + b" HTTP/1.1\r\n\r\n")
    assert status_of(long_line) == 414 and took < 1
    assert "request line" in json_of(long_line)["error"]
    many = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"p" * 1000) for i in range(server_mod.MAX_HEADER_BYTES // 1000 + 2))
    big, took = raw_exchange(served, b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + b"\r\n")
    assert status_of(big) == 431 and took < 1
    assert "header" in json_of(big)["error"]
    # just under the limits: answered as usual
    fine = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"p" * 1000) for i in range(server_mod.MAX_HEADER_BYTES // 1000 - 2))
    ok, _ = raw_exchange(served, b"GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % served.port + fine + b"\r\n")
    assert status_of(ok) == 200


# -- 2. bodies shorter than their Content-Length ---------------------------------------------------------
def _post_head(server, length: int) -> bytes:
    return (b"POST /api/reviewer HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
            b"X-CSRF-Token: %s\r\nContent-Length: %d\r\n\r\n" % (server.port, server.app.csrf_token.encode(), length))


def test_hostile_content_length_larger_than_the_body_is_a_quick_400(served):
    before = snapshot(served.store.path)
    out, took = raw_exchange(served, _post_head(served, 100) + b'{"name": "x"}')
    assert status_of(out) == 400, out
    assert took < FAST["body_timeout"] + 1
    error = json_of(out)["error"]
    assert "Content-Length" in error and "13 of the 100 bytes" in error
    # the client closing its side early: the same answer, without waiting
    out, took = raw_exchange(served, _post_head(served, 100) + b'{"name": "x"}', keep_open=False)
    assert status_of(out) == 400 and "13 of the 100 bytes" in json_of(out)["error"] and took < 0.5
    assert snapshot(served.store.path) == before


def test_hostile_body_sent_too_slowly_is_a_400(served):
    """The body timeout is for the whole body, not per byte."""
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=3)
    try:
        sock.sendall(_post_head(served, 20))
        start = time.monotonic()
        for byte in b'{"name": "slowpoke"}':  # one byte every 0.1 s: 2 s in all
            if select.select([sock], [], [], 0.1)[0]:
                break  # answered
            sock.sendall(bytes([byte]))
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
        assert status_of(out) == 400 and "Content-Length" in json_of(out)["error"]
        assert time.monotonic() - start < FAST["body_timeout"] + 1
    finally:
        sock.close()


def test_hostile_body_over_the_limit_is_refused_unread(served):
    out, took = raw_exchange(served, _post_head(served, MAX_BODY + 1))
    assert status_of(out) == 413 and took < 0.5


# -- 3. malformed JSON bodies -----------------------------------------------------------------------------
def test_hostile_deeply_nested_json_body_is_a_400(served):
    before = snapshot(served.store.path)
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"name": ' + b"[" * 40 + b"]" * 40 + b"}"):
        status, _, out = fetch(served, "POST", "/api/reviewer", body,
                               {"Content-Type": "application/json", "X-CSRF-Token": served.app.csrf_token})
        assert status == 400, out
        assert "nested" in json.loads(out)["error"]
    assert snapshot(served.store.path) == before


def test_hostile_edit_with_a_wrong_type_names_the_field_and_changes_nothing(served, tiny_map):
    claim = tiny_map.claims[1].id
    before = snapshot(served.store.path)
    status, body = post(served, f"/api/claims/{claim}", {"target": [[True, 3]]})
    assert status == 400, body
    assert body["error"].startswith("target: ")
    assert snapshot(served.store.path) == before


def _bad_span_claim(db, tiny_map) -> str:
    """Make the stored claim c2 reach beyond its document's text, as a bad import could (written
    into the file directly: import may learn to refuse such spans)."""
    claim = tiny_map.claims[2]
    length = len(tiny_map.documents[1].text)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE claims SET data = json_set(data, '$.spans.content', json(?)) WHERE id = ?",
                     (json.dumps([[19, length + 40]]), claim.id))
    return claim.id


def test_hostile_split_of_a_claim_beyond_its_text_is_refused_and_changes_nothing(imported_db, live_server, tiny_map):
    claim = _bad_span_claim(imported_db, tiny_map)
    server = live_server(imported_db, reviewer="tester", **FAST)
    before = snapshot(imported_db)
    assert fetch(server, path=f"/api/claims/{claim}")[0] == 200  # it can still be shown (and edited)
    length = len(tiny_map.documents[1].text)
    for at in (30, length - 2, length + 10):
        status, body = post(server, f"/api/claims/{claim}/split", {"at": at})
        assert status in (400, 409), body
        assert "beyond" in body["error"] and "text" in body["error"]
    other = tiny_map.claims[0].id  # c3, of the same document
    status, body = post(server, "/api/claims/merge", {"ids": [claim, other]})
    assert status in (400, 409) and "beyond" in body["error"], body
    assert snapshot(imported_db) == before


#: Values of every JSON type, and the shapes that broke handlers before.
HOSTILE = [[[True, 3]], {"a": {"b": [1]}}, 10**30, -1, 1.5, True, None, "", "z" * 300]


def _post_bodies(tiny_map) -> dict[str, tuple[dict, list[str]]]:
    """Every POST route: (a valid body, the fields to spoil one at a time)."""
    c3, c1, c2 = (c.id for c in tiny_map.claims)
    doc_a = tiny_map.documents[0].id
    link = tiny_map.links[0].id
    edit = ["actor", "new_actor", "kind", "text", "content", "cue", "source", "target", "hedged", "note", "version"]
    return {
        "/api/reviewer": ({"name": "Zoe"}, ["name"]),
        "/api/claims/merge": ({"ids": [c2, c3]}, ["ids", "versions"]),
        f"/api/claims/{c1}/decide": ({"action": "accept"}, ["action", "note", "version"]),
        f"/api/claims/{c1}": ({"text": "edited"}, edit),
        f"/api/claims/{c1}/rate": ({"rating": "false"}, ["rating", "note", "version"]),
        f"/api/claims/{c2}/split": ({"at": 30}, ["at", "version"]),
        "/api/claims": ({"document": doc_a, "content": [[0, 12]]},
                        ["document", "actor", "new_actor", "kind", "text", "content", "cue", "source", "note"]),
        "/api/claims/batch": ({"action": "accept", "filters": {"q": "drone"}, "count": 1},
                              ["action", "filters", "count", "note"]),
        f"/api/links/{link}/decide": ({"action": "flip"}, ["action", "relation", "version"]),
        "/api/links/batch": ({"action": "accept", "filters": {"status": "all"}, "count": 2}, ["action", "filters", "count"]),
        "/api/links": ({"source": c1, "target": c3, "relation": "supports"},
                       ["source", "target", "relation", "reason"]),
        "/api/undo": ({}, []),
        # last: a side change works the links out again (the one above may go)
        "/api/actors/ministry/side": ({"side": "north"}, ["side"]),
    }


def test_hostile_every_post_route_checks_its_body_types(served, tiny_map):
    """Each field of each POST body, spoilt with every JSON type: a 4xx naming the field, never a 500.
    The routes come from the router, so a POST route added later without a body check fails here."""
    from argmap.review.app import ROUTES

    bodies = _post_bodies(tiny_map)
    posts = [pattern for method, pattern, _ in ROUTES if method == "POST"]
    for pattern in posts:
        assert any(pattern.match(p) for p in bodies), f"no hostile body for POST {pattern.pattern}"
    failures = []
    for path, (valid, fields) in bodies.items():
        for field in fields:
            for value in HOSTILE:
                status, body = post(served, path, {**valid, field: value})
                if status >= 500 or (status == 400 and field not in body["error"]):
                    failures.append((path, field, value if value != "z" * 300 else "z*300", status, body.get("error")))
        status, body = post(served, path, {**valid, "no_such_field": 1})
        if status != 400 or "no_such_field" not in body["error"]:
            failures.append((path, "no_such_field", 1, status, body.get("error")))
    assert not failures, "\n".join(map(str, failures))


# -- 4. a port already taken --------------------------------------------------------------------------------
@pytest.fixture
def taken_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def test_hostile_taken_port_is_a_one_line_input_error(imported_db, taken_port):
    with pytest.raises(InputError) as caught:
        ReviewServer(str(imported_db), port=taken_port)
    assert str(caught.value).startswith(f"address 127.0.0.1:{taken_port} is already in use (")
    assert "\n" not in str(caught.value)


def test_hostile_taken_port_in_the_cli_is_one_line(imported_db, taken_port):
    result = CliRunner().invoke(main, ["--db", str(imported_db), "review", "--port", str(taken_port)])
    assert result.exit_code == InputError.exit_code, result.output
    assert result.output.startswith(f"argmap: error: address 127.0.0.1:{taken_port} is already in use (")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
