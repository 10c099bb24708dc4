"""Comparison -> HTML: the self-contained report file and the body the review app embeds (pure).

The report is one file: CSS inlined, the map embedded as an <img> with an SVG data URI (an SVG
shown through <img> never runs script, whatever it contains), and a Content-Security-Policy that
allows no script at all. Every text goes through Jinja's autoescape; claim texts are cut into
pieces in Python (verbatim quotes, the highlighted content in its sentence), never into markup.
"""

from __future__ import annotations

import base64
import functools
from importlib import resources

import jinja2
from markupsafe import Markup

from ..model import web_url
from ..render.style import _default_acts
from .model import ClaimRef, Comparison, Row
from .writers import _short, headline, quoted_segments, ranked_points

#: the verb shown for a speech act: the diagrams' default labels (one home: `render.style`)
_ACTS = {act.value: label for act, label in _default_acts().items()}


def _verbatim(ref: ClaimRef) -> list[tuple[str, bool]]:
    return quoted_segments(" ".join(ref.text.split()), ref.quotes)


def _sentence_parts(ref: ClaimRef) -> list[tuple[str, bool]]:
    """The claim's sentence cut into (piece, is_content) runs (content offsets are into the sentence)."""
    text = ref.source.sentence
    cuts = sorted({0, len(text), *(x for span in ref.source.content_in_sentence for x in span)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        marked = any(s <= a and b <= e for s, e in ref.source.content_in_sentence)
        out.append((text[a:b], marked))
    return out


def _basis(row: Row) -> str:
    if row.basis == "link":
        conf = f", {row.confidence:.2f}" if row.confidence is not None else ""
        return f"stored link ({row.link_status}{conf})"
    if row.basis == "derived":
        return "derived from links and rejections"
    if row.basis == "topic":
        return "shared key terms" + (f" ({row.confidence:.2f})" if row.confidence else "")
    return ""


def _safe_url(url: str | None) -> bool:
    """Only absolute http(s) links are shown as links (`model.web_url`; a 'javascript:' href would run)."""
    return web_url(url) is not None


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("argmap.compare", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(verbatim=_verbatim, sentence_parts=_sentence_parts, basis=_basis, safe_url=_safe_url,
                       act=lambda kind: _ACTS.get(kind, kind), short=lambda t, n: _short(t, n), headline=headline)
    env.globals.update(ranked_points=ranked_points)
    return env


@functools.lru_cache(maxsize=1)
def report_css() -> str:
    """The report's stylesheet (inlined in reports; the review app serves it as a file)."""
    return resources.files("argmap.compare").joinpath("templates/report.css").read_text("utf-8")


def svg_data_uri(svg: bytes) -> str:
    """An <img>-ready data URI of an SVG (base64: nothing in it can break out of the attribute)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def filters_text(cmp: Comparison) -> str:
    f = cmp.filters
    parts = []
    if f.documents:
        parts.append(f"{len(f.documents)} document{'s' if len(f.documents) != 1 else ''}")
    if f.since:
        parts.append(f"since {f.since}")
    if f.until:
        parts.append(f"until {f.until}")
    if f.accepted_only:
        parts.append("accepted only")
    return ", ".join(parts)


def _context(cmp: Comparison, svg: bytes | None, map_note: str | None) -> dict:
    return {
        "cmp": cmp,
        "map_uri": svg_data_uri(svg) if svg else None,
        "map_note": map_note,
        "filters_text": filters_text(cmp),
    }


def render_body(cmp: Comparison, svg: bytes | None = None, *, map_note: str | None = None) -> Markup:
    """The report's header and sections, for embedding in another page (the review app)."""
    return Markup(_env().get_template("body.html.j2").render(**_context(cmp, svg, map_note)))


def to_html(cmp: Comparison, svg: bytes | None = None, *, map_note: str | None = None) -> str:
    """The self-contained HTML report.

    Args:
        cmp: the comparison.
        svg: the map as SVG bytes (see report.map_svg), embedded as an <img>; None for no map.
        map_note: what to say instead of the map when there is none (e.g. Graphviz is missing).
    """
    return _env().get_template("report.html.j2").render(css=report_css(), **_context(cmp, svg, map_note))
