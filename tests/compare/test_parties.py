"""Resolving A and B: ids, names, aliases, sides, sub-actors, and the errors that name the fix."""

from __future__ import annotations

import pytest

from argmap.compare.parties import Actors, resolve
from argmap.errors import InputError, NotFoundError
from argmap.model import Actor

ACTORS = Actors([
    Actor(id="mali-government", name="Government of Mali", aliases=["Mali", "Bamako"], side="aes"),
    Actor(id="mali-army", name="Malian army", parent="mali-government"),
    Actor(id="mali-army-spokesman", name="Army spokesman", parent="mali-army"),
    Actor(id="aes", name="Confederation of Sahel States", aliases=["AES"], side="aes"),
    Actor(id="niger-government", name="Government of Niger", aliases=["Niger"], side="aes"),
    Actor(id="algeria-government", name="Government of Algeria", aliases=["Algeria", "Algiers"]),
    Actor(id="algeria-mod", name="Algerian Ministry of Defence", parent="algeria-government"),
    Actor(id="twin-a", name="Twin A", aliases=["the twins"]),
    Actor(id="twin-b", name="Twin B", aliases=["the twins"]),
])


@pytest.mark.parametrize(("query", "pid", "kind", "actors"), [
    ("mali-government", "mali-government", "actor", ["mali-army", "mali-army-spokesman", "mali-government"]),
    ("Bamako", "mali-government", "actor", ["mali-army", "mali-army-spokesman", "mali-government"]),
    ("government of algeria", "algeria-government", "actor", ["algeria-government", "algeria-mod"]),
    ("aes", "aes", "actor", ["aes"]),  # the actor id wins over the side id ...
    ("side:aes", "aes", "side", ["aes", "mali-army", "mali-army-spokesman", "mali-government", "niger-government"]),
    ("actor:Niger", "niger-government", "actor", ["niger-government"]),
])
def test_parties_resolve(query, pid, kind, actors):
    party = resolve(query, ACTORS, "a")
    assert (party.id, party.kind, party.actors) == (pid, kind, actors)


def test_parties_side_members_inherit_the_side_of_their_parent():
    assert "mali-army-spokesman" in ACTORS.members("aes")
    assert resolve("Mali", ACTORS, "a").sides == ["aes"]


def test_parties_ambiguous_alias_lists_the_ids():
    with pytest.raises(InputError, match="twin-a, twin-b"):
        resolve("the twins", ACTORS, "a")


def test_parties_unknown_names_close_matches_and_sides():
    with pytest.raises(NotFoundError, match="did you mean: mali-army, mali-army-spokesman, mali-government.*sides: aes"):
        resolve("mali-", ACTORS, "a")


def test_parties_overlap_is_refused():
    a = resolve("side:aes", ACTORS, "a")
    with pytest.raises(InputError, match="overlaps the other party"):
        resolve("Mali", ACTORS, "b", used=a.actors)


def test_parties_empty_query():
    with pytest.raises(InputError, match="empty"):
        resolve("  ", ACTORS, "b")
