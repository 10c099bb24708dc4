"""Model tests: validation at the boundary, deterministic ids, canonical order, the JSON schema."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest
from pydantic import ValidationError

from argmap.model import (
    MODEL_VERSION,
    Actor,
    ArgumentMap,
    Claim,
    ClaimSpans,
    Document,
    Link,
    Relation,
    Status,
    json_schema,
    short_hash,
)

DOC = dict(id="doc-abc", title="t", path="t.txt", sha256="ab" * 32, text="The ministry said it.")
SPANS = dict(content=[(18, 20)], cue=[(13, 17)], source=[(0, 12)])


def _claim(**over) -> Claim:
    base = dict(id="c-1", document="doc-abc", text="it", spans=SPANS)
    return Claim(**{**base, **over})


def _link(**over) -> Link:
    base = dict(id="l-1", source="c-1", target="c-2", relation="supports")
    return Link(**{**base, **over})


@pytest.mark.parametrize(
    "cls, data",
    [
        (Document, {**DOC, "author": "x"}),
        (Actor, {"id": "a", "name": "A", "colour": "red"}),
        (ClaimSpans, {**SPANS, "speaker": [(0, 1)]}),
        (Claim, {"id": "c-1", "document": "d", "text": "x", "spans": SPANS, "score": 1}),
        (Link, {"id": "l", "source": "a", "target": "b", "relation": "supports", "weight": 2}),
        (ArgumentMap, {"nodes": []}),
    ],
)
def test_model_extra_fields_forbidden(cls, data):
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        cls.model_validate(data)


@pytest.mark.parametrize(
    "spans",
    [
        {"content": [(5, 5)]},  # empty span
        {"content": [(6, 5)]},  # reversed
        {"content": [(-1, 5)]},  # negative
        {"content": [(0, 5)], "cue": [(3, 3)]},
        {"content": [(0, 5)], "source": [(9, 2)]},
        {"content": []},  # a claim needs content
    ],
)
def test_model_spans_need_start_before_end(spans):
    with pytest.raises(ValidationError):
        ClaimSpans.model_validate(spans)


def test_model_spans_valid_fragments_accepted():
    spans = ClaimSpans(content=[(0, 5), (10, 12)], cue=[(6, 9)])
    assert spans.content == [(0, 5), (10, 12)]
    assert spans.source == []


def test_model_validate_assignment_checks_values():
    claim = _claim()
    with pytest.raises(ValidationError):
        claim.confidence = 1.5
    with pytest.raises(ValidationError):
        claim.status = "maybe"


@pytest.mark.parametrize("value", [-0.01, 1.01])
def test_model_confidence_is_a_probability(value):
    with pytest.raises(ValidationError):
        _claim(confidence=value)
    with pytest.raises(ValidationError):
        _link(confidence=value)


def test_model_link_ends_differ():
    with pytest.raises(ValidationError, match="must differ"):
        _link(target="c-1")
    assert _link().relation is Relation.supports


def test_model_link_relation_vocabulary_is_small():
    with pytest.raises(ValidationError):
        _link(relation="attacks")
    assert {r.value for r in Relation} == {"supports", "contradicts", "restates"}
    assert not Relation.supports.symmetric
    assert Relation.contradicts.symmetric and Relation.restates.symmetric


def test_model_ids_deterministic():
    spans = ClaimSpans(**SPANS)
    assert Claim.make_id("doc-abc", spans) == Claim.make_id("doc-abc", ClaimSpans(**SPANS))
    assert Claim.make_id("doc-abc", spans).startswith("c-")
    # another document or other offsets give another id
    assert Claim.make_id("doc-abd", spans) != Claim.make_id("doc-abc", spans)
    moved = ClaimSpans(content=[(18, 21)], cue=[(13, 17)], source=[(0, 12)])
    assert Claim.make_id("doc-abc", moved) != Claim.make_id("doc-abc", spans)
    # enum or plain string give the same link id; the direction and relation matter
    assert Link.make_id("a", "b", Relation.contradicts) == Link.make_id("a", "b", "contradicts")
    assert Link.make_id("a", "b", "contradicts") != Link.make_id("b", "a", "contradicts")
    assert Link.make_id("a", "b", "contradicts") != Link.make_id("a", "b", "supports")
    sha = "0123456789abcdef" * 4
    assert Document.make_id(sha) == "doc-0123456789ab"
    # pinned value: a change to the hashing silently renames every stored record
    assert short_hash("a", "b") == "f04cdced9736" == hashlib.sha256(b"a\x1fb").hexdigest()[:12]
    assert len(short_hash("x", length=20)) == 20


def test_model_json_round_trip(tiny_map):
    again = ArgumentMap.model_validate_json(tiny_map.model_dump_json())
    assert again == tiny_map
    assert again.argmap_version == MODEL_VERSION


def test_model_sorted_canonical_order(tiny_map):
    amap = tiny_map.sorted()
    # documents by path: a/bamako.txt before b/ministry.txt
    assert [d.path for d in amap.documents] == ["a/bamako.txt", "b/ministry.txt"]
    # claims by document order, then position in the document
    bamako, ministry = (d.id for d in amap.documents)
    assert [(c.document, c.spans.content[0][0]) for c in amap.claims] == [(bamako, 19), (bamako, 65), (ministry, 18)]
    assert [a.id for a in amap.actors] == ["mali-government", "ministry"]
    assert [lk.id for lk in amap.links] == sorted(lk.id for lk in tiny_map.links)
    # sorting is idempotent and does not depend on input order
    assert amap.sorted() == amap
    shuffled = ArgumentMap(
        documents=tiny_map.documents[::-1], actors=tiny_map.actors[::-1],
        claims=tiny_map.claims[::-1], links=tiny_map.links[::-1],
    )
    assert shuffled.sorted() == amap


def test_model_sorted_claims_of_unknown_documents_last(tiny_map):
    stray = _claim(id="c-stray", document="doc-nowhere", spans={"content": [(0, 1)]})
    amap = tiny_map.model_copy(update={"claims": [stray, *tiny_map.claims]}).sorted()
    assert amap.claims[-1].id == "c-stray"


def test_model_status_default_is_proposed():
    assert _claim().status is Status.proposed
    assert _link().status is Status.proposed


def test_model_json_schema_is_valid_and_accepts_a_map(tiny_map):
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(tiny_map.model_dump_json())
    jsonschema.validate(data, schema)
    # and it is strict: an unknown top-level field is refused
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "extra": 1}, schema)


def test_model_every_field_documented():
    for cls in (Document, Actor, ClaimSpans, Claim, Link):
        undocumented = [name for name, f in cls.model_fields.items() if not f.description]
        assert not undocumented, f"{cls.__name__}: fields without description: {undocumented}"
