"""DOT -> SVG/PNG/PDF through the Graphviz `dot` binary, and writing a map's views to a directory.

The I/O edge of rendering (habit 1): the only module in render/ that runs a subprocess or touches
files. What is drawn is decided in diagram.py and printed in dot.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
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


def _write(path: Path, data: bytes) -> None:
    """Write atomically, and not at all when the file already holds `data` (keeps mtimes stable)."""
    try:
        if path.is_file() and path.read_bytes() == data:
            return
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror or e}") from None


_TMP_NAME = re.compile(r"^\.(.+)\.tmp([0-9]+)$")


def _remove_orphans(out: Path) -> None:
    """Remove the temporary files of `_write` calls whose process died (killed between write and rename)."""
    for p in out.iterdir():
        m = _TMP_NAME.match(p.name)
        if not m or not (_OWN_NAME.match(m.group(1)) or m.group(1) == MANIFEST) or not p.is_file() or p.is_symlink():
            continue
        pid = int(m.group(2))
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            p.unlink(missing_ok=True)
        except OSError:  # alive (another user's): not ours to touch
            pass


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
) -> list[Path]:
    """Render every view of `amap` (see `views`) into `out_dir`, one file per view and format.

    Files are named `<view>.<format>`. Nothing is written unless every view rendered. Files this
    function wrote on an earlier run (listed in `out_dir/.argmap-render`) that no view produces any
    more are removed; no other file is ever touched.

    Args:
        amap: The argument map.
        out_dir: Output directory (created if missing), e.g. `diagrams/`.
        formats: Any of "svg", "png", "pdf", and "dot" for the DOT text.
        base_url: Review UI address for claim links (see `to_diagram`).
        filters: What to show (see `ViewFilter`).
        style: Visual settings.
        timeout: Seconds allowed per `dot` run.
        jobs: `dot` processes run in parallel; default: up to 4.

    Returns:
        The written paths, sorted.

    Raises:
        RenderError: `dot` is missing or failed, a format is unknown, or a file cannot be written.
        NotFoundError: A filter names an unknown actor or document.
    """
    fmts = list(dict.fromkeys(formats))
    for fmt in fmts:
        if fmt not in (*FORMATS, "dot"):
            raise RenderError(f"unknown output format {fmt!r}; use any of: {', '.join((*FORMATS, 'dot'))}")
    texts = {name: to_dot(diagram) for name, diagram in views(amap, filters=filters, style=style, base_url=base_url)}
    tasks = [(name, fmt) for name in texts for fmt in fmts]
    # dot runs in its own process, so threads give real parallelism here.
    with ThreadPoolExecutor(max_workers=jobs or min(4, os.cpu_count() or 1)) as pool:
        results = pool.map(
            lambda t: texts[t[0]].encode("utf-8") if t[1] == "dot" else dot_to(texts[t[0]], t[1], timeout=timeout),
            tasks,
        )
        outputs = {f"{name}.{fmt}": data for (name, fmt), data in zip(tasks, results, strict=True)}

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RenderError(f"cannot create output directory {out}: {e.strerror or e}") from None
    _remove_orphans(out)
    for filename, data in outputs.items():
        _write(out / filename, data)
    manifest = out / MANIFEST
    previous = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    for filename in previous:
        stale = out / filename
        if filename not in outputs and _OWN_NAME.match(filename) and stale.is_file() and not stale.is_symlink():
            stale.unlink()
    header = "# Files written by `argmap render`; the next run replaces or removes them.\n"
    _write(manifest, (header + "".join(f"{f}\n" for f in sorted(outputs))).encode("utf-8"))
    return sorted(out / f for f in outputs)
