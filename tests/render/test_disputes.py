"""Disputes (argmap.disputes, drawn by render): ranking by how contested, trivial groups, cutting a big one by sub-topic."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from argmap.actor_graph import ActorGraph
from argmap.disputes import find_disputes, split
from argmap.model import ArgumentMap, Link, Relation


def _find(amap: ArgumentMap):
    docs = {d.id: d for d in amap.documents}
    return find_disputes(amap.claims, amap.links, ActorGraph(amap.actors), docs)


def _claims(b, doc, n: int, actor: str | None, start: int = 0):
    return [b.claim(doc, f"w{i}x", actor=actor, sentence=False) for i in range(start, start + n)]


def _doc(b, n: int, title: str, **kw):
    return b.doc(" ".join(f"w{i}x." for i in range(n)), title, path=f"{title}.txt", **kw)


def test_disputes_a_contradiction_between_camps_outranks_a_bigger_agreement(builder):
    b = builder
    b.actor("north", "North", kind="government", side="n")
    b.actor("south", "South", kind="government", side="s")
    b.actor("east", "East", kind="government", side="e")
    d = _doc(b, 40, "one")
    agree = _claims(b, d, 3, "north") + _claims(b, d, 3, "south", 3) + _claims(b, d, 3, "east", 6)
    for a, c in pairwise(agree):  # nine claims of three camps supporting each other
        b.link(a, c, "supports")
    x, y = _claims(b, d, 1, "north", 20)[0], _claims(b, d, 1, "south", 21)[0]
    b.link(x, y, "contradicts")
    found = _find(b.build())
    assert [len(f.claims) for f in found] == [2, 9]
    top = found[0]
    assert (top.contradictions, top.cross_camp, top.trivial) == (1, 1, False)
    assert top.top == "North: “w20x” ✕ South: “w21x”"
    assert found[1].camps == ("side e", "side n", "side s") and not found[1].trivial


def test_disputes_contradictions_across_camps_count_more_than_within_one(builder):
    b = builder
    b.actor("north", "North", kind="government", side="n")
    b.actor("ministry", "Ministry", kind="government", parent="north")
    b.actor("south", "South", kind="government", side="s")
    d = _doc(b, 40, "one")
    inside = _claims(b, d, 2, "north") + _claims(b, d, 1, "ministry", 2)
    b.link(inside[0], inside[1], "contradicts")
    b.link(inside[1], inside[2], "contradicts")  # the ministry and its government: one camp
    across = _claims(b, d, 1, "north", 10) + _claims(b, d, 1, "south", 11)
    b.link(across[0], across[1], "contradicts")
    found = _find(b.build())
    assert [f.cross_camp for f in found] == [1, 0]
    assert found[1].camps == ("side n",) and found[1].contradictions == 2


def test_disputes_trivial_groups_come_last(builder):
    b = builder
    b.actor("a", "A", kind="person")
    b.actor("c", "C", kind="person")
    d = _doc(b, 40, "one")
    own = _claims(b, d, 3, "a")  # one speaker supporting themself
    b.link(own[0], own[1], "supports")
    b.link(own[1], own[2], "supports")
    pair = _claims(b, d, 1, "a", 5) + _claims(b, d, 1, "c", 6)  # two speakers, two claims, support only
    b.link(pair[0], pair[1], "supports")
    three = _claims(b, d, 2, "a", 10) + _claims(b, d, 1, "c", 12)
    b.link(three[0], three[1], "supports")
    b.link(three[1], three[2], "supports")
    found = _find(b.build())
    assert [(len(f.claims), f.trivial) for f in found] == [(3, False), (2, True), (3, True)]
    assert found[2].actors[0].name == "A" and found[2].actors[0].claims == 3


def test_disputes_recency_and_documents_break_ties(builder):
    b = builder
    b.actor("n", "N", kind="government", side="n")
    b.actor("s", "S", kind="government", side="s")
    old = _doc(b, 10, "old", published=dt.date(2020, 1, 1))
    new = _doc(b, 11, "new", published=dt.date(2024, 1, 1))
    x = _claims(b, old, 1, "n") + _claims(b, old, 1, "s", 1)
    y = _claims(b, new, 1, "n", 2) + _claims(b, new, 1, "s", 3)
    b.link(x[0], x[1], "contradicts")
    b.link(y[0], y[1], "contradicts")
    found = _find(b.build())
    assert [f.last for f in found] == [dt.date(2024, 1, 1), dt.date(2020, 1, 1)]  # the recent one first
    assert found[0].first == found[0].last and found[0].documents == 1


def test_disputes_are_deterministic(sahel_map: ArgumentMap):
    assert _find(sahel_map) == _find(sahel_map.model_copy(update={"links": list(reversed(sahel_map.links))}))


def _link(a: str, c: str) -> Link:
    return Link(id=Link.make_id(a, c, Relation.supports), source=a, target=c, relation=Relation.supports)


def test_split_cuts_two_topics_at_the_bridge_between_them():
    left = [f"clm-l{i:02d}" for i in range(12)]
    right = [f"clm-r{i:02d}" for i in range(12)]
    links = [_link(a, c) for group in (left, right) for i, a in enumerate(group) for c in group[i + 1 : i + 4]]
    links.append(_link(left[5], right[7]))  # one link joins the two topics
    ids = sorted(left + right, key=lambda c: (c[-2:], c))  # interleaved, as two stories in one document
    parts = split(ids, links, cap=16)
    assert sorted(map(sorted, parts)) == [sorted(left), sorted(right)]
    assert split(ids, links, cap=30) == [ids]  # small enough: one part


def test_split_never_exceeds_the_cap_and_keeps_every_claim():
    hub = "clm-hub"
    leaves = [f"clm-{i:03d}" for i in range(100)]
    parts = split([hub, *leaves], [_link(hub, leaf) for leaf in leaves], cap=40)
    assert all(len(p) <= 40 for p in parts)
    assert sorted(c for p in parts for c in p) == sorted([hub, *leaves])
    assert len(parts) == 3  # stray claims share pages instead of 60 maps of one claim
