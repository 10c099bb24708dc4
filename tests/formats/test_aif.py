"""AIF export and import: the shape OVA3 / AIFdb use (checked with a JSON Schema written from
/work/shared/AIF.md, not from our code), the anchoring patterns, lossless round trips through the
store, and plain AIF files without argmap's block (as OVA writes them).
"""

from __future__ import annotations

import copy
import json
from collections import Counter

import jsonschema
import pytest

from argmap.errors import InputError
from argmap.formats import import_data
from argmap.formats.aif import from_aif, to_aif
from argmap.model import ArgumentMap, Relation, Status
from argmap.store import open_store
from argmap.store.sqlite import dumps_map

_ID = {"type": ["string", "integer"]}
_TIME = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"}
#: The AIF / xAIF JSON shape of OVA3's genjson() and AIFdb (docs: /work/shared/AIF.md).
AIF_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["AIF"],
    "properties": {
        "AIF": {
            "type": "object",
            "required": ["nodes", "edges", "locutions", "participants"],
            "properties": {
                "nodes": {"type": "array", "items": {
                    "type": "object", "required": ["nodeID", "text", "type"], "additionalProperties": False,
                    "properties": {"nodeID": _ID, "text": {"type": "string"},
                                   "type": {"enum": ["I", "L", "RA", "CA", "MA", "PA", "TA", "YA"]}, "timestamp": _TIME}}},
                "edges": {"type": "array", "items": {
                    "type": "object", "required": ["edgeID", "fromID", "toID"], "additionalProperties": False,
                    "properties": {"edgeID": _ID, "fromID": _ID, "toID": _ID, "formEdgeID": {"type": "null"}}}},
                "locutions": {"type": "array", "items": {
                    "type": "object", "required": ["nodeID", "personID"],
                    "properties": {"nodeID": _ID, "personID": _ID, "start": _TIME, "end": _TIME, "timestamp": _TIME}}},
                "participants": {"type": "array", "items": {
                    "type": "object", "required": ["participantID", "firstname", "surname"], "additionalProperties": False,
                    "properties": {"participantID": _ID, "firstname": {"type": "string"}, "surname": {"type": "string"}}}},
                "schemefulfillments": {"type": "array", "items": {
                    "type": "object", "required": ["nodeID", "schemeID"],
                    "properties": {"nodeID": _ID, "schemeID": {"type": ["string", "integer"]}}}},
                "descriptorfulfillments": {"type": "array"},
            },
        },
        "text": {"type": "string"},
        "dialog": {"type": "boolean"},
    },
}


def _graph(aif: dict):
    nodes = {n["nodeID"]: n for n in aif["AIF"]["nodes"]}
    out, inc = {}, {}
    for e in aif["AIF"]["edges"]:
        out.setdefault(e["fromID"], []).append(e["toID"])
        inc.setdefault(e["toID"], []).append(e["fromID"])
    return nodes, out, inc


def test_aif_export_matches_the_ova_shape(rich_map):
    aif = to_aif(rich_map)
    jsonschema.validate(aif, AIF_SCHEMA)
    nodes, _out, inc = _graph(aif)
    # ids unique; every edge joins two nodes
    assert len(nodes) == len(aif["AIF"]["nodes"])
    assert all(e["fromID"] in nodes and e["toID"] in nodes for e in aif["AIF"]["edges"])
    assert Counter(n["type"] for n in nodes.values()) == {"I": 5, "L": 5, "YA": 5, "RA": 1, "CA": 1, "MA": 1}
    # L -> YA(Asserting) -> I for every claim, and "Speaker: text" L-nodes
    by_claim = {c["nodeID"]: c for c in aif["argmap"]["claims"]}
    for nid, node in nodes.items():
        if node["type"] == "I":
            (ya,) = [i for i in inc[nid] if nodes[i]["type"] == "YA"]
            assert nodes[ya]["text"] == "Asserting"
            (lnode,) = inc[ya]
            assert nodes[lnode]["type"] == "L" and nodes[lnode]["text"].endswith(node["text"])
            assert by_claim[nid]["text"] == node["text"]
    assert any(n["text"].startswith("Government of Mali: ") for n in nodes.values() if n["type"] == "L")
    # one participant per speaking actor; the agentless claim has no locution
    names = {(p["firstname"], p["surname"]) for p in aif["AIF"]["participants"]}
    assert names == {("Algerian Ministry of Foreign", "Affairs"), ("Government of", "Mali"), ("FLA", "")}
    assert len(aif["AIF"]["locutions"]) == 4
    # schemes: Asserting 74, RA 72, CA 71, MA 144
    schemes = {nodes[s["nodeID"]]["type"] + ":" + s["schemeID"] for s in aif["AIF"]["schemefulfillments"]}
    assert schemes == {"YA:74", "RA:72", "CA:71", "MA:144"}


@pytest.mark.parametrize("relation, kind", [(Relation.supports, "RA"), (Relation.contradicts, "CA"), (Relation.restates, "MA")])
def test_aif_export_relation_direction(rich_map, relation, kind):
    aif = to_aif(rich_map)
    nodes, out, inc = _graph(aif)
    claim_of = {c["nodeID"]: c["id"] for c in aif["argmap"]["claims"]}
    link = next(lk for lk in rich_map.links if lk.relation is relation)
    (snode,) = [n for n, v in nodes.items() if v["type"] == kind]
    assert [claim_of[i] for i in inc[snode]] == [link.source]  # premise / attacker -> S-node
    assert [claim_of[i] for i in out[snode]] == [link.target]  # S-node -> conclusion / attacked


def test_aif_export_is_deterministic_and_text_is_escaped(rich_map):
    a, b = to_aif(rich_map), to_aif(ArgumentMap(**{k: v[::-1] if isinstance(v, list) else v for k, v in dict(rich_map).items()}))
    assert a == b
    # OVA's text panel is HTML: document text is escaped, only argmap's highlight spans are markup
    assert "<img" not in a["text"] and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in a["text"]
    assert a["text"].count('class="highlighted"') == 5


def test_aif_round_trip_is_lossless(rich_map):
    back = from_aif(json.loads(json.dumps(to_aif(rich_map))), name="map.json")
    assert back.notes == []
    assert dumps_map(back.map) == dumps_map(rich_map)


def test_aif_round_trip_through_the_cli_and_store(cli, rich_db, tmp_path):
    before = cli("--db", rich_db, "export", "--format", "json")
    assert cli("--db", rich_db, "export", "--format", "aif", "-o", "map.aif.json").exit_code == 0
    result = cli("--db", tmp_path / "fresh.db", "import", "map.aif.json")
    assert result.exit_code == 0, result.output
    assert "imported: 2 documents, 4 actors, 5 claims, 3 links" in result.stdout
    after = cli("--db", tmp_path / "fresh.db", "export", "--format", "json")
    assert after.stdout == before.stdout


def test_aif_import_follows_edits_made_in_ova(rich_map):
    """The AIF graph is the truth: a deleted CA, a new RA and an edited I-node text all count."""
    aif = to_aif(rich_map)
    nodes, _out, _inc = _graph(aif)
    ca = next(n for n, v in nodes.items() if v["type"] == "CA")
    aif["AIF"]["nodes"] = [n for n in aif["AIF"]["nodes"] if n["nodeID"] != ca]
    aif["AIF"]["edges"] = [e for e in aif["AIF"]["edges"] if ca not in (e["fromID"], e["toID"])]
    inodes = [c["nodeID"] for c in aif["argmap"]["claims"]]
    aif["AIF"]["nodes"].append({"nodeID": "900", "text": "Default Inference", "type": "RA"})
    aif["AIF"]["edges"] += [{"edgeID": "901", "fromID": inodes[0], "toID": "900"}, {"edgeID": "902", "fromID": "900", "toID": inodes[1]}]
    edited = next(n for n in aif["AIF"]["nodes"] if n["nodeID"] == inodes[2])
    edited["text"] = "An edited proposition"
    amap = from_aif(aif, name="edited.json").map
    relations = Counter(lk.relation for lk in amap.links)
    assert relations == {Relation.supports: 2, Relation.restates: 1}
    new = next(lk for lk in amap.links if lk.method == "aif")
    assert new.status is Status.accepted and "RA-node 900" in new.reason
    claim = next(c for c in amap.claims if c.text == "An edited proposition")
    assert claim.status is Status.edited


#: The minimal OVA example of /work/shared/AIF.md, without its argmap block.
OVA_EXAMPLE = {
    "AIF": {
        "nodes": [
            {"nodeID": "L1", "type": "L", "text": "Government of Algeria: the drone had taken \"an offensive trajectory\"", "timestamp": "2000-01-01 09:00:00"},
            {"nodeID": "L2", "type": "L", "text": "Government of Mali: [Mali] denounces a \"premeditated\" action", "timestamp": "2000-01-02 09:00:00"},
            {"nodeID": "I1", "type": "I", "text": "The drone had taken an offensive trajectory."},
            {"nodeID": "I2", "type": "I", "text": "The action against the Malian drone was premeditated."},
            {"nodeID": "Y1", "type": "YA", "text": "Asserting"},
            {"nodeID": "Y2", "type": "YA", "text": "Asserting"},
            {"nodeID": "T1", "type": "TA", "text": "Default Transition"},
            {"nodeID": "C1", "type": "CA", "text": "Default Conflict"},
            {"nodeID": "Y3", "type": "YA", "text": "Disagreeing"},
        ],
        "edges": [
            {"edgeID": "e1", "fromID": "L1", "toID": "Y1"}, {"edgeID": "e2", "fromID": "Y1", "toID": "I1"},
            {"edgeID": "e3", "fromID": "L2", "toID": "Y2"}, {"edgeID": "e4", "fromID": "Y2", "toID": "I2"},
            {"edgeID": "e5", "fromID": "L1", "toID": "T1"}, {"edgeID": "e6", "fromID": "T1", "toID": "L2"},
            {"edgeID": "e7", "fromID": "I2", "toID": "C1"}, {"edgeID": "e8", "fromID": "C1", "toID": "I1"},
            {"edgeID": "e9", "fromID": "T1", "toID": "Y3"}, {"edgeID": "e10", "fromID": "Y3", "toID": "C1"},
        ],
        "locutions": [
            {"nodeID": "L1", "personID": "P2", "start": "2000-01-01 09:00:00", "end": None},
            {"nodeID": "L2", "personID": "P1", "start": "2000-01-02 09:00:00", "end": None},
        ],
        "participants": [
            {"participantID": "P1", "firstname": "Government of", "surname": "Mali"},
            {"participantID": "P2", "firstname": "Government of", "surname": "Algeria"},
        ],
        "schemefulfillments": [{"nodeID": "C1", "schemeID": "71"}],
        "descriptorfulfillments": [],
    },
    "dialog": True,
    "text": "Algiers said the drone had taken <span id=\"nodeL1\" class=\"highlighted\">'an offensive trajectory'</span>. "
            "Bamako denounced <span id=\"nodeL2\" class=\"highlighted\">a 'premeditated' action</span>.",
}


def test_aif_import_plain_ova_file_without_argmap_block():
    result = from_aif(copy.deepcopy(OVA_EXAMPLE), name="ova.json")
    amap = result.map
    jsonschema.validate(OVA_EXAMPLE, AIF_SCHEMA)
    assert {a.id: a.name for a in amap.actors} == {"government-of-algeria": "Government of Algeria", "government-of-mali": "Government of Mali"}
    by_text = {c.text: c for c in amap.claims}
    assert by_text["The drone had taken an offensive trajectory."].actor == "government-of-algeria"
    assert by_text["The action against the Malian drone was premeditated."].actor == "government-of-mali"
    (link,) = amap.links
    assert link.relation is Relation.contradicts
    assert (link.source, link.target) == (by_text["The action against the Malian drone was premeditated."].id,
                                          by_text["The drone had taken an offensive trajectory."].id)
    # the reconstructed propositions are not in OVA's text: a synthetic document holds them
    (doc,) = amap.documents
    assert doc.format == "aif" and doc.path == "aif:ova.json"
    for c in amap.claims:
        (start, end), = c.spans.content
        assert doc.text[start:end] == c.text and c.status is Status.accepted
    assert any("synthetic" in n for n in result.notes)


def test_aif_import_locates_claims_in_ova_text_and_reads_speaker_prefixes():
    data = {
        "AIF": {
            "nodes": [
                {"nodeID": 1, "type": "L", "text": "Bamako: the aircraft never crossed the border"},
                {"nodeID": 2, "type": "I", "text": "the aircraft never crossed the border"},
                {"nodeID": 3, "type": "YA", "text": "Asserting"},
                {"nodeID": 4, "type": "L", "text": "Algiers: the drone had violated its airspace"},
                {"nodeID": 5, "type": "I", "text": "The drone violated Algerian airspace."},
                {"nodeID": 6, "type": "YA", "text": "Asserting"},
                {"nodeID": 7, "type": "MA", "text": "Default Rephrase"},
                {"nodeID": 8, "type": "CA", "text": "Default Conflict"},
                {"nodeID": 9, "type": "RA", "text": "Default Inference"},
            ],
            "edges": [
                {"edgeID": 1, "fromID": 1, "toID": 3}, {"edgeID": 2, "fromID": 3, "toID": 2},
                {"edgeID": 3, "fromID": 4, "toID": 6}, {"edgeID": 4, "fromID": 6, "toID": 5},
                {"edgeID": 5, "fromID": 2, "toID": 8}, {"edgeID": 6, "fromID": 8, "toID": 5},
                {"edgeID": 7, "fromID": 5, "toID": 9}, {"edgeID": 8, "fromID": 2, "toID": 7},  # RA without conclusion
            ],
            "locutions": [], "participants": [],
        },
        "text": "<p>Bamako said <span class=\"highlighted\">the aircraft never crossed the border</span>.</p>"
                "<p>Algiers said the drone had violated its airspace.<script>alert(1)</script></p>",
    }
    result = from_aif(data, name="x.json")
    amap = result.map
    assert {a.id for a in amap.actors} == {"bamako", "algiers"}
    (doc,) = amap.documents
    assert "alert" not in doc.text and "<" not in doc.text
    for c in amap.claims:
        (start, end), = c.spans.content
        assert doc.text[start:end] == c.text
    # the I-node text is not in the source, its L-node's words are: the claim is what was said
    algiers = next(c for c in amap.claims if c.actor == "algiers")
    assert algiers.text == "the drone had violated its airspace" and "The drone violated Algerian airspace." in algiers.note
    assert [lk.relation for lk in amap.links] == [Relation.contradicts]
    assert sum("skipped" in n for n in result.notes) == 2  # the RA without conclusion, the MA without target


def test_aif_import_cli_plain_file(cli, tmp_path):
    (tmp_path / "ova.json").write_text(json.dumps(OVA_EXAMPLE), encoding="utf-8")
    result = cli("import", "ova.json")
    assert result.exit_code == 0, result.output
    assert "imported: 1 documents, 2 actors, 2 claims, 1 links" in result.stdout
    assert "argmap: note:" in result.stderr


@pytest.mark.parametrize("data, message", [
    ({"AIF": {"nodes": "x", "edges": []}}, "must be lists"),
    ({"AIF": {"nodes": [{"text": "no id", "type": "I"}], "edges": []}}, "needs a nodeID"),
    ({"AIF": {"nodes": [], "edges": [{"fromID": 1}]}}, "needs fromID and toID"),
    ({"AIF": {"nodes": [], "edges": []}, "argmap": {"claims": [{"nodeID": "1", "id": 3}]}}, "argmap block: bad claim"),
    ([1, 2], "not an AIF file"),
])
def test_aif_import_refuses_malformed_files(data, message):
    with pytest.raises(InputError, match=message):
        from_aif(data, name="bad.json")


def test_aif_import_data_tells_formats_apart(rich_map):
    assert import_data(json.dumps(to_aif(rich_map)).encode(), name="m.json").format == "aif"
    assert import_data(dumps_map(rich_map).encode(), name="m.json").format == "json"
    with pytest.raises(InputError, match="not an AIF file"):
        import_data(b"{}", name="m.json", fmt="aif")


def test_aif_import_failure_leaves_store_untouched(cli, rich_db, tmp_path):
    before = cli("--db", rich_db, "export").stdout
    (tmp_path / "bad.json").write_text(json.dumps({"AIF": {"nodes": [{"type": "I"}], "edges": []}}))
    result = cli("--db", rich_db, "import", "bad.json")
    assert result.exit_code == 2 and result.stderr.startswith("argmap: error: bad.json: AIF node #1")
    with open_store(rich_db) as s:
        assert dumps_map(s.load_map()) == before
