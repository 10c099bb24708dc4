"""Fixtures of the review app tests: an in-process WSGI client, a store with the tiny hand-built map,
the seed article extracted once per session, a live server on a free port and headless Chromium.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from argmap.review import ReviewServer, create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
from tests_seed import SEED  # noqa: E402
TOKEN = "test-csrf-token"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Result:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status_line = status
        self.status = int(status.split()[0])
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        assert self.headers["content-type"].startswith("application/json"), self.headers["content-type"]
        return json.loads(self.body)


class Client:
    """Calls the WSGI app directly (same thread, no socket), like a browser tab would."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Result:
        parts = urlsplit(path)
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": parts.path, "QUERY_STRING": parts.query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000", "wsgi.input": io.BytesIO(body or b""), "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http", "CONTENT_LENGTH": str(len(body or b"")),
        }
        for k, v in (headers or {}).items():
            key = k.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = v
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"], captured["headers"] = status, response_headers

        chunks = self.app(environ, start_response)
        return Result(captured["status"], captured["headers"], b"".join(chunks))

    def get(self, path: str, **kw) -> Result:
        return self.request("GET", path, **kw)

    def post(self, path: str, payload=None, *, csrf: str | None = TOKEN, headers: dict | None = None) -> Result:
        h = {"Content-Type": "application/json"}
        if csrf is not None:
            h["X-CSRF-Token"] = csrf
        h.update(headers or {})
        return self.request("POST", path, body=json.dumps(payload if payload is not None else {}).encode(), headers=h)


@pytest.fixture
def map_store(store, tiny_map):
    """The store of tests/conftest.py holding the tiny hand-built map (3 claims, 2 links, no spaCy)."""
    store.import_map(tiny_map)
    return store


@pytest.fixture
def imported_db(tmp_path, tiny_map) -> Path:
    """A store file holding `tiny_map` (for servers, which open the file themselves)."""
    from argmap.store import open_store

    db = tmp_path / "imported.db"
    with open_store(db) as s:
        s.import_map(tiny_map)
    return db


@pytest.fixture
def client(map_store):
    return Client(create_app(map_store, reviewer="tester", csrf_token=TOKEN))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, nlp):
    """The seed article extracted and linked once into a store file; tests copy it (`fresh_seed_db`)."""
    if not SEED.exists():
        pytest.skip(f"{SEED} is missing")
    from argmap import jobs
    from argmap.store import open_store

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with open_store(path) as store:
        jobs.extract(store, [str(SEED)], nlp=nlp)
        jobs.link(store)
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, nlp):
    """The team corpus (our own text) extracted and linked: the screenshots in docs/ show it, never the seed."""
    from argmap import jobs
    from argmap.store import open_store

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "algeria-mali"
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(path) as store:
        jobs.extract(store, [str(corpus)], nlp=nlp)
        jobs.link(store)
    return path


@pytest.fixture
def fresh_corpus_db(corpus_db, tmp_path) -> Path:
    path = tmp_path / "corpus.db"
    shutil.copy(corpus_db, path)
    return path


@pytest.fixture
def fresh_seed_db(seed_db, tmp_path) -> Path:
    path = tmp_path / "review.db"
    shutil.copy(seed_db, path)  # the store was closed, so the WAL is checkpointed into the file
    return path


@pytest.fixture
def live_server():
    """Start `ReviewServer`s on free ports; all are stopped after the test."""
    servers = []

    def start(db: Path, **kw) -> ReviewServer:
        server = ReviewServer(str(db), **kw).start()
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser); skips when either is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # not installed, or broken
        pytest.skip(f"playwright is not usable: {exc}")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - depends on the machine
        pw.stop()
        pytest.skip(f"chromium does not start under playwright: {exc}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    """A fresh page (1440x900) that records console errors and uncaught page errors."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    yield pg
    context.close()
