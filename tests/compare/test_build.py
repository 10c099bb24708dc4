"""compare() on the made-up Ruritania-Freedonia map (no model): points, rows, unanswered claims,
timeline, third parties, filters, provenance and determinism."""

from __future__ import annotations

import datetime as dt

import pytest

from argmap.compare import compare
from argmap.compare.build import document_ids
from argmap.errors import InputError, NotFoundError
from argmap.model import Status

from .conftest import make_map


def rows_of(cmp):
    return [(r.a.id if r.a else None, r.b.id if r.b else None, r.relation, r.basis) for p in cmp.points for r in p.rows]


def point_of(cmp, claim_id):
    return next(p for p in cmp.points if any(claim_id in (r.a.id if r.a else "", r.b.id if r.b else "") for r in p.rows))


def test_build_points_follow_links_and_topics(made_up, ids):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    assert (cmp.a.id, cmp.b.id) == ("ruritania-government", "freedonia-government")
    assert cmp.a.actors == ["ruritania-government", "ruritania-ministry"]  # a government covers its ministry
    assert len(cmp.points) == 2
    rows = rows_of(cmp)
    assert (ids["c1"], ids["c3"], "contradicts", "link") in rows
    assert (ids["c7"], ids["c6"], "contradicts", "link") in rows
    # no link between the two accounts of the bridge: aligned by their shared words
    assert (ids["c2"], ids["c4"], "contrasting", "topic") in rows
    bridge = point_of(cmp, ids["c1"])
    assert "bridge" in bridge.terms and bridge.relation == "contradicts"
    assert point_of(cmp, ids["c6"]).id != bridge.id


def test_build_without_links_the_same_points_appear(ids):
    cmp = compare(make_map(links=False), "Ruritania", "Freedonia")
    rows = rows_of(cmp)
    # "rejected these accusations" points back at the condemnation just before it
    assert (ids["c1"], ids["c3"], "contradicts", "derived") in rows
    # "Ruritania, conversely, believes ..." is set against the sentence before it
    assert (ids["c7"], ids["c6"], "contrasting", "topic") in rows
    row = next(r for p in cmp.points for r in p.rows if r.a and r.a.id == ids["c7"])
    assert "turns against" in row.reason and "treaty" in row.reason


def test_build_unanswered_and_accusation_without_denial(made_up, ids):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    (u,) = cmp.unanswered
    assert (u.claim.id, u.by, u.accusation_without_denial, u.point) == (ids["c8"], "a", True, None)
    assert cmp.stats.unanswered_a == 1 and cmp.stats.unanswered_b == 0


def test_build_first_speaker_and_timeline(made_up, ids):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    bridge = point_of(cmp, ids["c1"])
    assert bridge.first == "a" and bridge.first_date == "1 March 2024" and bridge.response_date == "2 March 2024"
    treaty = point_of(cmp, ids["c6"])
    assert treaty.first == "b"  # Freedonia spoke first on the treaty ("on Monday", 4 March)
    order = [e.claim.id for e in cmp.timeline]
    assert order == [ids[k] for k in ("c1", "c2", "c3", "c4", "c6", "c7", "c8")]
    by_id = {e.claim.id: e for e in cmp.timeline}
    assert by_id[ids["c1"]].claim.date == dt.date(2024, 3, 1) and by_id[ids["c1"]].claim.date_text == "1 March"
    assert by_id[ids["c2"]].claim.date_source == "paragraph"
    assert by_id[ids["c6"]].claim.date_text == "on Monday" and by_id[ids["c6"]].opens_point
    assert by_id[ids["c3"]].responds_to == [ids["c1"]]
    assert by_id[ids["c7"]].responds_to == [ids["c6"]]


def test_build_third_parties_and_allies(made_up, ids):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    (tp,) = cmp.third_parties  # the analysts speak of nothing either party said
    assert tp.actor == "lakeside-union" and tp.ally_of == "a"
    (row,) = tp.rows
    assert (row.stance, row.toward, row.other.id, row.point) == ("supports", "a", ids["c1"], point_of(cmp, ids["c1"]).id)
    assert any(t.claim.id == ids["c5"] for t in point_of(cmp, ids["c1"]).third_parties)
    # without the link the ally still shows, as an echo of the same words
    tp2 = compare(make_map(links=False), "Ruritania", "Freedonia").third_parties
    assert [(r.stance, r.toward) for r in tp2[0].rows] == [("echoes", "a")]
    assert tp2[0].rows[0].other.id == ids["c2"]  # "the shelling" echoes "the bridge had been shelled" most


def test_build_agreements_from_supports_links_between_the_parties(ids):
    from argmap.model import Link, Relation

    amap = make_map()
    c2, c4 = ids["c2"], ids["c4"]
    amap.links.append(Link(id=Link.make_id(c4, c2, Relation.supports), source=c4, target=c2,
                           relation=Relation.supports, confidence=0.7, reason="both say the bridge fell"))
    cmp = compare(amap, "Ruritania", "Freedonia")
    assert [(r.a.id, r.b.id, r.relation) for r in cmp.agreements] == [(c2, c4, "supports")]


def test_build_provenance_is_the_exact_sentence(made_up):
    cmp = compare(made_up, "Ruritania", "Freedonia")
    texts = {d.id: d.text for d in made_up.documents}
    refs = [x for p in cmp.points for r in p.rows for x in (r.a, r.b) if x] + [u.claim for u in cmp.unanswered]
    assert refs
    for ref in refs:
        s, e = ref.source.sentence_offsets
        assert ref.source.sentence == texts[ref.source.document][s:e]
        for (cs, ce), (ss, se) in zip(ref.source.content_offsets, ref.source.content_in_sentence, strict=True):
            assert texts[ref.source.document][cs:ce] == ref.source.sentence[ss:se] == ref.text
        assert ref.source.title and ref.date_label


def test_build_is_deterministic(made_up):
    one = compare(made_up, "Ruritania", "Freedonia").model_dump_json()
    two = compare(made_up.model_copy(update={"claims": list(reversed(made_up.claims)),
                                            "links": list(reversed(made_up.links))}),
                  "Ruritania", "Freedonia").model_dump_json()
    assert one == two


def test_build_filters_dates_and_documents(made_up, ids):
    late = compare(made_up, "Ruritania", "Freedonia", since=dt.date(2024, 3, 3))
    assert {e.claim.id for e in late.timeline} == {ids["c6"], ids["c7"], ids["c8"]}
    early = compare(made_up, "Ruritania", "Freedonia", until=dt.date(2024, 3, 2))
    assert {e.claim.id for e in early.timeline} == {ids[k] for k in ("c1", "c2", "c3", "c4")}
    treaty_doc = document_ids(made_up, ["treaty.txt"])
    only = compare(made_up, "Ruritania", "Freedonia", documents=treaty_doc)
    assert len(only.points) == 1 and only.filters.documents == treaty_doc
    with pytest.raises(InputError, match="swap"):
        compare(made_up, "Ruritania", "Freedonia", since=dt.date(2024, 3, 5), until=dt.date(2024, 3, 1))
    with pytest.raises(NotFoundError, match="matches no document"):
        document_ids(made_up, ["nope.txt"])


def test_build_accepted_only_shows_reviewed_items_only(ids):
    reviewed = {"c1": Status.accepted, "c3": Status.edited, "c3-c1": Status.accepted}
    cmp = compare(make_map(statuses=reviewed), "Ruritania", "Freedonia", accepted_only=True)
    shown = {e.claim.id for e in cmp.timeline}
    assert shown == {ids["c1"], ids["c3"]}
    (p,) = cmp.points
    (row,) = p.rows
    assert (row.relation, row.basis, row.link_status) == ("contradicts", "link", "accepted")
    assert any("accepted" in n for n in cmp.notes)
    assert set(cmp.map_claims) == shown


def test_build_rejected_claims_and_links_never_count(ids):
    cmp = compare(make_map(statuses={"c3": Status.rejected, "c7-c6": Status.rejected}), "Ruritania", "Freedonia")
    assert ids["c3"] not in {e.claim.id for e in cmp.timeline}
    assert all(r.link is None for p in cmp.points for r in p.rows if r.a and r.a.id == ids["c7"])


def test_build_sides_compare_members_together(made_up, ids):
    cmp = compare(made_up, "side:lakeside", "Freedonia")
    assert cmp.a.kind == "side" and "lakeside-union" in cmp.a.actors
    assert ids["c5"] in {e.claim.id for e in cmp.timeline}  # the union is in column A now
    assert not cmp.third_parties
