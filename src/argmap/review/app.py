"""The review app's WSGI application: routing, security headers, CSRF and error handling.

`create_app(store)` returns a plain WSGI callable (no framework): the handlers in handlers.py stay
thin and every response passes through one place that adds the Content-Security-Policy and the
other security headers, turns library errors into JSON errors with the right status, and refuses
state-changing requests without the per-process CSRF token. The app never runs spaCy.

Threads: the store passed in is used by the thread that created the app (tests, single-threaded
servers); any other thread (the worker threads of server.py) gets its own connection to the same
SQLite file, because an sqlite3 connection belongs to the thread that opened it.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import sqlite3
import sys
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, quote

import jinja2

from argmap.errors import ArgmapError, NotFoundError, RenderError, StaleError, StoreError
from argmap.model import Document
from argmap.store import Store, open_store

from . import views

HERE = Path(__file__).resolve().parent
MAX_BODY = 1 << 20  # 1 MiB: a request body is a few offsets and names, never a document
MAX_DEPTH = 20  # nesting of a request body: the deepest real one is 3 ({"content": [[start, end]]})
TOO_DEEP = f"body is nested too deeply (at most {MAX_DEPTH} levels of lists and objects)"

#: Sent with every response. No inline script or style anywhere: JS and CSS are static files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
]
CSRF_HEADER = "X-CSRF-Token"
#: The access token (team mode): `?token=` once, then this cookie; or an `Authorization: Bearer` header.
TOKEN_COOKIE = "argmap_token"
REVIEWER_SETTING = "review.reviewer"


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or []


class Request:
    """The parts of a WSGI request the handlers use."""

    def __init__(self, environ: dict):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO") or "/"
        qs = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.query = {k: v[-1] for k, v in qs.items()}
        self._body: dict | None = None

    def header(self, name: str) -> str | None:
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"))

    def json(self) -> dict:
        """The JSON object in the body (cached). Raises HTTPError 400/413/415 for anything else."""
        if self._body is not None:
            return self._body
        ctype = (self.environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise HTTPError(413, f"request body over {MAX_BODY} bytes")
        raw = self.environ["wsgi.input"].read(length) if length > 0 else b""
        if not raw:
            self._body = {}
            return self._body
        if ctype != "application/json":
            raise HTTPError(415, "send the body as application/json")
        try:
            body = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HTTPError(400, f"body is not valid JSON ({exc})") from None
        except RecursionError:  # deeper than the parser goes
            raise HTTPError(400, TOO_DEEP) from None
        if _depth(body) > MAX_DEPTH:
            raise HTTPError(400, TOO_DEEP)
        if not isinstance(body, dict):
            raise HTTPError(400, "body must be a JSON object")
        self._body = body
        return body


def _depth(value) -> int:
    """How deeply lists and objects nest in a decoded JSON value (a scalar is 0); iterative."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        todo.extend((child, level + 1) for child in children)
    return deepest


class Response:
    def __init__(self, body: bytes | str = b"", status: int = 200, content_type: str = "text/plain; charset=utf-8",
                 headers: list[tuple[str, str]] | None = None):
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status = status
        self.headers = [("Content-Type", content_type), *(headers or [])]


def json_response(data, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status, "application/json; charset=utf-8", [("Cache-Control", "no-store")])


def _error(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    resp = json_response({"error": message, "status": status}, status)
    resp.headers += headers or []
    return resp


Handler = Callable[..., Response]
ROUTES: list[tuple[str, re.Pattern, Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for `method` and a path pattern with named groups, e.g. r"/api/claims/(?P<claim_id>[^/]+)"."""
    compiled = re.compile(pattern + r"\Z")

    def register(fn: Handler) -> Handler:
        ROUTES.append((method, compiled, fn))
        return fn

    return register


class ReviewApp:
    """The WSGI application. Build it with `create_app`."""

    def __init__(self, store: Store, *, reviewer: str | None = None, allowed_hosts: set[str] | None = None,
                 csrf_token: str | None = None, access_token: str | None = None):
        self._owner_store = store
        self.access_token = access_token or None
        self._owner = threading.get_ident()
        self._local = threading.local()
        self.db_path = store.path
        self.csrf_token = csrf_token or secrets.token_urlsafe(32)
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None
        self._lock = threading.Lock()
        self._documents: OrderedDict[str, Document] = OrderedDict()
        self._svgs: OrderedDict[str, bytes] = OrderedDict()
        self._memo: dict[str, tuple] = {}
        self._version_probe = _version_probe(self, store)
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True, undefined=jinja2.StrictUndefined
        )
        self.static = {p.name: p for p in (HERE / "static").iterdir() if p.is_file()}
        # this process's reviewer wins over the stored setting, which a team's shared store has only once
        self.reviewer_name = reviewer
        if reviewer:
            store.set_setting(REVIEWER_SETTING, reviewer)

    # -- per-thread store --------------------------------------------------------------------
    @property
    def store(self) -> Store:
        if threading.get_ident() == self._owner:
            return self._owner_store
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db_path, create=False)
        return store

    def release_thread_store(self) -> None:
        """Close this thread's own connection (worker threads call it when they stop)."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    # -- small caches (documents never change once stored; SVG by DOT text) -------------------
    def document(self, doc_id: str) -> Document:
        with self._lock:
            doc = self._documents.get(doc_id)
            if doc is not None:
                self._documents.move_to_end(doc_id)
                return doc
        doc = self.store.document(doc_id)
        with self._lock:
            self._documents[doc_id] = doc
            while len(self._documents) > 64:
                self._documents.popitem(last=False)
        return doc

    def cached_svg(self, key: str, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            svg = self._svgs.get(key)
        if svg is None:
            svg = make()
            with self._lock:
                self._svgs[key] = svg
                while len(self._svgs) > 32:
                    self._svgs.popitem(last=False)
        return svg

    def memo(self, name: str, key, make: Callable[[], object]):
        """`make()`, computed again only when `key` changes (e.g. the store's latest history number)."""
        with self._lock:
            hit = self._memo.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = make()
        with self._lock:
            self._memo[name] = (key, value)
        return value

    def store_version(self):
        """A value that changes whenever any connection, of this process or another, commits a
        change to the store (None: not known, e.g. an in-memory store; nothing is then cached)."""
        return self._version_probe() if self._version_probe is not None else None

    def close(self) -> None:
        """Close the connection `store_version` reads (the server calls it when it stops); the
        app then caches nothing."""
        probe, self._version_probe = self._version_probe, None
        close = getattr(probe, "close", None)
        if close is not None:
            close()

    def cached(self, name: str, make: Callable[[], object]):
        """`make()`, computed again only when the store changed (`store_version`), once for every
        thread: what /api/state and the progress bars read from the whole store. The version is
        read before `make` runs, so a write that lands meanwhile makes the next call compute again."""
        version = self.store_version()
        if version is None:
            return make()
        return self.memo(name, version, make)

    @property
    def reviewer(self) -> str | None:
        return self.reviewer_name or self.store.setting(REVIEWER_SETTING)

    def render(self, template: str, **context) -> Response:
        html = self.templates.get_template(template).render(**context)
        return Response(html, 200, "text/html; charset=utf-8", [("Cache-Control", "no-store")])

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response):
        req = Request(environ)
        try:
            resp = self.dispatch(req)
        except HTTPError as exc:
            resp = _error(exc.status, exc.message, exc.headers)
        except views.BadRequest as exc:
            resp = _error(400, str(exc))
        except views.Conflict as exc:
            resp = _error(409, str(exc))
        except NotFoundError as exc:
            resp = _error(404, str(exc))
        except RenderError as exc:
            resp = _error(503, str(exc))
        except StaleError as exc:  # a decision on a record changed since the reviewer saw it
            resp = json_response({"error": str(exc), "status": 409, "stale": True, "by": exc.by}, 409)
        except StoreError as exc:
            resp = _error(409, str(exc))
        except ArgmapError as exc:
            resp = _error(400, str(exc))
        except Exception:  # noqa: BLE001 - a bug: answer 500 without details, keep the trace for the log
            traceback.print_exc(file=sys.stderr)
            resp = _error(500, "internal error; see the server log")
        phrase = HTTPStatus(resp.status).phrase
        start_response(f"{resp.status} {phrase}", resp.headers + SECURITY_HEADERS)
        return [b"" if req.method == "HEAD" else resp.body]

    def dispatch(self, req: Request) -> Response:
        if self.allowed_hosts is not None and (req.header("Host") or "").lower() not in self.allowed_hosts:
            # a page on another site that re-points its DNS name at 127.0.0.1 sends its own Host
            raise HTTPError(400, "unexpected Host header")
        if self.access_token is not None:
            entry = self.check_access(req)
            if entry is not None:
                return entry
        allowed = []
        for method, pattern, handler in ROUTES:
            m = pattern.match(req.path)
            if not m:
                continue
            if method != req.method and not (method == "GET" and req.method == "HEAD"):
                allowed.append(method)
                continue
            if req.method == "POST":
                self.check_csrf(req)
            return handler(self, req, **m.groupdict())
        if allowed:
            raise HTTPError(405, f"{req.method} is not allowed here; use {', '.join(sorted(set(allowed)))}",
                            [("Allow", ", ".join(sorted(set(allowed))))])
        raise HTTPError(404, f"no such page: {req.path}")

    def check_access(self, req: Request) -> Response | None:
        """Refuse a request without the access token (401). A GET with a right `?token=` gets the
        token as an HttpOnly, SameSite=Strict cookie and a redirect to the same page without it, so
        the token does not stay in the address bar or the history."""
        expected = self.access_token.encode("utf-8")

        def ok(value: str | None) -> bool:
            return bool(value) and hmac.compare_digest(value.encode("utf-8", "replace"), expected)

        given = req.query.get("token")
        if given is not None and req.method in ("GET", "HEAD") and ok(given):
            rest = "&".join(f"{k}={quote(v)}" for k, v in sorted(req.query.items()) if k != "token")
            location = quote(req.path) + (f"?{rest}" if rest else "")
            cookie = f"{TOKEN_COOKIE}={self.access_token}; Path=/; HttpOnly; SameSite=Strict"
            return Response("", 303, headers=[("Location", location), ("Set-Cookie", cookie), ("Cache-Control", "no-store")])
        auth = req.header("Authorization") or ""
        if auth.lower().startswith("bearer ") and ok(auth[7:].strip()):
            return None
        cookies = SimpleCookie()
        try:
            cookies.load(req.header("Cookie") or "")
        except CookieError:
            cookies = SimpleCookie()
        morsel = cookies.get(TOKEN_COOKIE)
        if morsel is not None and ok(morsel.value):
            return None
        raise HTTPError(401, "this review server needs its access token: open the address printed by "
                             "`argmap review` (…/?token=…) or send 'Authorization: Bearer <token>'")

    def check_csrf(self, req: Request) -> None:
        token = req.header(CSRF_HEADER) or ""
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.csrf_token.encode("utf-8")):
            raise HTTPError(403, f"missing or wrong {CSRF_HEADER} header; reload the page")


def _version_probe(app: ReviewApp, store: Store) -> Callable[[], object] | None:
    """A function returning the store's `store_version`, or None when there is no cheap one.

    SQLite: `PRAGMA data_version` of a read-only connection of the app's own, which writes
    nothing: its value changes with every commit of any other connection to the file, the app's
    worker threads and other processes (`argmap extract`, `import`, a second review server)
    alike. PostgreSQL: the server's WAL insert position, which every committed change moves on
    (so does a change elsewhere on the server: the cache is then computed again, never stale).
    """
    if store.dialect == "sqlite":
        path = Path(store.path)
        if str(store.path) in ("", ":memory:") or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False,
                                   isolation_level=None)
            conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        lock = threading.Lock()

        def probe() -> int:
            with lock:
                return conn.execute("PRAGMA data_version").fetchone()[0]

        def close() -> None:
            with lock:
                conn.close()

        probe.close = close  # type: ignore[attr-defined]
        return probe
    if store.dialect != "postgresql":
        return None
    try:
        store.conn.execute(_PG_VERSION).fetchone()
    except Exception:  # noqa: BLE001 - e.g. a server that does not allow it: no caching
        return None
    return lambda: app.store.conn.execute(_PG_VERSION).fetchone()[0]  # this thread's connection


_PG_VERSION = "SELECT pg_current_wal_insert_lsn()"


def create_app(store: Store, *, reviewer: str | None = None, allowed_hosts: set[str] | None = None,
               csrf_token: str | None = None, access_token: str | None = None) -> ReviewApp:
    """The review app on `store` (a WSGI callable).

    Args:
        store: An open store (its file is shared with worker threads, which open their own connections).
        reviewer: Remember this reviewer name in the store (else the page asks for one once).
        allowed_hosts: Host header values to accept (e.g. {"127.0.0.1:8000"}); None accepts any
            (the in-process test client). `serve` sets it.
        csrf_token: Fixed CSRF token (tests); default a random one per process.
        access_token: When set, every request must carry it (`?token=` once, then a cookie; or
            `Authorization: Bearer`); else 401. `serve` sets one when bound beyond loopback.
    """
    from . import compare_page, handlers  # noqa: F401  (registers the routes)

    return ReviewApp(store, reviewer=reviewer, allowed_hosts=allowed_hosts, csrf_token=csrf_token,
                     access_token=access_token)
