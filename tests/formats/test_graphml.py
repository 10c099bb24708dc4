"""GraphML export, read back by networkx (an independent GraphML reader) and by ElementTree against
the GraphML structure (keys declared before use, typed data, edges between declared nodes).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from argmap.formats.graphml import NS, to_graphml

from .conftest import HOSTILE

nx = pytest.importorskip("networkx")


def test_graphml_read_by_networkx(rich_map):
    text = to_graphml(rich_map)
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert isinstance(graph, nx.DiGraph)
    assert sorted(graph.nodes) == sorted(c.id for c in rich_map.claims)
    assert sorted(graph.edges) == sorted((lk.source, lk.target) for lk in rich_map.links)
    docs = {d.id: d for d in rich_map.documents}
    for c in rich_map.claims:
        attrs = graph.nodes[c.id]
        assert attrs["text"] == c.text and attrs["kind"] == c.kind.value and attrs["status"] == c.status.value
        assert attrs["document"] == c.document and attrs["confidence"] == pytest.approx(c.confidence)
        assert (attrs["start"], attrs["end"]) == c.spans.content[0]
        assert docs[c.document].text[attrs["start"]:attrs["end"]] == c.text
        assert attrs.get("actor") == c.actor
    hostile = next(c for c in rich_map.claims if c.text == HOSTILE)
    assert graph.nodes[hostile.id]["text"] == HOSTILE  # escaped in the XML, intact when read
    pdf_claim = next(c for c in rich_map.claims if c.text == "the drone had violated Algerian airspace")
    assert graph.nodes[pdf_claim.id]["page"] == 2
    for lk in rich_map.links:
        attrs = graph.edges[lk.source, lk.target]
        assert attrs["relation"] == lk.relation.value and attrs["status"] == lk.status.value
        assert attrs["symmetric"] is lk.relation.symmetric


def test_graphml_structure(rich_map):
    root = ET.fromstring(to_graphml(rich_map).encode("utf-8"))
    assert root.tag == f"{{{NS}}}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{{{NS}}}key")}
    assert all(k.get("attr.type") in {"string", "int", "double", "boolean"} for k in keys.values())
    (graph,) = root.findall(f"{{{NS}}}graph")
    assert graph.get("edgedefault") == "directed"
    node_ids = {n.get("id") for n in graph.findall(f"{{{NS}}}node")}
    for el in graph.iter(f"{{{NS}}}data"):
        assert el.get("key") in keys
    for edge in graph.findall(f"{{{NS}}}edge"):
        assert edge.get("source") in node_ids and edge.get("target") in node_ids
    assert "<img" not in to_graphml(rich_map)
    assert to_graphml(rich_map) == to_graphml(rich_map.sorted())


def test_graphml_drops_characters_xml_cannot_hold(rich_map):
    claim = rich_map.claims[0].model_copy(update={"note": "bell\x07 and null\x00"})
    amap = rich_map.model_copy(update={"claims": [claim, *rich_map.claims[1:]]})
    ET.fromstring(to_graphml(amap).encode("utf-8"))  # parses: no control characters left
