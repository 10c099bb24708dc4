"""Reports of a comparison in every format, with the map drawn through argmap.render.

The one module of compare/ that reaches Graphviz (through `argmap.render.dot_to`, the I/O edge of
rendering); it writes no file itself: the CLI and the review app decide where the text goes.
"""

from __future__ import annotations

from argmap.errors import RenderError
from argmap.model import ArgumentMap, Status
from argmap.render import Diagram, ViewFilter, dot_to, to_diagram, to_dot

from .html import to_html
from .model import Comparison
from .writers import FORMATS, to_csv, to_json, to_markdown


def map_diagram(amap: ArgumentMap, cmp: Comparison, *, base_url: str | None = None) -> Diagram:
    """The map of a comparison: the claims of both parties and of third parties linked to them."""
    statuses = {Status.accepted, Status.edited} if cmp.filters.accepted_only else {
        Status.proposed, Status.accepted, Status.edited}
    return to_diagram(amap, filters=ViewFilter(statuses=frozenset(statuses)), claims=cmp.map_claims,
                      name="compare", title=cmp.title, base_url=base_url)


def map_svg(amap: ArgumentMap, cmp: Comparison, *, base_url: str | None = None) -> bytes:
    """The comparison map as SVG bytes (runs Graphviz `dot`).

    Raises:
        RenderError: Graphviz is missing or failed.
    """
    return dot_to(to_dot(map_diagram(amap, cmp, base_url=base_url)), "svg")


def report(amap: ArgumentMap, cmp: Comparison, fmt: str, *, map_file: str | None = None) -> str:
    """The report of `cmp` as text in `fmt` ("html", "md", "csv" or "json").

    The HTML report embeds the map; when Graphviz is missing it says so in place of the map rather
    than failing (the rest of the report does not need it). `map_file` is the map's path for the
    Markdown report to link to (the CLI writes it next to the report), or None.

    Raises:
        ValueError: unknown format.
    """
    if fmt == "json":
        return to_json(cmp)
    if fmt == "md":
        return to_markdown(cmp, map_file=map_file)
    if fmt == "csv":
        return to_csv(cmp)
    if fmt == "html":
        svg, note = None, None
        if cmp.map_claims:
            try:
                svg = map_svg(amap, cmp)
            except RenderError as exc:
                note = f"The map could not be drawn: {exc}"
        else:
            note = "No claims to draw."
        return to_html(cmp, svg, map_note=note)
    raise ValueError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")
