"""GraphML export: claims as nodes, links as directed edges, with their attributes as typed GraphML data.

This module owns the GraphML writing of a map (http://graphml.graphdrawing.org/), readable by
networkx, Gephi, yEd and Cytoscape: every node is a claim (its text, actor, speech act, document,
offsets, review fields), every edge a link (relation, confidence, status, method, reason). Values
that are unset are left out. The XML is written by ElementTree, so every text is escaped; characters
XML cannot hold (control characters) are dropped, and a document URL that is not http(s) is left
out. Pure: returns text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from ..model import ArgumentMap, web_url

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

#: (name, GraphML type) of the node and edge attributes, in the order they are written.
NODE_KEYS = [
    ("label", "string"), ("text", "string"), ("actor", "string"), ("actor_name", "string"), ("side", "string"),
    ("source_text", "string"), ("cue", "string"), ("kind", "string"), ("document", "string"),
    ("document_title", "string"), ("url", "string"), ("published", "string"), ("start", "int"), ("end", "int"),
    ("spans", "string"), ("page", "int"), ("confidence", "double"), ("status", "string"), ("rule", "string"),
    ("hedged", "boolean"), ("target", "string"), ("rating", "string"), ("rating_note", "string"),
]
EDGE_KEYS = [
    ("relation", "string"), ("symmetric", "boolean"), ("confidence", "double"), ("status", "string"),
    ("method", "string"), ("reason", "string"), ("reviewer", "string"),
]
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _value(value, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "int":
        return str(int(value))
    return _NOT_XML.sub("", str(value))


def _data(parent: ET.Element, prefix: str, keys, values: dict) -> None:
    for name, kind in keys:
        value = values.get(name)
        if value is None or value == "":
            continue
        ET.SubElement(parent, f"{{{NS}}}data", key=f"{prefix}_{name}").text = _value(value, kind)


def to_graphml(amap: ArgumentMap) -> str:
    """The map as a GraphML document (UTF-8 text, nodes and edges sorted by the map's order)."""
    amap = amap.sorted()
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}graphml", {f"{{{XSI}}}schemaLocation": SCHEMA})
    for prefix, domain, keys in (("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, f"{{{NS}}}key", {"id": f"{prefix}_{name}", "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{NS}}}graph", id="argmap", edgedefault="directed")
    docs = {d.id: d for d in amap.documents}
    actors = {a.id: a for a in amap.actors}
    ids = set()
    for c in amap.claims:
        doc, actor = docs.get(c.document), actors.get(c.actor or "")
        node = ET.SubElement(graph, f"{{{NS}}}node", id=c.id)
        ids.add(c.id)
        start, end = c.spans.content[0][0], c.spans.content[-1][1]
        _data(node, "n", NODE_KEYS, {
            "label": f"{actor.name if actor else (c.actor or 'Unattributed')}: {c.text}",
            "text": c.text, "actor": c.actor, "actor_name": actor.name if actor else None,
            "side": actor.side if actor else None, "source_text": c.source_text, "cue": c.cue, "kind": c.kind.value,
            "document": c.document, "document_title": doc.title if doc else None, "url": web_url(doc.url) if doc else None,
            "published": doc.published.isoformat() if doc and doc.published else None, "start": start, "end": end,
            "spans": json.dumps(c.spans.model_dump(mode="json")["content"]), "page": doc.page_of(start) if doc else None,
            "confidence": c.confidence, "status": c.status.value, "rule": c.rule, "hedged": c.hedged,
            "target": c.target, "rating": c.rating.value if c.rating else None, "rating_note": c.rating_note,
        })
    for link in amap.links:
        if link.source not in ids or link.target not in ids:
            continue
        edge = ET.SubElement(graph, f"{{{NS}}}edge", id=link.id, source=link.source, target=link.target)
        _data(edge, "e", EDGE_KEYS, {
            "relation": link.relation.value, "symmetric": link.relation.symmetric, "confidence": link.confidence,
            "status": link.status.value, "method": link.method, "reason": link.reason, "reviewer": link.reviewer,
        })
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
