"""Rendering: ArgumentMap -> Diagram (view model) -> DOT text -> SVG/PNG/PDF via Graphviz.

Each step is a separate function and only the last one (svg.py) runs a subprocess or writes files.

Example:
    >>> from argmap.render import views, to_dot, dot_to
    >>> for name, diagram in views(amap):
    ...     svg = dot_to(to_dot(diagram), "svg")
"""

from .diagram import Diagram, DisputeView, ViewFilter, dispute_index, iter_views, to_diagram, views
from .dot import to_dot
from .style import DiagramStyle
from .svg import ViewFailure, dot_to, render_views

__all__ = [
    "Diagram", "DiagramStyle", "DisputeView", "ViewFailure", "ViewFilter", "dispute_index", "dot_to", "iter_views",
    "render_views", "to_diagram", "to_dot", "views",
]
