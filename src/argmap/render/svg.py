"""DOT -> SVG/PNG/PDF through the Graphviz `dot` binary, and writing a map's views to a directory.

The I/O edge of rendering (habit 1): the only module in render/ that runs a subprocess or touches
files. What is drawn is decided in diagram.py and printed in dot.py.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import shutil
import stat
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from argmap.errors import RenderError
from argmap.model import ArgumentMap
from argmap.rows import MapReader

from .diagram import ViewFilter, _Index, iter_views
from .dot import to_dot
from .index import INDEX, index_html
from .overview import overview
from .style import DiagramStyle

#: Formats `dot_to` produces; `render_views` also writes the DOT text itself ("dot").
FORMATS = ("svg", "png", "pdf")
#: Lists the files the last `render_views` wrote, so the next run removes only its own stale files.
MANIFEST = ".argmap-render"
# The file names `views` produces; nothing else is ever deleted, even when listed in the manifest.
_OWN_NAME = re.compile(
    r"^(?:(corpus|actors|doc-[a-z0-9-]+|dispute-[0-9]+(-[a-z0-9-]+)?)(-p[0-9]+)?\.(svg|png|pdf|dot)|index\.html)$"
)


def dot_to(dot_text: str, fmt: str = "svg", *, timeout: float = 120.0) -> bytes:
    """Run Graphviz `dot -T<fmt>` on `dot_text` and return the output.

    Args:
        dot_text: A DOT graph (from `to_dot`).
        fmt: "svg", "png" or "pdf".
        timeout: Seconds before `dot` is stopped.

    Raises:
        RenderError: `dot` is missing, failed, timed out, or `fmt` is unknown.
    """
    if fmt not in FORMATS:
        raise RenderError(f"unknown output format {fmt!r}; use one of: {', '.join(FORMATS)}")
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError("Graphviz 'dot' not found; install it: apt-get install graphviz")
    proc = _run([exe, f"-T{fmt}"], dot_text, timeout)
    if proc.returncode != 0 and b"trouble in init_rank" in proc.stderr:
        # Graphviz 2.43 sometimes fails to rank edges between nested clusters; its global ranker
        # (newrank) did not fail in our tests, but it draws frames less compactly: only a fallback.
        proc = _run([exe, f"-T{fmt}", "-Gnewrank=true"], dot_text, timeout)
    if proc.returncode != 0:
        errors = [line.strip() for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = errors[0] if errors else "no message"
        raise RenderError(f"Graphviz 'dot' failed (exit {proc.returncode}): {detail}")
    return proc.stdout


def _run(cmd: list[str], dot_text: str, timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            cmd, input=dot_text.encode("utf-8", errors="replace"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz 'dot' took longer than {timeout:g} s; draw fewer claims per page "
            "(DiagramStyle.max_nodes) or allow more time"
        ) from None
    except OSError as e:
        raise RenderError(f"Graphviz 'dot' could not be run ({cmd[0]}): {e.strerror or e}") from None


# Opening flags that never follow a symlink at the last path component (not on every OS).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` when it is a regular file (not a link, folder or FIFO) of at most
    `limit` bytes, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return f.read(limit + 1)


def _write(path: Path, data: bytes) -> None:
    """Write atomically, and not at all when the file already holds `data` (keeps mtimes stable).

    The data goes to a new temporary file next to `path` (created exclusively, under a name nobody
    can guess, never through a link), which then replaces `path`: a symlink planted at either name
    is never written through; one at `path` is replaced by the file."""
    try:
        if _read_regular(path, len(data)) == data:
            return
        fd, tmp = _create_temp(path)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror or e}") from None


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new file `.<name>.tmp<pid>.<random>` next to `path`, opened for writing.

    Like `tempfile.mkstemp` (O_EXCL, unpredictable name), but created with the mode a plain write
    gives (0o666 less the umask: mkstemp's 0o600 would hide the maps from a web server), and with
    the pid in the name for `_remove_orphans`."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.{secrets.token_hex(6)}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {path}")


# `_create_temp` names; the name without the random part is what older versions wrote.
_TMP_NAME = re.compile(r"^\.(.+)\.tmp([0-9]+)(?:\.[0-9a-z_]+)?$")


def _remove_orphans(out: Path) -> None:
    """Remove the temporary files of `_write` calls whose process died (killed between write and rename).

    Only regular files with a temporary name of one of our outputs are removed; links (and what
    they point to), folders and files of live processes are left alone."""
    with os.scandir(out) as entries:
        for entry in entries:
            m = _TMP_NAME.match(entry.name)
            if not m or not (_OWN_NAME.match(m.group(1)) or m.group(1) == MANIFEST):
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            try:
                pid = int(m.group(2))
                if pid == os.getpid():
                    continue
                os.kill(pid, 0)
            except ProcessLookupError:
                Path(entry.path).unlink(missing_ok=True)  # unlink removes a name, never what a link points to
            except (OSError, OverflowError, ValueError):  # alive (another user's), or no pid at all: not ours
                pass


@dataclass(frozen=True)
class ViewFailure:
    """A view `render_views` could not render or write; the other views are written."""

    view: str
    reason: str

    def __str__(self) -> str:
        return f"view {self.view}: {self.reason}"


@functools.cache
def _graphviz_version(exe: str | None) -> str:
    """`dot -V` of the Graphviz that draws (another version draws other pictures): part of the key
    that lets a view whose DOT text did not change skip `dot`."""
    if exe is None:
        return ""
    try:
        proc = subprocess.run([exe, "-V"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()


def _key(version: str, fmt: str, dot_text: str) -> str:
    """What a drawn file is made from: Graphviz version, format and DOT text (sha256, 32 hex digits)."""
    h = hashlib.sha256(f"{version}\n{fmt}\n".encode())
    h.update(dot_text.encode("utf-8", errors="replace"))
    return h.hexdigest()[:32]


def _read_manifest(out: Path) -> dict[str, str | None]:
    """File name -> the key it was drawn from (None when the line has no key: an older manifest)."""
    listed = _read_regular(out / MANIFEST, 1 << 24)
    got: dict[str, str | None] = {}
    for line in (listed.decode("utf-8", "replace").splitlines() if listed is not None else []):
        if not line or line.startswith("#"):
            continue
        name, _, key = line.partition("\t")
        got[name] = key or None
    return got


def render_views(
    amap: ArgumentMap | MapReader,
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = ("svg",),
    base_url: str | None = None,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
    timeout: float = 120.0,
    jobs: int | None = None,
    failed: list[ViewFailure] | None = None,
    index: bool = True,
    stats: dict[str, int] | None = None,
) -> list[Path]:
    """Render every view of `amap` into `out_dir`, one file per view and format, and the index.

    The views: the actor overview (`actors`, see `render.overview`), then those of `views`; and
    `index.html`, the dispute index linking them (`render.index`). Views stream: each is built,
    printed, drawn and written in turn (a few at a time, one per `dot` process), so memory holds a
    few views, not all of them. A view whose file was drawn by an earlier run from the same DOT
    text, format and Graphviz version (the key listed in `out_dir/.argmap-render`) is not drawn
    again, as long as that file is still there: a render with nothing changed runs no `dot`.

    Files are named `<view>.<format>`. A view that cannot be rendered (`dot` fails or times out) or
    written does not stop the others: they are written, and the failures are added to `failed`, or,
    when no list is given, raised as one RenderError (one line per failed view) after writing the
    rest. A failed view keeps the files of its last good run. When no view at all renders, nothing
    is written. Files this function wrote on an earlier run (listed in the manifest) that no view
    produces any more are removed; no other file is ever touched.

    Args:
        amap: The argument map, or a `rows.MapReader` (a Store): then every view reads only the
            records it draws, and memory holds the map's rows and a few views, not the map.
        out_dir: Output directory (created if missing), e.g. `diagrams/`.
        formats: Any of "svg", "png", "pdf", and "dot" for the DOT text.
        base_url: Review UI address for claim links (see `to_diagram`).
        filters: What to show (see `ViewFilter`).
        style: Visual settings.
        timeout: Seconds allowed per `dot` run.
        jobs: `dot` processes run in parallel; default: up to 4.
        failed: Collects the views that failed (then none is raised), in view order.
        index: Also write `index.html`.
        stats: Filled with counts: views, drawn (`dot` runs), unchanged (files kept, `dot` skipped).

    Returns:
        The paths of this render's files (written now or unchanged since the last run), sorted.

    Raises:
        RenderError: a format is unknown, no view could be rendered (`dot` is missing, ...), the
            output folder or the manifest cannot be written, or (without `failed`) some view failed.
        NotFoundError: A filter names an unknown actor or document.
    """
    fmts = list(dict.fromkeys(formats))
    for fmt in fmts:
        if fmt not in (*FORMATS, "dot"):
            raise RenderError(f"unknown output format {fmt!r}; use any of: {', '.join((*FORMATS, 'dot'))}")
    style = style or DiagramStyle()
    idx = _Index(amap, filters or ViewFilter(), style, base_url)  # checks the filters before any write
    out = Path(out_dir)
    previous = _read_manifest(out) if out.is_dir() else {}
    version = _graphviz_version(shutil.which("dot")) if any(f != "dot" for f in fmts) else ""
    counts = {"views": 0, "drawn": 0, "unchanged": 0}
    keys: dict[str, str] = {}  # file name -> key, for every file of this render (written or kept)
    broken: dict[str, str] = {}  # view -> why it failed (the first reason)
    order: list[str] = []  # view names, in view order
    written: list[str] = []
    state: dict = {"ready": False, "overview": None}

    def ready() -> None:
        """Create the folder (first write only: a render where nothing works writes nothing)."""
        if state["ready"]:
            return
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RenderError(f"cannot create output directory {out}: {e.strerror or e}") from None
        _remove_orphans(out)
        state["ready"] = True

    def texts() -> Iterator[tuple[str, str]]:
        actors = state["overview"] = overview(idx)
        if actors.nodes:
            yield actors.name, to_dot(actors)
        for name, diagram in iter_views(amap, style=style, index=idx):
            yield name, to_dot(diagram)

    def draw(name: str, text: str, todo: list[str]) -> dict[str, bytes] | RenderError:
        """The files of one view in the formats `todo` (all of them, or the error)."""
        got = {}
        for fmt in todo:
            try:
                got[f"{name}.{fmt}"] = text.encode("utf-8") if fmt == "dot" else dot_to(text, fmt, timeout=timeout)
            except RenderError as e:
                return e
        return got

    def finish(name: str, result: dict[str, bytes] | RenderError) -> None:
        if isinstance(result, RenderError):
            broken[name] = str(result)
            return
        for filename, data in result.items():
            try:
                ready()
                _write(out / filename, data)
            except RenderError as e:
                if not state["ready"]:
                    raise
                broken[name] = str(e)
                return
        written.extend(result)

    workers = jobs or min(4, os.cpu_count() or 1)
    pending: deque[tuple[str, Future]] = deque()
    # dot runs in its own process, so threads give real parallelism here; at most 2 views per
    # worker wait, drawn or not, so memory does not grow with the number of views.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for name, text in texts():
            order.append(name)
            todo = []
            for fmt in fmts:
                filename = f"{name}.{fmt}"
                key = keys[filename] = _key(version if fmt != "dot" else "", fmt, text)
                if previous.get(filename) == key and _is_regular(out / filename):
                    counts["unchanged"] += 1
                else:
                    todo.append(fmt)
            if not todo:
                written.extend(f"{name}.{fmt}" for fmt in fmts)
                continue
            # a view is drawn in all its formats or not at all
            counts["drawn"] += sum(1 for f in todo if f != "dot")
            pending.append((name, pool.submit(draw, name, text, todo)))
            kept = [f"{name}.{fmt}" for fmt in fmts if fmt not in todo]
            written.extend(kept)
            while len(pending) > 2 * workers:
                done_name, future = pending.popleft()
                finish(done_name, future.result())
        while pending:
            done_name, future = pending.popleft()
            finish(done_name, future.result())
    counts["views"] = len(order)
    if stats is not None:
        stats.update(counts)
    # the files kept from an earlier run of a view that failed now are not this run's
    written = [f for f in written if f.rsplit(".", 1)[0] not in broken]
    if order and len(broken) == len(order):  # nothing to show: write nothing, say why
        reasons = list(dict.fromkeys(broken.values()))
        first = next(n for n in order if n in broken)
        raise RenderError(reasons[0] if len(reasons) == 1 else
                          f"no view could be rendered; first: view {first}: {broken[first]}")
    ready()
    if index:
        page = index_html(idx, formats=fmts, failed=set(broken), overview=state["overview"],
                          corpus_views=[n for n in order if n == "corpus" or n.startswith("corpus-p")])
        _write(out / INDEX, page.encode("utf-8"))
        written.append(INDEX)
        keys[INDEX] = ""
    # the last good files of a failed view stay, and stay listed (with their old keys)
    keep = {f: keys[f] for f in written}
    for filename, key in previous.items():
        if _OWN_NAME.match(filename) and filename.rsplit(".", 1)[0] in broken:
            keep[filename] = key or ""
    for filename in previous:
        stale = out / filename
        if filename not in keep and _OWN_NAME.match(filename) and _is_regular(stale):
            try:
                stale.unlink()
            except OSError:  # left for the next run: an old map is no reason to fail this one
                pass
    header = ("# Files written by `argmap render`, each with the key of what it was drawn from "
              "(DOT text, format, Graphviz); the next run replaces or removes them.\n")
    lines = "".join(f"{f}\t{k}\n" if k else f"{f}\n" for f, k in sorted(keep.items()))
    _write(out / MANIFEST, (header + lines).encode("utf-8"))
    rank = {name: i for i, name in enumerate(order)}
    failures = sorted((ViewFailure(v, why) for v, why in broken.items()), key=lambda f: rank[f.view])
    if failures and failed is None:
        ok = len(order) - len(failures)
        raise RenderError(
            f"{len(failures)} of {len(order)} views could not be rendered; the {ok} other{'s' if ok != 1 else ''} "
            f"{'were' if ok != 1 else 'was'} written to {out}/:\n" + "\n".join(str(f) for f in failures)
        )
    if failed is not None:
        failed.extend(failures)
    return sorted(out / f for f in set(written))


def _is_regular(path: Path) -> bool:
    """Whether `path` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
