"""The one actor graph (parents, roots, declared / inferred / effective sides) and side inference."""

from __future__ import annotations

import pytest

from argmap.actor_graph import ActorGraph, check_side_id
from argmap.errors import InputError
from argmap.linking.parties import Parties, infer_sides
from argmap.model import Actor, ActorKind


def _a(aid, parent=None, side=None, kind=ActorKind.government, **kw):
    return Actor(id=aid, name=kw.pop("name", aid.replace("-", " ").title()), parent=parent, side=side, kind=kind, **kw)


def test_chain_root_and_descendants():
    g = ActorGraph([_a("mali-government"), _a("mali-army", "mali-government"), _a("mali-army-spokesman", "mali-army")])
    assert g.chain("mali-army-spokesman") == ["mali-army-spokesman", "mali-army", "mali-government"]
    assert g.root("mali-army-spokesman") == "mali-government"
    assert g.descendants("mali-army") == ["mali-army", "mali-army-spokesman"]
    assert g.with_ancestors(["mali-army"]) == {"mali-army", "mali-government"}
    assert g.root("nobody") == "nobody"


def test_a_parent_cycle_gives_no_parent_instead_of_a_hang():
    g = ActorGraph([_a("a", "b"), _a("b", "a"), _a("c", "a")])
    assert g.chain("a") == ["a"] and g.chain("b") == ["b"]
    assert g.chain("c") == ["c"]  # its parent is on a cycle: the walk from c would loop
    assert ActorGraph([_a("x", "x")]).chain("x") == ["x"]


def test_declared_side_is_inherited_and_wins_over_an_inferred_one():
    g = ActorGraph([
        _a("mali-government", side="aes", inferred_side="mali-government-camp"),
        _a("mali-army", "mali-government", inferred_side="other-camp"),
        _a("algeria-government", inferred_side="algeria-government-camp", inferred_side_confidence=0.8),
        _a("algeria-ministry", "algeria-government"),
    ])
    assert g.declared_side("mali-army") == "aes"
    assert g.effective_side("mali-army") == "aes"
    assert g.inferred_side("mali-army") is None
    assert g.declared_side("algeria-ministry") is None
    assert g.inferred_side("algeria-ministry").id == "algeria-government"
    assert g.effective_side("algeria-ministry") == "algeria-government-camp"
    assert g.sides() == {"aes"}
    assert g.effective_side(None) is None


def test_side_ids_are_slugs():
    assert check_side_id("mali-government-camp") == "mali-government-camp"
    for bad in ("", "Bad Side", "-x", "a" * 81, "side:aes"):
        with pytest.raises(InputError):
            check_side_id(bad)


def _parties(actors, blames):
    p = Parties(actors)
    for who, whom, claim in blames:
        p.add_opposition(p.party(who), p.party(whom), claim)
    p.settle()
    return p


def test_infer_sides_splits_opposed_camps_and_keeps_members_with_their_government():
    actors = [_a("mali-government"), _a("algeria-government"), _a("algeria-ministry", "algeria-government"),
              _a("fla", kind=ActorKind.armed_group), _a("people-bamako", kind=ActorKind.group, name="people in Bamako"),
              _a("ghana-president", kind=ActorKind.person)]
    p = _parties(actors, [("mali-government", "algeria-government", "c1"), ("mali-government", "algeria-government", "c2"),
                          ("algeria-ministry", "mali-government", "c3"), ("fla", "mali-government", "c4")])
    sides = infer_sides(p)
    assert sides["mali-government"].side == "mali-government-camp"
    assert sides["algeria-government"].side == sides["algeria-ministry"].side == sides["fla"].side
    assert sides["algeria-government"].side != sides["mali-government"].side
    assert "ghana-president" not in sides  # blames nobody, is blamed by nobody
    assert sides["people-bamako"].side == "mali-government-camp"  # leans towards the capital's government
    assert sides["people-bamako"].confidence < sides["mali-government"].confidence
    assert "leans towards" in sides["people-bamako"].reason
    assert "part of" in sides["algeria-ministry"].reason
    assert "blames" in sides["mali-government"].reason and "c1" in sides["mali-government"].reason
    assert 0 < sides["fla"].confidence < sides["mali-government"].confidence <= 0.9


def test_infer_sides_leaves_declared_sides_and_mixed_groups_alone():
    actors = [_a("mali-government", side="aes"), _a("algeria-government"),
              _a("mali-and-algeria", kind=ActorKind.group, name="Mali and Algeria")]
    p = _parties(actors, [("algeria-government", "mali-government", "c1")])
    sides = infer_sides(p)
    assert "mali-government" not in sides  # declared
    assert sides["algeria-government"].side == "algeria-government-camp"
    assert "mali-and-algeria" not in sides


def test_a_camp_that_opposes_both_sides_gets_no_side():
    actors = [_a("a-government"), _a("b-government"), _a("c-government")]
    p = _parties(actors, [("a-government", "b-government", "c1"), ("b-government", "c-government", "c2"),
                          ("c-government", "a-government", "c3")])
    sides = infer_sides(p)
    # an odd cycle cannot be split in two: whoever closes it is left out
    assert len(sides) < 3
