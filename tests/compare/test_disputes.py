"""`argmap compare Mali Algeria` on the team corpus and on the seed article: the points of contention
the issue names are in the JSON report, with and without the linker's links.

Expectations are keywords looked for in the two columns of one point (the seed article is third-party
text: none of its sentences are copied here). Each check names what must be in the Mali column and
what must be in the Algeria column of the *same* point.
"""

from __future__ import annotations

import json

import pytest

from argmap.compare import compare
from argmap.store import open_store

pytestmark = pytest.mark.model


def words(ref: dict) -> str:
    return f"{ref['cue']} {ref['text']}".lower()


def has(*needles):
    return lambda ref: any(n in words(ref) for n in needles)


#: name -> (test on a Mali claim, test on an Algeria claim)
POINTS = {
    "hostile or premeditated act vs offensive trajectory or airspace violation":
        (has("hostile", "premeditated"), has("trajectory", "airspace")),
    "sponsorship of terrorism vs rejection of the accusations":
        (has("sponsor"), lambda ref: ref["kind"] == "denial"),
    "the Algiers agreement negotiated vs imposed":
        (has("imposed"), has("negotiated")),
    "one category of terrorists vs separatists and jihadists told apart":
        (lambda ref: "terrorist" in words(ref) and "group" in words(ref),
         has("distinction", "separatist", "jihadist", "signed")),
}


def column(point: dict, side: str) -> list[dict]:
    return [row[side] for row in point["rows"] if row[side]]


def points_matching(report: dict, test_a, test_b) -> list[str]:
    return [p["id"] for p in report["points"]
            if any(test_a(x) for x in column(p, "a")) and any(test_b(x) for x in column(p, "b"))]


def missing_points(report: dict) -> list[str]:
    return [name for name, (ta, tb) in POINTS.items() if not points_matching(report, ta, tb)]


def test_disputes_corpus_mali_algeria_points(corpus_db, compare_json):
    report = compare_json(corpus_db, "Mali", "Algeria")
    assert report["a"]["id"] == "mali-government"
    assert set(report["b"]["actors"]) >= {"algeria-government", "algeria-ministry-of-foreign-affairs"}
    assert missing_points(report) == []
    # every row cites the exact sentence of its document
    texts = {d.id: d.text for d in open_store(corpus_db, create=False).documents()}
    for p in report["points"]:
        for ref in column(p, "a") + column(p, "b"):
            s, e = ref["source"]["sentence_offsets"]
            assert texts[ref["source"]["document"]][s:e] == ref["source"]["sentence"]


def test_disputes_seed_mali_algeria_points(seed_db, compare_json):
    report = compare_json(seed_db, "Mali", "Algeria")
    assert missing_points(report) == []
    # the seed has no publication date: dates stated in its text still order the timeline
    dated = [e["claim"]["date_label"] for e in report["timeline"] if e["claim"]["date_source"] == "sentence"]
    assert any("April" in d for d in dated)


@pytest.mark.parametrize("db_name", ["corpus_db", "seed_db"])
def test_disputes_points_do_not_need_the_links(db_name, request):
    """The topic grouping finds the same points when the linker proposed nothing (status contrasting
    or derived from the rejections' own words)."""
    with open_store(request.getfixturevalue(db_name), create=False) as store:
        amap = store.load_map()
    report = json.loads(compare(amap.model_copy(update={"links": []}), "Mali", "Algeria").model_dump_json())
    assert report["stats"]["links_used"] == 0
    assert missing_points(report) == []


def test_disputes_third_parties_back_and_contradict(corpus_db, seed_db, compare_json):
    corpus = compare_json(corpus_db, "Mali", "Algeria")
    by_actor = {tp["actor"]: tp for tp in corpus["third_parties"]}
    aes = by_actor["aes"]
    assert aes["ally_of"] == "a"  # on Mali's declared side
    assert {r["stance"] for r in aes["rows"] if r["toward"] == "a"} & {"supports", "restates", "echoes"}
    fla = by_actor["fla"]
    assert any(r["stance"] == "contradicts" and r["toward"] == "b" for r in fla["rows"])  # the competing claim
    seed = compare_json(seed_db, "Mali", "Algeria")
    assert any(tp["actor"] == "fla" and any(r["stance"] == "contradicts" for r in tp["rows"])
               for tp in seed["third_parties"])


def test_disputes_corpus_timeline_uses_stated_days(corpus_db, compare_json):
    report = compare_json(corpus_db, "Mali", "Algeria")
    entries = report["timeline"]
    assert [e["claim"]["date"] for e in entries] == sorted(e["claim"]["date"] for e in entries)
    premeditated = next(e for e in entries if "premeditated" in e["claim"]["text"])
    assert premeditated["claim"]["date"] == "2025-04-06" and premeditated["claim"]["date_text"] == "on Sunday"
    assert any(e["responds_to"] for e in entries if e["party"] == "b")
    point = next(p for p in report["points"] if premeditated["claim"]["id"] in
                 {r["a"]["id"] for r in p["rows"] if r["a"]})
    assert point["first_date"] and point["summary"]


def test_disputes_filters_on_the_corpus(corpus_db, compare_json):
    late = compare_json(corpus_db, "Mali", "Algeria", "--since", "2025-04-10")
    assert all(e["claim"]["date"] >= "2025-04-10" for e in late["timeline"])
    one = compare_json(corpus_db, "Mali", "Algeria", "--doc", "04-algeria-mfa-rejects.md")
    assert {ref["source"]["path"].rsplit("/", 1)[-1] for e in one["timeline"] for ref in [e["claim"]]} == {
        "04-algeria-mfa-rejects.md"}
    nothing = compare_json(corpus_db, "Mali", "Algeria", "--accepted-only")
    assert nothing["points"] == [] and nothing["timeline"] == []
    assert any("accepted" in n for n in nothing["notes"])


def test_disputes_other_dispute_and_sides(corpus_db, compare_json):
    report = compare_json(corpus_db, "side:canada", "India")
    assert report["points"] and report["a"]["kind"] == "side"
    assert any(has("allegation")(r["a"]) and r["b"]["kind"] == "denial" and r["relation"] == "contradicts"
               for p in report["points"] for r in p["rows"] if r["a"] and r["b"])
