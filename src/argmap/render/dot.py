"""Diagram -> DOT text: the Graphviz syntax of a map, and the one function that escapes text for it.

This module makes no decisions about content (diagram.py did) and runs nothing (svg.py does). Its
output is deterministic: clusters, nodes and edges are written in a fixed order and there are no
timestamps or version strings, so the same Diagram gives the same bytes.

Escaping: every piece of text that reaches the DOT file, whether it sits in an HTML-like label
(`<...>`) or in a quoted attribute (`"..."`), goes through `escape`, and every attribute value is
written through `_quote` or as an HTML label built from escaped pieces. See `escape` for why one
encoding is safe in both places.
"""

from __future__ import annotations

import re

from argmap.model import Relation, Status

from .diagram import Cluster, Diagram, Edge, Node, Run
from .overview import ActorOverview
from .style import DiagramStyle

# Characters that must not reach Graphviz or the SVG: C0/C1 controls (invalid in XML), lone
# surrogates and non-characters (not encodable / not XML), and bidi overrides (they can make a label
# read backwards).
_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_ENTITIES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "\n": "&#10;",
        # Graphviz expands backslash sequences (\N = node name, \G, \L ...) in labels, tooltips and
        # URLs, and un-escapes tooltips twice (2.43), so no backslash encoding is stable across
        # attributes and versions. A look-alike (U+2216 SET MINUS) keeps the text readable and inert.
        "\\": "\u2216",
    }
)


def escape(text: str) -> str:
    """Make `text` safe and literal inside a DOT HTML-like label *and* inside a DOT quoted string.

    XML entities suit both places: in an HTML-like label Graphviz decodes them to the literal
    characters and re-escapes them in the SVG; in a quoted string (`tooltip`, `URL`, ids) the DOT
    lexer sees no `"` or backslash, and Graphviz copies the entities into the SVG attribute as they
    are, where an XML parser decodes them. So `<script>`, `"]; evil [`, `&amp;`, braces and
    newlines all come out as the same visible text and never as markup or DOT syntax.

    Newlines become `&#10;` (line breaks in tooltips); labels are built from single lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _DROP.sub("", text).translate(_ENTITIES)


def _inline(text: str) -> str:
    """`escape(text)` for the inside of <B>, <I> or <FONT>: never empty or blank, because Graphviz
    rejects an inline element holding nothing (a title of bidi controls escapes to "") or only a
    line break or tab as a syntax error."""
    return escape(text) if _DROP.sub("", text).strip() else "&#160;"  # whitespace alone fails too


class _Html(str):
    """An HTML-like label assembled from `escape`d text and fixed tags (written as `<...>`)."""


def _quote(value: object) -> str:
    if isinstance(value, _Html):
        # Graphviz 2.43's HTML-label lexer fails on text that starts with "]" ("syntax error in
        # line 1"); the fixed tags hold none, so every "]" of a label is text and becomes an entity
        return f"<{value.replace(']', '&#93;')}>"
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, float):
        value = f"{value:g}"
    return f'"{escape(str(value))}"'


def _attrs(pairs: dict[str, object]) -> str:
    """`[k="v", ...]` for the pairs whose value is not None, in the given order."""
    return "[" + ", ".join(f"{k}={_quote(v)}" for k, v in pairs.items() if v is not None) + "]"


def _font(text: str, *, size: float | None = None, color: str | None = None) -> str:
    attrs = ""
    if size is not None:
        attrs += f' POINT-SIZE="{escape(f"{size:g}")}"'
    if color is not None:
        attrs += f' COLOR="{escape(color)}"'
    return f"<FONT{attrs}>{text}</FONT>" if attrs else text


_BR = '<BR ALIGN="LEFT"/>'


def _run(run: Run, style: DiagramStyle) -> str:
    if run.quoted:
        return _font(f"<I>{_inline(run.text)}</I>", color=style.quote_color)
    return escape(run.text)


def node_label(node: Node, style: DiagramStyle) -> _Html:
    """Speech-act line (small, grey, act in bold) over the left-aligned, wrapped claim text."""
    head = f"<B>{_inline(node.act)}</B>" + (f" {escape(node.act_detail)}" if node.act_detail else "")
    parts = [_font(head, size=style.act_fontsize, color=style.act_color), _BR]
    for line in node.lines:
        parts.append("".join(_run(run, style) for run in line) + _BR)
    return _Html("".join(parts))


def _cluster_label(cluster: Cluster, style: DiagramStyle) -> _Html:
    label = f"<B>{_inline(cluster.label)}</B>" + _BR
    if cluster.sublabel:
        label += _font(_inline(cluster.sublabel), size=style.edge_fontsize, color=style.note_color) + _BR
    return _Html(label)


def _title(diagram: Diagram) -> _Html:
    s = diagram.style
    title = _font(f"<B>{_inline(diagram.title)}</B>", size=s.title_fontsize) + _BR
    if diagram.subtitle:
        title += _font(_inline(diagram.subtitle), size=s.edge_fontsize, color=s.note_color) + _BR
    return _Html(title)


def _node(node: Node, style: DiagramStyle, indent: str) -> str:
    attrs = {
        "id": node.id,
        "class": f"claim {node.status.value}",
        "label": node_label(node, style),
        "tooltip": node.tooltip,
        "URL": node.url,
        "target": "_top" if node.url else None,
        "color": node.color,
        "fillcolor": node.fill,
        "style": node.style,
        "penwidth": node.penwidth,
    }
    return f"{indent}{_quote(node.id)} {_attrs(attrs)};"


def _edge(edge: Edge) -> str:
    attrs = {
        "id": edge.id,
        "class": f"link {edge.relation.value} {edge.status.value}",
        # xlabel, not label: an edge label becomes a node in dot's ranking, which makes Graphviz
        # 2.43 fail ("trouble in init_rank") on edges between nested clusters and widens the map.
        "xlabel": edge.label,
        "tooltip": edge.tooltip,
        "color": edge.color,
        "fontcolor": edge.color,
        "penwidth": edge.penwidth,
        "style": edge.line,
        "dir": edge.dir,
        "arrowhead": edge.arrowhead,
        "arrowtail": edge.arrowtail,
        "constraint": None if edge.constraint else False,
    }
    return f"  {_quote(edge.source)} -> {_quote(edge.target)} {_attrs(attrs)};"


_LINE = {"solid": ("─", "━"), "dashed": ("╌", "╍"), "dotted": ("┈", "┉")}
_HEAD = {"normal": "▶", "vee": "▶", "empty": "▷", "onormal": "▷", "tee": "┫", "dot": "●", "odot": "○", "diamond": "◆"}
_TAIL = {"tee": "┣", "dot": "●", "odot": "○", "diamond": "◆", "normal": "◀", "vee": "◀", "empty": "◁", "onormal": "◁"}


def _edge_glyph(relation: Relation, status: Status, style: DiagramStyle) -> str:
    """A text picture of an edge (line, heads) for the legend, derived from the style itself."""
    es = style.edge_style(relation)
    light, heavy = _LINE[es.line or style.status_line.get(status, "solid")]
    line = (heavy if es.penwidth >= 2 else light) * 5
    head = _HEAD.get(es.arrowhead, "") if es.dir in ("forward", "both") else ""
    tail = _TAIL.get(es.arrowtail, "") if es.dir == "both" else ""
    return tail + line + head


def _legend(diagram: Diagram) -> list[str]:
    """The legend: one HTML table node with edge pictures, a sample claim layout, and the notes."""
    s = diagram.style

    def row(left: str, right: str, color: str | None = None) -> str:
        return (
            f'<TR><TD ALIGN="LEFT">{_font(left, color=color)}</TD>'
            f'<TD ALIGN="LEFT">{_font(right, color=s.note_color)}</TD></TR>'
        )

    rows = ['<TR><TD ALIGN="LEFT" COLSPAN="2"><B>Legend</B></TD></TR>']
    words = {
        Relation.supports: "the arrow points at the claim supported",
        Relation.contradicts: "the two claims cannot both be true",
        Relation.restates: "the same point, said again",
    }
    for rel in Relation:
        es = s.edge_style(rel)
        rows.append(
            row(f"<B>{escape(_edge_glyph(rel, Status.accepted, s))}</B>", escape(f"{es.label}: {words[rel]}"), es.color)
        )
    proposed = s.edge_style(Relation.contradicts)
    rows.append(
        row(
            f"<B>{escape(_edge_glyph(Relation.contradicts, Status.proposed, s))}</B>",
            escape(f"dashed line or box, “{s.status_suffix.get(Status.proposed, '')}” = proposed, not yet reviewed"),
            proposed.color,
        )
    )
    rows.append(row(escape("thin line, “??”"), escape(f"a weak proposal (confidence under {s.weak_confidence:.2f}): a best guess")))
    rows.append(row(escape("solid line or box"), escape("accepted by a reviewer")))
    rows.append(
        row(f"<B>{escape('ACT')}</B> {escape('→ target')}", escape("speech act of the claim, and whom it targets"))
    )
    rows.append(row(f"<I>{escape('“quoted”')}</I>", escape("verbatim words from the source"), s.quote_color))
    rows.append(row(escape("frame"), escape("one actor (sub-actors inside); colour = side")))
    rows.append(row(escape("hover"), escape("source sentence, document, date, confidence")))
    for note in diagram.legend.notes:
        rows.append(f'<TR><TD ALIGN="LEFT" COLSPAN="2">{_font(_inline(note), color=s.text_color)}</TD></TR>')
    table = (
        '<TABLE BORDER="1" COLOR="#BBBBBB" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        + "".join(rows)
        + "</TABLE>"
    )
    label = _Html(_font(table, size=s.edge_fontsize))
    attrs = {"id": "legend", "class": "legend", "shape": "plaintext", "margin": 0, "label": label, "tooltip": "Legend"}
    return [f"  {_quote('_legend')} {_attrs(attrs)};"]


def overview_to_dot(view: ActorOverview) -> str:
    """Print the actor overview: camp frames holding actor boxes, one weighted line per actor pair
    and relation. Deterministic and escaped like `to_dot`."""
    s = view.style
    lines = [f"digraph {_quote(view.name)} {{"]
    title = _font(f"<B>{_inline(view.title)}</B>", size=s.title_fontsize) + _BR
    title += _font(_inline(view.subtitle), size=s.edge_fontsize, color=s.note_color) + _BR
    for note in view.notes:
        title += _font(_inline(note), size=s.edge_fontsize, color=s.note_color) + _BR
    graph = {
        "charset": "UTF-8",
        "layout": s.overview_layout,
        "rankdir": s.rankdir,
        "fontname": s.fontname,
        "fontsize": s.cluster_fontsize,
        "label": _Html(title),
        "labelloc": "t",
        "labeljust": "l",
        "tooltip": view.title,
        "nodesep": 0.35,
        "ranksep": 1.1,
        "outputorder": "edgesfirst",
        "pad": 0.3,
        "bgcolor": "#FFFFFF",
        "size": f"{s.overview_width:g},1000",
        "overlap": "false" if s.overview_layout != "dot" else None,
        "sep": "+12" if s.overview_layout != "dot" else None,
    }
    lines.append(f"  graph {_attrs(graph)};")
    lines.append(f"  node {_attrs({'shape': 'box', 'style': 'rounded,filled', 'fontname': s.fontname, 'fontsize': s.cluster_fontsize, 'fontcolor': s.text_color, 'margin': '0.12,0.06'})};")
    lines.append(f"  edge {_attrs({'fontname': s.fontname, 'fontsize': s.edge_fontsize + 1, 'arrowsize': 0.8})};")

    def node(n) -> str:
        label = _Html(f"<B>{_inline(n.label)}</B>{_BR}" + _font(_inline(n.sublabel), size=s.edge_fontsize, color=s.note_color) + _BR)
        attrs = {"id": f"actor:{n.id}", "class": "actor", "label": label, "tooltip": n.tooltip, "color": n.color,
                 "fillcolor": n.fill, "penwidth": 1.4}
        return f"{_quote(n.id)} {_attrs(attrs)};"

    by_camp: dict[str | None, list] = {}
    for n in view.nodes:
        by_camp.setdefault(n.camp, []).append(n)
    for camp in view.camps:
        lines.append(f"  subgraph {_quote('cluster_' + camp.id)} {{")
        attrs = {"class": "camp", "label": _Html(f"<B>{_inline(camp.label)}</B>"), "tooltip": camp.tooltip,
                 "style": "rounded,filled", "color": camp.color, "fillcolor": camp.fill, "penwidth": 1.6, "labeljust": "l"}
        lines.append(f"    graph {_attrs(attrs)};")
        lines.extend("    " + node(n) for n in by_camp.get(camp.id, []))
        lines.append("  }")
    known = {c.id for c in view.camps}
    lines.extend("  " + node(n) for camp, nodes in by_camp.items() if camp not in known for n in nodes)
    for e in view.edges:
        attrs = {"id": e.id, "class": f"actor-link {e.relation.value}", "xlabel": e.label, "tooltip": e.tooltip,
                 "color": e.color, "fontcolor": e.color, "penwidth": e.penwidth, "dir": e.dir,
                 "arrowhead": e.arrowhead, "arrowtail": e.arrowtail, "weight": e.weight}
        lines.append(f"  {_quote(e.source)} -> {_quote(e.target)} {_attrs(attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_dot(diagram: Diagram | ActorOverview) -> str:
    """Print `diagram` as DOT text: deterministic, every text escaped, HTML-like labels.

    Clusters are written nested (side > actor > sub-actor) in their `order`, claims inside their
    actor's cluster in corpus order (document, then offset, then id: reading order), edges last,
    sorted by link id. The actor overview is printed by `overview_to_dot`.
    """
    if isinstance(diagram, ActorOverview):
        return overview_to_dot(diagram)
    s = diagram.style
    lines = [f"digraph {_quote(diagram.name)} {{"]
    graph = {
        "charset": "UTF-8",
        "rankdir": s.rankdir,
        "fontname": s.fontname,
        "fontsize": s.cluster_fontsize,
        "label": _title(diagram),
        "labelloc": "t",
        "labeljust": "l",
        "tooltip": diagram.tooltip or diagram.title,
        "nodesep": s.nodesep,
        "ranksep": s.ranksep,
        "outputorder": "edgesfirst",
        "pad": 0.3,
        "bgcolor": "#FFFFFF",
    }
    lines.append(f"  graph {_attrs(graph)};")
    node_defaults = {
        "shape": s.node_shape,
        "fontname": s.fontname,
        "fontsize": s.fontsize,
        "fontcolor": s.text_color,
        "margin": "0.14,0.08",
    }
    lines.append(f"  node {_attrs(node_defaults)};")
    lines.append(f"  edge {_attrs({'fontname': s.fontname, 'fontsize': s.edge_fontsize, 'arrowsize': 0.9})};")

    clusters = sorted(diagram.clusters, key=lambda c: (c.order, c.id))
    children: dict[str | None, list[Cluster]] = {}
    for cluster in clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    nodes_in: dict[str, list[Node]] = {}
    for node in sorted(diagram.nodes, key=lambda n: (n.order, n.id)):
        nodes_in.setdefault(node.cluster, []).append(node)

    def emit(cluster: Cluster, depth: int) -> None:
        ind = "  " * depth
        lines.append(f"{ind}subgraph {_quote('cluster_' + cluster.id)} {{")
        attrs = {
            "class": cluster.kind,
            "label": _cluster_label(cluster, s),
            "tooltip": cluster.tooltip or cluster.label,
            "style": "rounded,filled",
            "color": cluster.color,
            "fillcolor": cluster.fill,
            "penwidth": 1.6 if cluster.kind == "side" else 1.1,
            "labeljust": "l",
            "fontsize": s.cluster_fontsize + (1 if cluster.kind == "side" else 0),
        }
        lines.append(f"{ind}  graph {_attrs(attrs)};")
        for child in children.get(cluster.id, []):
            emit(child, depth + 1)
        for node in nodes_in.get(cluster.id, []):
            lines.append(_node(node, s, ind + "  "))
        lines.append(f"{ind}}}")

    known = {c.id for c in clusters}
    for cluster in children.get(None, []):
        emit(cluster, 1)
    for cluster in clusters:  # a cluster whose parent is missing is drawn at the top level
        if cluster.parent is not None and cluster.parent not in known:
            emit(cluster, 1)
    for cid, nodes in sorted(nodes_in.items(), key=lambda kv: kv[0]):
        if cid not in known:  # a node whose cluster is missing is drawn unframed
            lines.extend(_node(node, s, "  ") for node in nodes)
    for edge in sorted(diagram.edges, key=lambda e: e.id):
        lines.append(_edge(edge))
    if diagram.legend.show:
        lines.extend(_legend(diagram))
    lines.append("}")
    return "\n".join(lines) + "\n"
