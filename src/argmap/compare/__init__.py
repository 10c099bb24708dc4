"""Narrative comparison of two actors or sides (`argmap compare A B`).

`compare(amap, a, b, ...)` turns an ArgumentMap into a `Comparison` (build.py; pure): points of
contention, agreements, unanswered claims, a timeline and third parties, every row citing its
document, date and sentence. The writers print a Comparison as JSON, Markdown or CSV (writers.py)
and HTML (html.py), all pure; report.py draws the map through argmap.render (Graphviz) and picks
the writer for a format. docs/compare.md explains the report and how claims are grouped.

Example:
    >>> from argmap.compare import compare, report
    >>> cmp = compare(store.load_map(), "Mali", "Algeria")
    >>> html = report(store.load_map(), cmp, "html")
"""

from .build import compare
from .html import render_body, report_css, to_html
from .model import Comparison
from .report import map_diagram, map_svg, report
from .writers import FORMATS, to_csv, to_json, to_markdown

__all__ = [
    "FORMATS", "Comparison", "compare", "map_diagram", "map_svg", "render_body", "report", "report_css", "to_csv",
    "to_html", "to_json", "to_markdown",
]
