"""The review app's HTTP server: the standard library's WSGI server, a thread per connection for the
socket I/O and a small pool of worker threads that run the app.

A connection's thread reads the whole request (request line, headers, body) under deadlines and
size limits before a worker sees it, and writes the answer after; the workers only run the app, so
a slow or idle client (Chromium opens spare connections; an attacker sends a byte every few
seconds) holds up its own connection thread, never a worker. The fixed pool lets each worker keep
one SQLite connection for its whole life. Connections are capped; beyond the cap a new one drops the
oldest that is still sending its request. Binds to 127.0.0.1 by default and only answers to its own
Host names.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import json
import queue
import re
import secrets
import socket
import sys
import threading
import time
import webbrowser
from collections import OrderedDict
from concurrent.futures import Future
from http import HTTPStatus
from http.client import HTTPException
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from argmap.errors import InputError
from argmap.store import open_store

from .app import MAX_BODY, SECURITY_HEADERS, ReviewApp, create_app

#: Worker threads running the app (each keeps its own store connection).
WORKERS = 4
#: Connections served at once; beyond it a new one drops the oldest still sending its request.
MAX_CONNECTIONS = 64
#: Seconds a client has for its request line and headers, all of them (not per byte): 408 after.
HEADER_TIMEOUT = 5.0
#: Seconds a client has for the body its Content-Length announces: 400 after.
BODY_TIMEOUT = 5.0
#: Seconds the answer may take to go out to a client that does not read it.
WRITE_TIMEOUT = 10.0
#: Longest request line (method, path and query, version): 414 beyond.
MAX_REQUEST_LINE = 8 * 1024
#: Most bytes of all header lines together: 431 beyond.
MAX_HEADER_BYTES = 32 * 1024
_LENGTH = re.compile(r"[0-9]{1,16}")


class _Deadline(io.RawIOBase):
    """The reading side of a socket that gives up at `deadline` (time.monotonic()), however slowly
    the bytes trickle in: a socket timeout alone starts again with every byte."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.deadline = float("inf")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


class _HeadersTooLarge(HTTPException):
    """Raised into http.server's header parsing, which answers 431 for any HTTPException."""


class _HeaderBudget:
    """What the header parser reads from: the connection's reader, but at most `left` bytes."""

    def __init__(self, rfile, left: int):
        self.rfile = rfile
        self.left = left

    def readline(self, limit: int = -1) -> bytes:
        cap = self.left + 1 if limit < 0 else min(limit, self.left + 1)
        line = self.rfile.readline(cap)
        self.left -= len(line)
        if self.left < 0:
            raise _HeadersTooLarge(f"the headers are over {MAX_HEADER_BYTES} bytes")
        return line


class _Handler(WSGIRequestHandler):
    """One connection: reads one request under the deadlines, hands it to a worker, writes the answer."""

    timeout = None  # the deadlines below replace the socket timeout of socketserver

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # read through the deadline instead of the plain socket file
        self.reader = _Deadline(self.connection)
        self.rfile = io.BufferedReader(self.reader)

    def handle(self) -> None:
        server: _PoolServer = self.server
        self.reader.deadline = time.monotonic() + server.header_timeout
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414, f"the request line is over {MAX_REQUEST_LINE} bytes")
                return
            if not self.raw_requestline:
                return  # a spare connection closed unused
            rfile, self.rfile = self.rfile, _HeaderBudget(self.rfile, MAX_HEADER_BYTES)
            try:
                if not self.parse_request():  # it answered (400, 431, ...)
                    return
            finally:
                self.rfile = rfile
        except TimeoutError:
            self.requestline = self.request_version = self.command = ""
            self.send_error(408, f"the request line and headers took over {server.header_timeout:g} s")
            return
        body = self.read_body(server.body_timeout)
        if body is None:
            return
        server.request_read(self.request)
        handler = ServerHandler(io.BytesIO(body), self.wfile, self.get_stderr(), self.get_environ(), multithread=True)
        handler.request_handler = self  # backpointer for logging, as wsgiref does
        handler.run(server.pooled_app)

    def read_body(self, timeout: float) -> bytes | None:
        """The body its Content-Length announces, read within `timeout` s; None after answering an error."""
        if self.headers.get("Transfer-Encoding"):
            self.send_error(411, "send the body with a Content-Length (no Transfer-Encoding)")
            return None
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not _LENGTH.fullmatch(raw):
            self.send_error(400, f"bad Content-Length {raw[:40]!r}")
            return None
        length = int(raw)
        if length > MAX_BODY:
            self.send_error(413, f"request body over {MAX_BODY} bytes")
            return None
        self.reader.deadline = time.monotonic() + timeout
        chunks, got = [], 0
        try:
            while got < length and (chunk := self.rfile.read1(length - got)):
                chunks.append(chunk)
                got += len(chunk)
        except TimeoutError:
            pass
        if got < length:
            self.send_error(400, f"the body has {got} of the {length} bytes its Content-Length announces "
                                 f"(it ended, or took over {timeout:g} s)")
            return None
        self.connection.settimeout(WRITE_TIMEOUT)
        return b"".join(chunks)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer an error found before the app ran (time, sizes, malformed HTTP) as the app answers
        its own: a JSON error with the security headers; then close."""
        self.connection.settimeout(1.0)  # a client that does not read it loses it
        status = HTTPStatus(code)
        text = "; ".join(x for x in (message, explain) if x) or status.phrase
        body = json.dumps({"error": text, "status": code}, ensure_ascii=False).encode("utf-8")
        self.log_error("code %d, message %s", code, text)
        self.close_connection = True
        try:
            self.send_response(code, status.phrase)
            for name, value in [("Content-Type", "application/json; charset=utf-8"), ("Connection", "close"),
                                ("Content-Length", str(len(body))), ("Cache-Control", "no-store"), *SECURITY_HEADERS]:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass  # gone already

    def log_message(self, format: str, *args) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


class _PoolServer(WSGIServer):
    """The WSGI server: a thread per connection (capped) for the I/O, `workers` threads for the app."""

    allow_reuse_address = True

    def __init__(self, address, app: ReviewApp, workers: int = WORKERS, verbose: bool = False, *,
                 header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS):
        # before binding: a failed bind calls server_close, which stops the workers
        self._requests: queue.Queue = queue.Queue()
        self._workers = [threading.Thread(target=self._work, name=f"review-worker-{i}", daemon=True) for i in range(workers)]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._reading: OrderedDict[socket.socket, None] = OrderedDict()  # oldest first
        self._closing = False
        self.header_timeout, self.body_timeout, self.max_connections = header_timeout, body_timeout, max_connections
        self.verbose = verbose
        super().__init__(address, _Handler)
        self.set_app(app)
        for t in self._workers:
            t.start()

    # -- connections: a thread each, capped ----------------------------------------------------------
    def process_request(self, request, client_address) -> None:
        with self._lock:
            if len(self._open) >= self.max_connections:
                if not self._reading:  # every connection is being answered: come back later
                    self._refuse(request)
                    return
                oldest, _ = self._reading.popitem(last=False)
                self._open.discard(oldest)
                _drop(oldest)  # its thread sees the end of the stream and finishes
            self._open.add(request)
            self._reading[request] = None
        threading.Thread(target=self._serve, args=(request, client_address), name="review-connection",
                         daemon=True).start()

    def _serve(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - as socketserver does: log it, keep serving
            self.handle_error(request, client_address)
        finally:
            with self._lock:
                self._open.discard(request)
                self._reading.pop(request, None)
            self.shutdown_request(request)

    def request_read(self, request) -> None:
        """The request on this connection is read: it is no longer a slow client to drop."""
        with self._lock:
            self._reading.pop(request, None)

    def _refuse(self, request) -> None:
        body = json.dumps({"error": "the review server is busy; try again", "status": 503}).encode("utf-8")
        head = (f"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nRetry-After: 1\r\n\r\n").encode("ascii")
        try:
            request.setblocking(False)  # this is the accepting thread: never wait on a client
            request.send(head + body)
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the client went away or stopped reading: nothing to report
        super().handle_error(request, client_address)

    # -- the app, on the workers ---------------------------------------------------------------------
    def pooled_app(self, environ: dict, start_response):
        """The WSGI app as a connection thread calls it: run by a worker, the answer handed back."""
        done: Future = Future()
        with self._lock:
            closing = self._closing
            if not closing:
                self._requests.put((environ, done))
        if closing:
            start_response("503 Service Unavailable",
                           [("Content-Type", "text/plain; charset=utf-8"), *SECURITY_HEADERS])
            return [b"the review server is stopping"]
        status, headers, body = done.result()
        start_response(status, headers)
        return [body]

    def _work(self) -> None:
        try:
            while (item := self._requests.get()) is not None:
                environ, done = item
                try:
                    done.set_result(_call(self.get_app(), environ))
                except BaseException as exc:  # noqa: BLE001 - the connection thread reports it
                    done.set_exception(exc)
        finally:
            release = getattr(self.get_app(), "release_thread_store", None)
            if release is not None:
                release()

    def server_close(self) -> None:
        super().server_close()
        with self._lock:
            self._closing = True
            for _ in self._workers:
                self._requests.put(None)  # after the requests queued so far
        for t in self._workers:
            if t.is_alive():
                t.join(timeout=5)


def _call(app, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run a WSGI app to the end: (status line, headers, body)."""
    got: list = []

    def start_response(status, headers, exc_info=None):
        got[:] = [status, headers]
        return lambda data: None  # the app never uses write()

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return got[0], got[1], body


def _drop(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class ReviewServer:
    """A running (or ready to run) review server on `host`:`port` (0 = a free port).

    Example:
        >>> server = ReviewServer("argmap.db")
        >>> server.start()          # in a background thread
        >>> print(server.url)
        >>> server.stop()
    """

    def __init__(self, db: str, *, host: str = "127.0.0.1", port: int = 0, reviewer: str | None = None,
                 workers: int = WORKERS, verbose: bool = False, token: str | None = None,
                 header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS):
        if not is_loopback(host) and not token:
            raise InputError(f"--host {host} serves the store beyond this machine: give --token (or let "
                             "`argmap review` make one)")
        if token is not None and len(token) < 16:
            raise InputError("--token must be at least 16 characters")
        self.store = open_store(db, create=False)
        try:
            self.httpd = _PoolServer((host, port), _placeholder_app, workers=workers, verbose=verbose,
                                     header_timeout=header_timeout, body_timeout=body_timeout,
                                     max_connections=max_connections)
        except OSError as exc:
            self.store.close()
            shown = f"[{host}]" if ":" in host else host
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"address {shown}:{port} is already in use ({exc.strerror}; another "
                                 "`argmap review`?): give another --port, or --port 0 for a free one") from None
            raise InputError(f"cannot listen on {shown}:{port} ({exc.strerror or exc})") from None
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
        self.app.close()
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
        InputError: the token is too short, or the address is taken or cannot be bound.
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
