"""DOT -> SVG/PNG/PDF through the Graphviz `dot` binary, and writing a map's views to a directory.

The I/O edge of rendering (habit 1): the only module in render/ that runs a subprocess or touches
files. What is drawn is decided in diagram.py and printed in dot.py.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from argmap.errors import RenderError
from argmap.model import ArgumentMap

from .diagram import ViewFilter, views
from .dot import to_dot
from .style import DiagramStyle

#: Formats `dot_to` produces; `render_views` also writes the DOT text itself ("dot").
FORMATS = ("svg", "png", "pdf")
#: Lists the files the last `render_views` wrote, so the next run removes only its own stale files.
MANIFEST = ".argmap-render"
# The file names `views` produces; nothing else is ever deleted, even when listed in the manifest.
_OWN_NAME = re.compile(r"^(corpus|doc-[a-z0-9-]+|dispute-[0-9]+(-[a-z0-9-]+)?)(-p[0-9]+)?\.(svg|png|pdf|dot)$")


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


def render_views(
    amap: ArgumentMap,
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = ("svg",),
    base_url: str | None = None,
    filters: ViewFilter | None = None,
    style: DiagramStyle | None = None,
    timeout: float = 120.0,
    jobs: int | None = None,
    failed: list[ViewFailure] | None = None,
) -> list[Path]:
    """Render every view of `amap` (see `views`) into `out_dir`, one file per view and format.

    Files are named `<view>.<format>`. A view that cannot be rendered (`dot` fails or times out) or
    written does not stop the others: they are written, and the failures are added to `failed`, or,
    when no list is given, raised as one RenderError (one line per failed view) after writing the
    rest. A failed view keeps the files of its last good run. When no view at all renders, nothing
    is written. Files this function wrote on an earlier run (listed in `out_dir/.argmap-render`)
    that no view produces any more are removed; no other file is ever touched.

    Args:
        amap: The argument map.
        out_dir: Output directory (created if missing), e.g. `diagrams/`.
        formats: Any of "svg", "png", "pdf", and "dot" for the DOT text.
        base_url: Review UI address for claim links (see `to_diagram`).
        filters: What to show (see `ViewFilter`).
        style: Visual settings.
        timeout: Seconds allowed per `dot` run.
        jobs: `dot` processes run in parallel; default: up to 4.
        failed: Collects the views that failed (then none is raised), in view order.

    Returns:
        The written paths, sorted.

    Raises:
        RenderError: a format is unknown, no view could be rendered (`dot` is missing, ...), the
            output folder or the manifest cannot be written, or (without `failed`) some view failed.
        NotFoundError: A filter names an unknown actor or document.
    """
    fmts = list(dict.fromkeys(formats))
    for fmt in fmts:
        if fmt not in (*FORMATS, "dot"):
            raise RenderError(f"unknown output format {fmt!r}; use any of: {', '.join((*FORMATS, 'dot'))}")
    texts = {name: to_dot(diagram) for name, diagram in views(amap, filters=filters, style=style, base_url=base_url)}
    tasks = [(name, fmt) for name in texts for fmt in fmts]

    def run(task: tuple[str, str]) -> bytes | RenderError:
        name, fmt = task
        try:
            return texts[name].encode("utf-8") if fmt == "dot" else dot_to(texts[name], fmt, timeout=timeout)
        except RenderError as e:
            return e

    # dot runs in its own process, so threads give real parallelism here.
    with ThreadPoolExecutor(max_workers=jobs or min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(run, tasks))
    broken: dict[str, str] = {}  # view -> why it failed (the first reason)
    for (name, _), data in zip(tasks, results, strict=True):
        if isinstance(data, RenderError):
            broken.setdefault(name, str(data))
    if len(broken) == len(texts):  # nothing to show: write nothing, say why
        reasons = list(dict.fromkeys(broken.values()))
        first = next(iter(broken))
        raise RenderError(reasons[0] if len(reasons) == 1 else
                          f"no view could be rendered; first: view {first}: {broken[first]}")
    # a view is drawn in all its formats or not at all
    outputs = {
        f"{name}.{fmt}": data for (name, fmt), data in zip(tasks, results, strict=True) if name not in broken
    }

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(f"cannot create output directory {out}: {e.strerror or e}") from None
    _remove_orphans(out)
    written: list[str] = []
    for filename, data in outputs.items():
        view = filename.rsplit(".", 1)[0]
        if view in broken:
            continue
        try:
            _write(out / filename, data)
        except RenderError as e:
            broken[view] = str(e)
            continue
        written.append(filename)
    manifest = out / MANIFEST
    listed = _read_regular(manifest, 1 << 20)
    previous = listed.decode("utf-8", "replace").splitlines() if listed is not None else []
    # the last good files of a failed view stay, and stay listed
    keep = set(written) | {f for f in previous if _OWN_NAME.match(f) and f.rsplit(".", 1)[0] in broken}
    for filename in previous:
        stale = out / filename
        if filename not in keep and _OWN_NAME.match(filename) and _is_regular(stale):
            try:
                stale.unlink()
            except OSError:  # left for the next run: an old map is no reason to fail this one
                pass
    header = "# Files written by `argmap render`; the next run replaces or removes them.\n"
    _write(manifest, (header + "".join(f"{f}\n" for f in sorted(keep))).encode("utf-8"))
    order = {name: i for i, name in enumerate(texts)}
    failures = sorted((ViewFailure(v, why) for v, why in broken.items()), key=lambda f: order[f.view])
    if failures and failed is None:
        ok = len(texts) - len(failures)
        raise RenderError(
            f"{len(failures)} of {len(texts)} views could not be rendered; the {ok} other{'s' if ok != 1 else ''} "
            f"{'were' if ok != 1 else 'was'} written to {out}/:\n" + "\n".join(str(f) for f in failures)
        )
    if failed is not None:
        failed.extend(failures)
    return sorted(out / f for f in written)


def _is_regular(path: Path) -> bool:
    """Whether `path` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
