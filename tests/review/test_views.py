"""The pure parts of the review app: context and highlight segments, edits, splits, merges, flips."""

from __future__ import annotations

import itertools
import json

import pytest

from argmap.model import Actor, Claim, ClaimSpans, Document, Link, Relation, Status
from argmap.review import views

TEXT = "Intro line.\nThe army said the drone crashed near the border, officials added. Later text.\n"


def doc() -> Document:
    return Document(id="doc-1", title="t", path="t.txt", sha256="0" * 64, text=TEXT)


def claim(**kw) -> Claim:
    spans = ClaimSpans(content=[(26, 59)], cue=[(21, 25)], source=[(12, 20)])
    data = {"id": Claim.make_id("doc-1", spans), "document": "doc-1", "text": TEXT[26:59], "spans": spans,
            "sentence": (12, 79), "actor": "army", "cue": "said"}
    data.update(kw)
    return Claim(**data)


@pytest.mark.parametrize("marks", [[], [(3, 8, "content")], [(0, 5, "source"), (3, 9, "cue"), (7, 20, "content")]])
def test_views_segments_cover_the_range_without_gaps(marks):
    text = "abcdefghijklmnopqrstuvwxyz"
    segs = views.segments(text, 2, 18, marks)
    assert "".join(s["text"] for s in segs) == text[2:18]
    assert segs[0]["start"] == 2 and segs[-1]["end"] == 18
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(segs))
    for s in segs:
        assert s["roles"] == sorted({r for a, b, r in marks if a <= s["start"] and s["end"] <= b})


def test_views_context_is_the_paragraph_of_the_claim():
    lo, hi = views.context_range(TEXT, claim())
    assert TEXT[lo:hi] == "The army said the drone crashed near the border, officials added. Later text."


def test_views_context_is_capped_in_long_paragraphs():
    text = "x " * 1000 + "The army said the drone crashed. " + "y " * 1000
    start = text.index("the drone")
    c = claim(spans=ClaimSpans(content=[(start, start + 17)]), sentence=None, text="the drone crashed")
    lo, hi = views.context_range(text, c)
    assert start - lo <= views.CONTEXT_CHARS and hi - (start + 17) <= views.CONTEXT_CHARS
    assert text[lo - 1] == " " and text[hi] == " "  # cut at spaces


def test_views_claim_payload_marks_source_cue_content():
    payload = views.claim_payload(claim(), doc(), {"army": "The army"})
    marked = {s["text"]: s["roles"] for s in payload["context"]["segments"] if s["roles"]}
    assert marked == {"The army": ["source"], "said": ["cue"], "the drone crashed near the border": ["content"]}
    assert payload["actor_name"] == "The army"


def test_views_history_row_for_a_plain_text_after_value():
    row = views.history_row({"seq": 1, "record": "actor", "record_id": "a", "reviewer": None, "at": "t",
                             "action": "merge", "before": json.dumps({"name": "A"}), "after": "b"})
    assert row["changes"] == [{"field": "into", "before": None, "after": "b"}] and row["label"] == "A"


def test_views_edit_keeps_the_id_and_refreshes_span_texts():
    c = claim()
    new, created = views.edit_claim(c, doc(), {"content": [[26, 49]], "cue": [[21, 25]], "source": [[16, 20]]},
                                    {"army": Actor(id="army", name="army")}, "ana")
    assert created is None and new.id == c.id
    assert (new.text, new.cue, new.source_text, new.status, new.reviewer) == (
        "the drone crashed near", "said", "army", Status.edited, "ana")


def test_views_new_actor_gets_a_free_slug():
    actors = {"army": Actor(id="army", name="Army of Mali")}
    assert views.new_actor({"new_actor": {"name": "army"}}, actors).id == "army-2"
    assert views.new_actor({"new_actor": {"name": "ARMY OF MALI"}}, actors).id == "army"
    with pytest.raises(views.BadRequest, match="kind"):
        views.new_actor({"new_actor": {"name": "x", "kind": "alien"}}, actors)


def test_views_split_and_merge_round_trip_the_text():
    c = claim()
    at = TEXT.index(" near")
    original, (left, right) = views.split_claim(c, doc(), at, "ana")
    assert (left.text, right.text) == ("the drone crashed", "near the border")
    assert original.status == Status.rejected and left.note == f"split from {c.id}"
    merged, originals = views.merge_claims([right, left], doc(), "ana")
    assert merged.text == "the drone crashed … near the border"
    assert [o.id for o in originals] == [left.id, right.id] and merged.rule == "review.merge"


def test_views_flip_cycles_relations():
    link = Link(id="l-1", source="c-1", target="c-2", relation=Relation.contradicts, reason="r")
    old, new = views.decide_link(link, "flip", "ana")
    assert old.status == Status.rejected and new.relation == Relation.supports
    assert new.id == Link.make_id("c-1", "c-2", Relation.supports) and old.reason == "r"
    # the linker's reason argued for the old relation: the new link says what the reviewer did (#21)
    assert new.reason == "flipped to supports by ana (proposed as contradicts)" and new.method == "review.flip"
    old, new = views.decide_link(link, "relation", "ana", "restates")
    assert (old.status, new.relation, new.status, new.method) == (Status.rejected, Relation.restates, Status.edited,
                                                                   "review.relation")
    assert new.reason == "changed to restates by ana (proposed as contradicts)"
    same = views.decide_link(link, "relation", "ana", "contradicts")  # its own relation: an accept
    assert [(r.id, r.status) for r in same] == [("l-1", Status.accepted)]
    with pytest.raises(views.BadRequest, match="relation"):
        views.decide_link(link, "relation", "ana", "refutes")
    assert views.FLIPPED[Relation.restates] == Relation.contradicts


@pytest.mark.parametrize("s, e, expected", [(25, 60, (26, 59)), (58, 61, (58, 59)), (59, 60, (59, 60)), (70, 78, (71, 76))])
def test_views_selection_trim(s, e, expected):
    assert views._trim(TEXT, s, e) == expected
