"""The review app's HTTP server: the standard library's WSGI server with a small pool of worker threads.

A fixed pool (rather than a thread per request) lets each worker keep one SQLite connection for
its whole life, and a slow or idle browser connection (Chromium opens spare ones) holds up one
worker, not the server. Binds to 127.0.0.1 by default and only answers to its own Host names.
"""

from __future__ import annotations

import ipaddress
import queue
import secrets
import sys
import threading
import webbrowser
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from argmap.errors import InputError
from argmap.store import open_store

from .app import ReviewApp, create_app

WORKERS = 4


class _Handler(WSGIRequestHandler):
    timeout = 15  # seconds an idle connection may hold a worker

    def log_message(self, format: str, *args) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class _PoolServer(WSGIServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, app: ReviewApp, workers: int = WORKERS, verbose: bool = False):
        super().__init__(address, _Handler)
        self.set_app(app)
        self.verbose = verbose
        self._requests: queue.Queue = queue.Queue()
        self._workers = [threading.Thread(target=self._work, name=f"review-worker-{i}", daemon=True) for i in range(workers)]
        for t in self._workers:
            t.start()

    def process_request(self, request, client_address) -> None:
        self._requests.put((request, client_address))

    def _work(self) -> None:
        try:
            while True:
                item = self._requests.get()
                if item is None:
                    return
                request, client_address = item
                try:
                    self.finish_request(request, client_address)
                except Exception:  # noqa: BLE001 - as socketserver does: log it, keep the worker alive
                    self.handle_error(request, client_address)
                finally:
                    self.shutdown_request(request)
        finally:
            release = getattr(self.get_app(), "release_thread_store", None)
            if release is not None:
                release()

    def server_close(self) -> None:
        super().server_close()
        for _ in self._workers:
            self._requests.put(None)
        for t in self._workers:
            t.join(timeout=5)


class ReviewServer:
    """A running (or ready to run) review server on `host`:`port` (0 = a free port).

    Example:
        >>> server = ReviewServer("argmap.db")
        >>> server.start()          # in a background thread
        >>> print(server.url)
        >>> server.stop()
    """

    def __init__(self, db: str, *, host: str = "127.0.0.1", port: int = 0, reviewer: str | None = None,
                 workers: int = WORKERS, verbose: bool = False, token: str | None = None):
        if not is_loopback(host) and not token:
            raise InputError(f"--host {host} serves the store beyond this machine: give --token (or let "
                             "`argmap review` make one)")
        if token is not None and len(token) < 16:
            raise InputError("--token must be at least 16 characters")
        self.store = open_store(db, create=False)
        self.httpd = _PoolServer((host, port), _placeholder_app, workers=workers, verbose=verbose)
        self.host, self.port = self.httpd.server_address[:2]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}/"
        self.token = token
        hosts = {f"{shown}:{self.port}", f"localhost:{self.port}"}
        if self.host in ("127.0.0.1", "::1"):
            hosts |= {f"127.0.0.1:{self.port}", f"[::1]:{self.port}"}
        # beyond loopback teammates reach it by names we cannot know: the token guards it instead
        # (a rebinding page has no cookie for this address)
        allowed = hosts if is_loopback(host) else None
        self.app = create_app(self.store, reviewer=reviewer, allowed_hosts=allowed, access_token=token)
        self.httpd.set_app(self.app)
        self._thread: threading.Thread | None = None

    def start(self) -> ReviewServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="review-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()
        self.store.close()


def _placeholder_app(environ, start_response):  # pragma: no cover - replaced before serving
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def is_loopback(host: str) -> bool:
    """Is `host` an address only this machine can reach?"""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, *, host: str = "127.0.0.1", port: int = 0, reviewer: str | None = None, open_browser: bool = False,
          verbose: bool = False, echo=print, token: str | None = None) -> None:
    """Run the review app on the store at `db` until interrupted (Ctrl-C).

    Args:
        db: Path of the store (it must exist: run `argmap extract` first).
        host: Address to bind; 127.0.0.1 keeps the app on this machine.
        port: Port; 0 picks a free one. The URL is printed on start.
        reviewer: Remember this reviewer name (else the page asks once).
        open_browser: Open the URL in the default browser.
        verbose: Log every request on stderr.
        echo: Where to print the start-up line.
        token: Access token every request must carry. Required beyond loopback: when `host` is not
            a loopback address and no token is given, a random one is made and printed.

    Raises:
        StoreError: `db` is missing or not an argmap store.
        InputError: the token is too short.
        OSError: the address is taken.
    """
    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
    server = ReviewServer(db, host=host, port=port, reviewer=reviewer, verbose=verbose, token=token)
    entry = f"{server.url}?token={server.token}" if server.token else server.url
    echo(f"argmap review: serving {server.store.display_name} at {entry} (Ctrl-C to stop)")
    if server.token:
        echo(f"argmap review: access needs the token {server.token} (open the address above once, or send "
             "'Authorization: Bearer <token>'); share it only with your reviewers")
    if not is_loopback(host):
        echo(f"argmap review: bound to {host}: reachable from other machines, with the token; "
             "use a TLS proxy on untrusted networks")
    sys.stdout.flush()
    if open_browser:
        webbrowser.open(entry)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


__all__ = ["ReviewServer", "serve"]
