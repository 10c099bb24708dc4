"""The review server over real sockets: `argmap review` as a subprocess (binds 127.0.0.1, prints its
URL, serves the page with its security headers, refuses foreign Host headers), and `ReviewServer`
answering concurrent requests from its worker threads.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.review.app import CSP

ARGMAP = Path(sys.executable).with_name("argmap")


def fetch(host: str, port: int, method: str = "GET", path: str = "/", body: dict | None = None,
          headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers=headers or {})
    resp = conn.getresponse()
    out = resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    conn.close()
    return out


def test_server_cli_review_missing_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), "review"])
    assert result.exit_code == 3
    assert result.output.startswith("argmap: error: ") and "no such database" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(not ARGMAP.exists(), reason="the argmap entry point is not installed in this environment")
def test_server_cli_review_serves_on_localhost(imported_db):
    proc = subprocess.Popen([str(ARGMAP), "--db", str(imported_db), "review", "--reviewer", "cli"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/ ", line)
        assert m, line
        port = int(m.group(1))
        status, headers, body = fetch("127.0.0.1", port)
        assert status == 200 and headers["content-security-policy"] == CSP
        token = re.search(rb'name="csrf-token" content="([^"]+)"', body).group(1).decode()
        status, _, body = fetch("127.0.0.1", port, "POST", "/api/reviewer", {"name": "x"},
                                {"Content-Type": "application/json"})
        assert status == 403
        status, _, body = fetch("127.0.0.1", port, "POST", "/api/reviewer", {"name": "Zoe"},
                                {"Content-Type": "application/json", "X-CSRF-Token": token})
        assert status == 200 and json.loads(body) == {"reviewer": "Zoe"}
        status, _, _ = fetch("127.0.0.1", port, headers={"Host": "attacker.example"})
        assert status == 400  # DNS rebinding: a foreign name pointing at 127.0.0.1 is refused
        assert fetch("127.0.0.1", port, headers={"Host": f"localhost:{port}"})[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_server_answers_concurrent_requests(imported_db, live_server):
    server = live_server(imported_db, reviewer="t")
    assert server.host == "127.0.0.1" and server.url == f"http://127.0.0.1:{server.port}/"
    results: list[int] = []

    def hit():
        for _ in range(10):
            results.append(fetch(server.host, server.port, path="/api/claims/next")[0])

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == [200] * 60
    # a write from a worker thread is seen by the others and by the store file
    status, _, body = fetch(server.host, server.port, "POST", "/api/undo", {},
                            {"Content-Type": "application/json", "X-CSRF-Token": server.app.csrf_token})
    assert status == 200 and json.loads(body)["undone"] is None


def test_server_idle_connection_does_not_block_others(imported_db, live_server):
    """Browsers open spare connections and send nothing on them; the pool keeps serving."""
    import socket

    server = live_server(imported_db)
    idle = [socket.create_connection((server.host, server.port)) for _ in range(2)]
    try:
        assert fetch(server.host, server.port, path="/api/state")[0] == 200
    finally:
        for s in idle:
            s.close()
